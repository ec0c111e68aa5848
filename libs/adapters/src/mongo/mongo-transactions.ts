import type { ClientSession, Connection } from 'mongoose';

/**
 * Multi-document transactions when the server has them (a replica set or a sharded cluster;
 * a standalone server and CongoDB do not), else the caller's ordered writes
 * (docs/adr/0095-transactional-outbox.md). `run` hands the callback a session inside a
 * transaction, or null; the callback passes it to every write and must be safe to re-run
 * (the driver retries a transaction on a transient error).
 */
export class MongoTransactions {
  constructor(
    private readonly connection: Connection | null,
    readonly supported: boolean,
  ) {}

  /** Without transactions: every write is ordered and stands alone. */
  static none(): MongoTransactions {
    return new MongoTransactions(null, false);
  }

  /** Asks the server (`hello`): transactions need a replica set member or a mongos. */
  static async detect(connection: Connection, mode: 'auto' | 'on' | 'off' = 'auto'): Promise<MongoTransactions> {
    if (mode === 'off') return new MongoTransactions(connection, false);
    if (mode === 'on') return new MongoTransactions(connection, true);
    const db = connection.db;
    if (db === undefined) return new MongoTransactions(connection, false);
    try {
      const hello = (await db.admin().command({ hello: 1 })) as { setName?: unknown; msg?: unknown; logicalSessionTimeoutMinutes?: unknown };
      const cluster = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
      return new MongoTransactions(connection, cluster && hello.logicalSessionTimeoutMinutes != null);
    } catch {
      return new MongoTransactions(connection, false);
    }
  }

  async run<T>(fn: (session: ClientSession | null) => Promise<T>): Promise<T> {
    if (!this.supported || this.connection === null) return fn(null);
    return this.connection.transaction((session) => fn(session));
  }
}
