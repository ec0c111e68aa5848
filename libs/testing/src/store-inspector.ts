import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';

/**
 * Reads the embedded stores' files directly (read-only), so tests check what really landed
 * instead of trusting the API that wrote it.
 */
export class StoreInspector {
  private readonly metadata: Database.Database;
  private readonly vectors: Database.Database;

  constructor(metadataFile: string, vectorsFile: string) {
    this.metadata = new Database(metadataFile, { readonly: true, fileMustExist: true });
    this.vectors = new Database(vectorsFile, { readonly: true, fileMustExist: true });
    sqliteVec.load(this.vectors);
    this.metadata.pragma('busy_timeout = 5000');
    this.vectors.pragma('busy_timeout = 5000');
  }

  /** Documents of a collection in the metadata store: rows, distinct ids, and per source object. */
  documents(collectionId: string): { rows: number; distinct: number; objects: Map<string, number> } {
    const rows = this.metadata
      .prepare('SELECT document_id, object_id FROM documents WHERE collection_id = ?')
      .all(collectionId) as Array<{ document_id: string; object_id: string }>;
    const objects = new Map<string, number>();
    for (const r of rows) objects.set(r.object_id, (objects.get(r.object_id) ?? 0) + 1);
    return { rows: rows.length, distinct: new Set(rows.map((r) => r.document_id)).size, objects };
  }

  /** Points of a collection in the vector store, and how many have a vector in each vec0 table. */
  points(collectionId: string): { rows: number; distinct: number; ids: Set<string>; withVector: number } {
    return StoreInspector.pointsIn(this.vectors, collectionId);
  }

  /** The same on an open sqlite-vec database (used with a MongoDB metadata store too). */
  static pointsIn(vectors: Database.Database, collectionId: string): { rows: number; distinct: number; ids: Set<string>; withVector: number } {
    const rows = vectors
      .prepare('SELECT rowid, point_id FROM vector_points WHERE collection_id = ?')
      .all(collectionId) as Array<{ rowid: number; point_id: string }>;
    const tables = vectors.prepare('SELECT table_name FROM vector_indexes').all() as Array<{ table_name: string }>;
    let withVector = 0;
    for (const { table_name } of tables) {
      const row = vectors
        .prepare(`SELECT COUNT(*) AS n FROM ${table_name} WHERE collection_id = ?`)
        .get(collectionId) as { n: number };
      withVector += row.n;
    }
    return { rows: rows.length, distinct: new Set(rows.map((r) => r.point_id)).size, ids: new Set(rows.map((r) => r.point_id)), withVector };
  }

  /** Every document of a collection with its lineage and payload, as stored. */
  documentRows(collectionId: string): Array<{ documentId: string; objectId: string; batchId: string; lineage: Record<string, unknown>; payload: Record<string, unknown> }> {
    const rows = this.metadata
      .prepare('SELECT document_id, object_id, batch_id, lineage, payload FROM documents WHERE collection_id = ? ORDER BY document_id')
      .all(collectionId) as Array<{ document_id: string; object_id: string; batch_id: string; lineage: string; payload: string }>;
    return rows.map((r) => ({
      documentId: r.document_id,
      objectId: r.object_id,
      batchId: r.batch_id,
      lineage: JSON.parse(r.lineage) as Record<string, unknown>,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
    }));
  }

  /** The recorded failures of a batch, with their category and stage. */
  failures(batchId: string): Array<{ itemId: string; collectionId: string; tier: number; category: string; stage: string; message: string }> {
    const rows = this.metadata
      .prepare(
        `SELECT item_id, collection_id, tier, error_category, error_stage, error_message FROM batch_items
         WHERE batch_id = ? AND status = 'FAILED' ORDER BY tier, collection_id, item_id`,
      )
      .all(batchId) as Array<Record<string, string | number>>;
    return rows.map((r) => ({
      itemId: String(r['item_id']),
      collectionId: String(r['collection_id']),
      tier: Number(r['tier']),
      category: String(r['error_category']),
      stage: String(r['error_stage']),
      message: String(r['error_message']),
    }));
  }

  /** Recorded item outcomes of a batch: rows and distinct items. */
  items(batchId: string): { rows: number; completed: number; failed: number } {
    const row = this.metadata
      .prepare(
        `SELECT COUNT(*) AS rows, SUM(status = 'COMPLETED') AS completed, SUM(status = 'FAILED') AS failed
         FROM batch_items WHERE batch_id = ?`,
      )
      .get(batchId) as { rows: number; completed: number | null; failed: number | null };
    return { rows: row.rows, completed: row.completed ?? 0, failed: row.failed ?? 0 };
  }

  /** Outbox rows of a batch's events (docs/adr/0095-transactional-outbox.md): type, id, and whether sent. */
  outbox(batchId: string): Array<{ eventId: string; eventType: string; sent: boolean; attempts: number }> {
    const rows = this.metadata
      .prepare('SELECT event_id, event, sent_at_ms, attempts FROM outbox ORDER BY seq')
      .all() as Array<{ event_id: string; event: string; sent_at_ms: number | null; attempts: number }>;
    return rows
      .map((r) => ({ row: r, event: JSON.parse(r.event) as { event_type: string; subject: { id: string } } }))
      .filter(({ event }) => event.subject.id === batchId)
      .map(({ row, event }) => ({ eventId: row.event_id, eventType: event.event_type, sent: row.sent_at_ms !== null, attempts: row.attempts }));
  }

  /** Outbox rows of one event type (any subject), in the order they were written. */
  outboxOfType(eventType: string): Array<{ eventId: string; subjectId: string; sent: boolean; attempts: number }> {
    const rows = this.metadata
      .prepare('SELECT event_id, event, sent_at_ms, attempts FROM outbox ORDER BY seq')
      .all() as Array<{ event_id: string; event: string; sent_at_ms: number | null; attempts: number }>;
    return rows
      .map((r) => ({ row: r, event: JSON.parse(r.event) as { event_type: string; subject: { id: string } } }))
      .filter(({ event }) => event.event_type === eventType)
      .map(({ row, event }) => ({ eventId: row.event_id, subjectId: event.subject.id, sent: row.sent_at_ms !== null, attempts: row.attempts }));
  }

  close(): void {
    this.metadata.close();
    this.vectors.close();
  }
}
