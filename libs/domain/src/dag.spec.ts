import { DagNode, findCycle, resolveTiers } from './dag';

const node = (collectionId: string, ...sourceCollectionIds: string[]): DagNode => ({ collectionId, sourceCollectionIds });

describe('resolveTiers', () => {
  it('puts bucket-sourced collections in tier 0 and each chain link one tier further', () => {
    const result = resolveTiers(['a', 'b'], [node('a'), node('b'), node('c', 'a'), node('d', 'c'), node('e', 'b')]);
    expect(result).toEqual({ ok: true, tiers: [['a', 'b'], ['c', 'e'], ['d']] });
  });

  it('runs a collection after its deepest source (longest path)', () => {
    const result = resolveTiers(['a'], [node('a'), node('b', 'a'), node('c', 'a', 'b')]);
    expect(result).toEqual({ ok: true, tiers: [['a'], ['b'], ['c']] });
  });

  it('ignores sources outside the batch DAG and drops collections nothing in it reaches', () => {
    const result = resolveTiers(['a'], [node('a'), node('b', 'a', 'other-bucket-collection'), node('z', 'nowhere')]);
    expect(result).toEqual({ ok: true, tiers: [['a'], ['b']] });
  });

  it('reports a cycle instead of looping', () => {
    const result = resolveTiers(['a'], [node('a'), node('b', 'a', 'c'), node('c', 'b')]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.cycle).toEqual(expect.arrayContaining(['b', 'c']));
  });
});

describe('findCycle', () => {
  const graph: Record<string, string[]> = { a: [], b: ['a'], c: ['b'], x: ['c'] };
  const sourcesOf = async (id: string): Promise<readonly string[]> => graph[id] ?? [];

  it('finds none for a new collection over an acyclic chain', async () => {
    await expect(findCycle('new', ['c'], sourcesOf)).resolves.toBeNull();
  });

  it('finds the path when a collection would (transitively) source itself', async () => {
    // Re-pointing b at x would close b -> x -> c -> b.
    await expect(findCycle('b', ['x'], sourcesOf)).resolves.toEqual(['b', 'x', 'c', 'b']);
    await expect(findCycle('a', ['a'], sourcesOf)).resolves.toEqual(['a', 'a']);
  });
});
