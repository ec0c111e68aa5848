import type { BatchQueuedWakeUpV1, TierDrainedWakeUpV1 } from '@strata/contracts';
import type { WakeUps } from '@strata/ports';

/** WakeUps that record every hint and can forward them (e.g. tierDrained -> coordinator.onTierDrained). */
export class RecordingWakeUps implements WakeUps {
  readonly queued: BatchQueuedWakeUpV1[] = [];
  readonly drained: TierDrainedWakeUpV1[] = [];
  private readonly queuedListeners: Array<(payload: BatchQueuedWakeUpV1) => void> = [];
  private readonly drainedListeners: Array<(payload: TierDrainedWakeUpV1) => void> = [];

  batchQueued(payload: BatchQueuedWakeUpV1): void {
    this.queued.push(payload);
    for (const listener of this.queuedListeners) listener(payload);
  }

  tierDrained(payload: TierDrainedWakeUpV1): void {
    this.drained.push(payload);
    for (const listener of this.drainedListeners) listener(payload);
  }

  onBatchQueued(listener: (payload: BatchQueuedWakeUpV1) => void): void {
    this.queuedListeners.push(listener);
  }

  onTierDrained(listener: (payload: TierDrainedWakeUpV1) => void): void {
    this.drainedListeners.push(listener);
  }
}
