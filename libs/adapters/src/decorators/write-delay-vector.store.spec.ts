import type { VectorPoint, VectorStore } from '@strata/ports';
import { WriteDelayVectorStore } from './write-delay-vector.store';

describe('WriteDelayVectorStore (fault-injection knob)', () => {
  it('delays writes by the configured time and passes everything through', async () => {
    const calls: string[] = [];
    const inner = {
      ensureIndex: async () => void calls.push('ensureIndex'),
      upsert: async (points: readonly VectorPoint[]) => void calls.push(`upsert:${points.length}`),
      search: async () => [],
      count: async () => 7,
      get: async () => null,
      getMany: async () => new Map(),
      deleteWhere: async () => 3,
      ping: async () => undefined,
      close: async () => void calls.push('close'),
    } satisfies VectorStore;
    jest.useFakeTimers();
    try {
      const store = new WriteDelayVectorStore(inner, 250);
      const pending = store.upsert([{ id: 'd', namespaceId: 'n', collectionId: 'c', vectors: {}, payload: {} }]);
      await Promise.resolve();
      expect(calls).toEqual([]);
      await jest.advanceTimersByTimeAsync(250);
      await pending;
      expect(calls).toEqual(['upsert:1']);
      expect(await store.count('n', 'c')).toBe(7);
      expect(await store.deleteWhere({ namespaceId: 'n' })).toBe(3);
      await store.close();
      expect(calls).toEqual(['upsert:1', 'close']);
    } finally {
      jest.useRealTimers();
    }
  });
});
