import type { Clock } from '@strata/domain';
import type { ExtractorRegistry } from '@strata/extractors';
import type { EventPublisher, Logger, MetadataStore, ObjectStorage, TaskStore, VectorStore, WakeUps } from '@strata/ports';
import type { HealthThresholds } from '@strata/status';

/** What the ingestion use cases depend on: ports only. */
export interface IngestionDeps {
  metadata: MetadataStore;
  objects: ObjectStorage;
  vectors: VectorStore;
  tasks: TaskStore;
  events: EventPublisher;
  wakeUps: WakeUps;
  extractors: ExtractorRegistry;
  clock: Clock;
  logger: Logger;
  /** Most items per work message (WORK_CHUNK_SIZE); tier 0's size is fixed from it at submit and recorded (ADR 0105). */
  workChunkSize: number;
  /** When a batch counts as degraded or unhealthy (defaults in @strata/status). */
  healthThresholds?: HealthThresholds;
}
