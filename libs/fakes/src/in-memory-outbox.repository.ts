import type { OutboxClaim, OutboxEntry, OutboxMessage, OutboxRepository } from '@strata/ports';
import { copy } from './copy';

interface OutboxRow {
  seq: number;
  message: OutboxMessage;
  createdAtMs: number;
  attempts: number;
  nextAttemptAtMs: number;
  claimExpiresAtMs: number | null;
  sentAtMs: number | null;
}

/** The outbox in memory, faithful to the SQLite table (insert-if-absent by event id, claims under a lease). */
export class InMemoryOutboxRepository implements OutboxRepository {
  private readonly rows = new Map<string, OutboxRow>();
  private seq = 0;

  /** Used by the in-memory batch repository's state changes (same "transaction": synchronous). */
  insert(messages: readonly OutboxMessage[] | undefined, nowMs: number): void {
    for (const m of messages ?? []) {
      if (this.rows.has(m.event.event_id)) continue;
      this.seq += 1;
      this.rows.set(m.event.event_id, { seq: this.seq, message: copy(m), createdAtMs: nowMs, attempts: 0, nextAttemptAtMs: 0, claimExpiresAtMs: null, sentAtMs: null });
    }
  }

  async add(messages: readonly OutboxMessage[], nowMs: number): Promise<void> {
    this.insert(messages, nowMs);
  }

  async claim(r: OutboxClaim): Promise<OutboxEntry[]> {
    const due = [...this.rows.values()]
      .filter((x) => x.sentAtMs === null && x.createdAtMs < r.createdBefore && x.nextAttemptAtMs <= r.now && (x.claimExpiresAtMs === null || x.claimExpiresAtMs < r.now))
      .sort((a, b) => a.seq - b.seq)
      .slice(0, r.limit);
    for (const x of due) x.claimExpiresAtMs = r.now + r.leaseMs;
    return due.map((x) => ({ event: copy(x.message.event), correlationId: x.message.correlationId ?? null, attempts: x.attempts, createdAtMs: x.createdAtMs }));
  }

  async markSent(eventIds: readonly string[], nowMs: number): Promise<void> {
    for (const id of eventIds) {
      const x = this.rows.get(id);
      if (x !== undefined && x.sentAtMs === null) Object.assign(x, { sentAtMs: nowMs, claimExpiresAtMs: null });
    }
  }

  async retryLater(eventId: string, nextAttemptAtMs: number): Promise<void> {
    const x = this.rows.get(eventId);
    if (x !== undefined && x.sentAtMs === null) Object.assign(x, { attempts: x.attempts + 1, nextAttemptAtMs, claimExpiresAtMs: null });
  }

  async pruneSent(beforeMs: number): Promise<number> {
    let n = 0;
    for (const [id, x] of [...this.rows]) {
      if (x.sentAtMs !== null && x.sentAtMs < beforeMs) {
        this.rows.delete(id);
        n += 1;
      }
    }
    return n;
  }

  async pendingCount(): Promise<number> {
    return [...this.rows.values()].filter((x) => x.sentAtMs === null).length;
  }
}
