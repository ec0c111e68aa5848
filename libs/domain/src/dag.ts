/**
 * The collection DAG of a batch: which collections run, in which tier. A collection sourcing the
 * bucket is in tier 0; a collection sourcing other collections runs one tier after the deepest of
 * its sources (longest path), so every source has finished before it starts.
 */

/** A collection as the DAG sees it: its id and the collections it sources. */
export interface DagNode {
  collectionId: string;
  /** Source collections; empty for a bucket-sourced collection. */
  sourceCollectionIds: readonly string[];
}

/** Tiers found, or the collections that form a cycle. */
export type DagResolution = { ok: true; tiers: string[][] } | { ok: false; cycle: string[] };

/**
 * Assigns each node a tier. `roots` are the bucket-sourced collections (tier 0); sources outside
 * `nodes` are ignored (they belong to another bucket's DAG and write nothing in this batch).
 * Within a tier, collections keep the order of `nodes`, so the result is deterministic.
 */
export function resolveTiers(roots: readonly string[], nodes: readonly DagNode[]): DagResolution {
  const byId = new Map(nodes.map((n) => [n.collectionId, n]));
  const rootSet = new Set(roots);
  const tierOf = new Map<string, number>();
  const visiting: string[] = [];

  const visit = (id: string): number | string[] => {
    const known = tierOf.get(id);
    if (known !== undefined) return known;
    const at = visiting.indexOf(id);
    if (at >= 0) return [...visiting.slice(at), id];
    visiting.push(id);
    const node = byId.get(id);
    let tier = 0;
    if (node !== undefined) {
      const inside = node.sourceCollectionIds.filter((s) => byId.has(s));
      let deepest = -1;
      for (const source of inside) {
        const result = visit(source);
        if (typeof result !== 'number') return result;
        deepest = Math.max(deepest, result);
      }
      // A root runs in tier 0; any other collection one tier after its deepest reachable source,
      // or not at all (-1) when none of its sources runs in this batch.
      tier = rootSet.has(id) ? Math.max(0, deepest + 1) : deepest >= 0 ? deepest + 1 : -1;
    } else if (!rootSet.has(id)) {
      tier = -1;
    }
    visiting.pop();
    tierOf.set(id, tier);
    return tier;
  };

  for (const node of nodes) {
    const result = visit(node.collectionId);
    if (typeof result !== 'number') return { ok: false, cycle: result };
  }
  const tiers: string[][] = [];
  for (const node of nodes) {
    const tier = tierOf.get(node.collectionId) ?? -1;
    if (tier < 0) continue;
    while (tiers.length <= tier) tiers.push([]);
    (tiers[tier] as string[]).push(node.collectionId);
  }
  return { ok: true, tiers };
}

/**
 * Would a collection `collectionId` sourcing `sourceIds` close a cycle? `sourcesOf` returns the
 * stored source collections of a collection. Returns the cycle (ids, first = last) or null.
 */
export async function findCycle(
  collectionId: string,
  sourceIds: readonly string[],
  sourcesOf: (id: string) => Promise<readonly string[]>,
): Promise<string[] | null> {
  const seen = new Set<string>();
  // path: the new collection, then each collection it (transitively) sources, in order.
  const walk = async (id: string, path: readonly string[]): Promise<string[] | null> => {
    if (id === collectionId) return [...path, id];
    if (seen.has(id)) return null;
    seen.add(id);
    for (const source of await sourcesOf(id)) {
      const found = await walk(source, [...path, id]);
      if (found !== null) return found;
    }
    return null;
  };
  for (const source of sourceIds) {
    const found = await walk(source, [collectionId]);
    if (found !== null) return found;
  }
  return null;
}
