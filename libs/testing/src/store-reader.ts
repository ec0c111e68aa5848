import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { Connection, createConnection } from 'mongoose';
import { StoreInspector } from './store-inspector';

/** What the exactly-once checks read straight from the stores, whichever adapters the apps run on. */
export interface StoreReader {
  /** Documents of a collection in the metadata store: rows, distinct ids, and per source object. */
  documents(collectionId: string): Promise<{ rows: number; distinct: number; objects: Map<string, number> }>;
  /** Ids of the documents of a collection, as stored (one per row). */
  documentIds(collectionId: string): Promise<string[]>;
  /** Points of a collection in the vector store (sqlite-vec in every fault scenario). */
  points(collectionId: string): Promise<{ rows: number; distinct: number; ids: Set<string>; withVector: number }>;
  /** Recorded item outcomes of a batch. */
  items(batchId: string): Promise<{ rows: number; completed: number; failed: number }>;
  close(): Promise<void>;
}

/** Where a cluster keeps its stores: the embedded files, or MongoDB for the metadata (vectors stay in sqlite-vec). */
export interface StoreLocation {
  metadataFile: string;
  vectorsFile: string;
  /** Set when the apps run on MongoDB (MONGO_URL): the server and the STRATA_PREFIX of the cluster. */
  mongo?: { url: string; prefix: string };
}

/** A StoreReader over the cluster's stores: StoreInspector for SQLite, the Mongo collections when MONGO_URL is set. */
export async function openStoreReader(location: StoreLocation): Promise<StoreReader> {
  if (location.mongo === undefined) {
    const inspector = new StoreInspector(location.metadataFile, location.vectorsFile);
    return {
      documents: async (c) => inspector.documents(c),
      documentIds: async (c) => inspector.documentRows(c).map((d) => d.documentId),
      points: async (c) => inspector.points(c),
      items: async (b) => inspector.items(b),
      close: async () => inspector.close(),
    };
  }
  const connection = await createConnection(location.mongo.url, { serverMonitoringMode: 'poll' }).asPromise();
  return new MongoStoreReader(connection, location.mongo.prefix.replace(/-/g, '_'), location.vectorsFile);
}

/** The metadata in MongoDB (collections `<prefix>_documents`, `<prefix>_batch_items`; see mongo-models.ts), vectors in sqlite-vec. */
class MongoStoreReader implements StoreReader {
  private readonly vectors: Database.Database;

  constructor(
    private readonly connection: Connection,
    private readonly prefix: string,
    vectorsFile: string,
  ) {
    this.vectors = new Database(vectorsFile, { readonly: true, fileMustExist: true });
    sqliteVec.load(this.vectors);
    this.vectors.pragma('busy_timeout = 5000');
  }

  private collection(name: string) {
    const db = this.connection.db;
    if (db === undefined) throw new Error('not connected');
    return db.collection(`${this.prefix}_${name}`);
  }

  async documents(collectionId: string): Promise<{ rows: number; distinct: number; objects: Map<string, number> }> {
    const rows = await this.collection('documents').find({ collectionId }).project<{ documentId: string; objectId: string }>({ documentId: 1, objectId: 1 }).toArray();
    const objects = new Map<string, number>();
    for (const r of rows) objects.set(r.objectId, (objects.get(r.objectId) ?? 0) + 1);
    return { rows: rows.length, distinct: new Set(rows.map((r) => r.documentId)).size, objects };
  }

  async documentIds(collectionId: string): Promise<string[]> {
    const rows = await this.collection('documents').find({ collectionId }).project<{ documentId: string }>({ documentId: 1 }).toArray();
    return rows.map((r) => r.documentId);
  }

  async points(collectionId: string): Promise<{ rows: number; distinct: number; ids: Set<string>; withVector: number }> {
    return StoreInspector.pointsIn(this.vectors, collectionId);
  }

  async items(batchId: string): Promise<{ rows: number; completed: number; failed: number }> {
    const rows = await this.collection('batch_items').find({ batchId }).project<{ status: string }>({ status: 1 }).toArray();
    return { rows: rows.length, completed: rows.filter((r) => r.status === 'COMPLETED').length, failed: rows.filter((r) => r.status === 'FAILED').length };
  }

  async close(): Promise<void> {
    this.vectors.close();
    await this.connection.close();
  }
}
