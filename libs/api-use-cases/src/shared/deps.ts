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
  /** Items per work message; fixes how many chunks a tier has (see SubmitBatch). */
  workChunkSize: number;
  /** When a batch counts as degraded or unhealthy (defaults in @strata/status). */
  healthThresholds?: HealthThresholds;
}
