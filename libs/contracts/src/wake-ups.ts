/** Payloads of core-NATS wake-ups. Lossy by design: the poller's timer catches whatever is lost. */
export interface BatchQueuedWakeUpV1 {
  readonly version: 1;
  readonly batch_id: string;
  readonly namespace_id: string;
}

export interface TierDrainedWakeUpV1 {
  readonly version: 1;
  readonly batch_id: string;
  readonly namespace_id: string;
  readonly tier: number;
}
