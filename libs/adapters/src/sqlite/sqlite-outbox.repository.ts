import type { OutboxClaim, OutboxEntry, OutboxMessage, OutboxRepository } from '@strata/ports';
import type { DomainEventV1 } from '@strata/contracts';
import { SqliteDb, json, parseJson, writeWhenFree } from './sqlite-database';
import { str, strOrNull } from './sqlite-rows';
import type { Row } from './sqlite-rows';

/**
 * Inserts outbox rows with the connection's current transaction (the caller's IMMEDIATE
 * transaction when called from inside one): the repositories' state changes call it so the event
 * commits with the change (docs/adr/0095-transactional-outbox.md). An id already present is kept.
 */
export function insertOutbox(db: SqliteDb, messages: readonly OutboxMessage[] | undefined, nowMs: number): void {
  if (messages === undefined || messages.length === 0) return;
  const insert = db.prepare(
    'INSERT INTO outbox (event_id, event, correlation_id, created_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING',
  );
  for (const m of messages) insert.run(m.event.event_id, json(m.event), m.correlationId ?? null, nowMs);
}

/** The outbox table of the SQLite metadata store. */
export class SqliteOutboxRepository implements OutboxRepository {
  constructor(private readonly db: SqliteDb) {}

  async add(messages: readonly OutboxMessage[], nowMs: number): Promise<void> {
    this.db.transaction(() => insertOutbox(this.db, messages, nowMs)).immediate();
  }

  async claim(request: OutboxClaim): Promise<OutboxEntry[]> {
    const claimable = `SELECT * FROM outbox WHERE sent_at_ms IS NULL AND created_at_ms < ? AND next_attempt_at_ms <= ?
               AND (claim_expires_at_ms IS NULL OR claim_expires_at_ms < ?) ORDER BY seq LIMIT ?`;
    // Almost always nothing is left unsent: a read says so without the write lock. A relay runs in
    // batch-api and the poller every second; taking the lock each time made them wait for the
    // worker's commits (a worker niced below them: a priority inversion, docs/benchmarks.md).
    if (this.db.prepare(claimable).get(request.createdBefore, request.now, request.now, 1) === undefined) return [];
    return writeWhenFree(this.db, () =>
      this.db
        .transaction((): OutboxEntry[] => {
          const rows = this.db
            .prepare(claimable)
            .all(request.createdBefore, request.now, request.now, request.limit) as Row[];
          const mark = this.db.prepare('UPDATE outbox SET claimed_by = ?, claim_expires_at_ms = ? WHERE seq = ?');
          for (const r of rows) mark.run(request.owner, request.now + request.leaseMs, r['seq']);
          return rows.map((r) => ({
            event: parseJson(str(r['event']), {} as DomainEventV1),
            correlationId: strOrNull(r['correlation_id']),
            attempts: r['attempts'] as number,
            createdAtMs: r['created_at_ms'] as number,
          }));
        })
        .immediate(),
    );
  }

  async markSent(eventIds: readonly string[], nowMs: number): Promise<void> {
    if (eventIds.length === 0) return;
    const mark = this.db.prepare('UPDATE outbox SET sent_at_ms = ?, claimed_by = NULL, claim_expires_at_ms = NULL WHERE event_id = ? AND sent_at_ms IS NULL');
    await writeWhenFree(this.db, () =>
      this.db
        .transaction(() => {
          for (const id of eventIds) mark.run(nowMs, id);
        })
        .immediate(),
    );
  }

  async retryLater(eventId: string, nextAttemptAtMs: number, error: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE outbox SET attempts = attempts + 1, next_attempt_at_ms = ?, last_error = ?, claimed_by = NULL, claim_expires_at_ms = NULL
         WHERE event_id = ? AND sent_at_ms IS NULL`,
      )
      .run(nextAttemptAtMs, error.slice(0, 1000), eventId);
  }

  async pruneSent(beforeMs: number): Promise<number> {
    return writeWhenFree(this.db, () => this.db.prepare('DELETE FROM outbox WHERE sent_at_ms IS NOT NULL AND sent_at_ms < ?').run(beforeMs).changes);
  }

  async pendingCount(): Promise<number> {
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE sent_at_ms IS NULL').get() as Row;
    return row['n'] as number;
  }
}
