import { tempDir, uniquePrefix, vectorStoreConformance } from '@strata/testing';
import { join } from 'node:path';
import { QdrantVectorStore } from '../qdrant/qdrant-vector.store';
import { SqliteVecVectorStore } from '../sqlite/sqlite-vec-vector.store';

/**
 * The VectorStore contract against sqlite-vec (always) and Qdrant when QDRANT_URL is set (no
 * Qdrant server exists in CI; qdrant-requests.int-spec.ts checks the shape of every request
 * instead). The in-memory fake is not run here: it keys indexes by name only (see docs/adr/0032).
 */
vectorStoreConformance({
  name: 'sqlite-vec',
  async open() {
    const dir = tempDir('vec-conf');
    const store = new SqliteVecVectorStore(join(dir.path, 'vectors.db'));
    return {
      store,
      async cleanup() {
        await store.close();
        dir.remove();
      },
    };
  },
});

const qdrantUrl = process.env['QDRANT_URL'];
if (qdrantUrl !== undefined) {
  vectorStoreConformance({
    name: 'qdrant (QDRANT_URL)',
    async open() {
      const store = new QdrantVectorStore({
        url: qdrantUrl,
        apiKey: process.env['QDRANT_API_KEY'],
        collectionPrefix: uniquePrefix('conf').replace(/-/g, '_'),
        timeoutMs: 10_000,
      });
      return {
        store,
        async cleanup() {
          await store.dropAll();
          await store.close();
        },
      };
    },
  });
} else {
  describe('VectorStore conformance: qdrant', () => {
    it.skip('runs when QDRANT_URL points at a Qdrant server', () => undefined);
  });
}
