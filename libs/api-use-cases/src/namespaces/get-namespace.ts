import { Namespace, NotFoundError } from '@strata/domain';
import { ChangeTokenCache } from '../shared/change-token-cache';
import type { IngestionDeps } from '../shared/deps';

/** Namespaces kept per process by the shared instance (the least recently looked up go first). */
const NAMESPACE_CACHE_ENTRIES = 1_000;

/**
 * A namespace by id or name. Every namespaced request resolves its X-Namespace header through the
 * one instance batch-api shares, so a lookup is reused while the store's change token holds
 * (MetadataStore.changeToken: any commit of any process, a rename or a delete included, computes
 * it again). Unknown names are not cached: the 404 is read each time.
 */
export class GetNamespace {
  private readonly cache = new ChangeTokenCache<Namespace>(NAMESPACE_CACHE_ENTRIES);

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws NotFoundError */
  async execute(idOrName: string): Promise<Namespace> {
    const token = this.deps.metadata.changeToken?.();
    const cached = this.cache.get(idOrName, token, 0);
    if (cached !== undefined) return cached;
    const found = await this.deps.metadata.namespaces.findByIdOrName(idOrName);
    if (found === null) throw new NotFoundError('namespace', idOrName);
    this.cache.set(idOrName, token, 0, found);
    return found;
  }
}
