import { type ListFilter, type ListRequest, filterUses, readPath } from '@strata/contracts';
import { InMemoryMetadataStore } from '@strata/fakes';
import { LocalServer, metadataStoreConformance, startCongoDb, tempDir, uniquePrefix } from '@strata/testing';
import { join } from 'node:path';
import { MongoMetadataStore } from '../mongo/mongo-metadata.store';
import { SqliteMetadataStore } from '../sqlite/sqlite-metadata.store';

/**
 * The MetadataStore contract against every adapter: SQLite (a real file, two connections),
 * MongoDB (MONGO_URL when set, else a CongoDB server started here), and the in-memory fake the
 * unit tests rely on (so the fake cannot drift from the real stores).
 */
metadataStoreConformance({
  name: 'sqlite',
  capabilities: { uniqueIndexes: true },
  async open() {
    const dir = tempDir('meta-conf');
    const file = join(dir.path, 'strata.db');
    const a = new SqliteMetadataStore(file);
    const b = new SqliteMetadataStore(file);
    return {
      a,
      b,
      async cleanup() {
        await a.close();
        await b.close();
        dir.remove();
      },
    };
  },
});

metadataStoreConformance({
  name: 'in-memory fake',
  capabilities: { uniqueIndexes: true },
  async open() {
    const store = new InMemoryMetadataStore();
    return { a: store, b: store, cleanup: async () => undefined };
  },
});

/** A case-insensitive condition whose value (or one of its values) is not ASCII. */
function nonAsciiCaseInsensitive(filter: ListFilter | null): boolean {
  if (filter === null) return false;
  if ('logic' in filter) return filter.children.some(nonAsciiCaseInsensitive);
  const values = Array.isArray(filter.value) ? filter.value : [filter.value];
  return !filter.caseSensitive && values.some((v) => typeof v === 'string' && /[\u0080-\uffff]/.test(v));
}

/** A search MongoDB does not run: text a number's rendering could contain, or non-ASCII text folded. */
function searchScanned(request: ListRequest): boolean {
  if (request.search === null) return false;
  if (!request.caseSensitive && /[\u0080-\uffff]/.test(request.search)) return true;
  return /^[0-9.e+-]*$/.test(request.caseSensitive ? request.search : request.search.toLowerCase());
}

/**
 * What MongoDB leaves to the API's scan (docs/adr/0079): regex conditions, case-insensitive
 * conditions and searches with non-ASCII values, searches for text a number could render as, and
 * sorts where two matching records hold objects or arrays in a sort field. Everything else it must
 * run, with the reference's answer.
 */
function scannedByMongo(request: ListRequest, matched: readonly Record<string, unknown>[]): boolean {
  const composite = (v: unknown) => typeof v === 'object' && v !== null;
  return (
    searchScanned(request) ||
    filterUses(request.filter, 'regex') ||
    nonAsciiCaseInsensitive(request.filter) ||
    request.sort.some((s) => matched.filter((r) => composite(readPath(r, s.field))).length > 1)
  );
}

const realMongo = process.env['MONGO_URL'];
let congo: LocalServer | null = null;

// Start the wire server once, up front, with room to boot on a loaded machine: started lazily in
// the first test's beforeEach it had only that hook's 5 s.
beforeAll(async () => {
  if (realMongo === undefined) congo = await startCongoDb();
}, 60_000);

metadataStoreConformance({
  name: realMongo === undefined ? 'mongodb (CongoDB wire server)' : 'mongodb (MONGO_URL)',
  // CongoDB accepts unique indexes but does not enforce them (docs/adr/0031), and its mingo engine
  // compares objects ignoring key order (MongoDB compares BSON key by key, as the reference).
  capabilities: { uniqueIndexes: realMongo !== undefined, listQuery: { scans: scannedByMongo }, objectKeyOrder: realMongo !== undefined },
  async open() {
    if (realMongo === undefined && congo === null) congo = await startCongoDb();
    const url = realMongo ?? (congo as LocalServer).url;
    const collectionPrefix = uniquePrefix('conf').replace(/-/g, '_');
    const a = await MongoMetadataStore.connect({ url, collectionPrefix, timeoutMs: 5_000 });
    const b = await MongoMetadataStore.connect({ url, collectionPrefix, timeoutMs: 5_000 });
    return {
      a,
      b,
      async cleanup() {
        await a.dropAll();
        await a.close();
        await b.close();
      },
    };
  },
});

afterAll(async () => {
  await congo?.stop();
});
