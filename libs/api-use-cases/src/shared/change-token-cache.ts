/**
 * Values computed from the store, reused while its change token (MetadataStore.changeToken) is the
 * one they were computed at, and for at most `maxAgeMs` (for values with time-based fields). So a
 * reused value is never older than the last change a request could see. Bounded: past
 * `maxEntries` the least recently computed entry goes. Stores without a token reuse nothing.
 */
export class ChangeTokenCache<V> {
  private readonly entries = new Map<string, { token: string; atMs: number; value: V }>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs = Number.POSITIVE_INFINITY,
  ) {}

  /** The value computed at `token` less than maxAgeMs before `nowMs`, if any. */
  get(key: string, token: string | undefined, nowMs: number): V | undefined {
    if (token === undefined) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined || entry.token !== token || nowMs < entry.atMs || nowMs - entry.atMs >= this.maxAgeMs) return undefined;
    return entry.value;
  }

  set(key: string, token: string | undefined, nowMs: number, value: V): void {
    if (token === undefined) return;
    this.entries.delete(key);
    this.entries.set(key, { token, atMs: nowMs, value });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}
