import { SqliteMetadataStore } from '@strata/adapters';
import { NotFoundError, newId } from '@strata/domain';
import { ManualClock } from '@strata/fakes';
import { tempDir } from '@strata/testing';
import { join } from 'node:path';
import { CreateNamespace } from '../index';
import { GetNamespace } from './get-namespace';

/**
 * X-Namespace lookups are reused while the SQLite store's change token holds: a rename or delete
 * by another connection (another batch-api process) or by this one is seen at the next lookup.
 */
describe('GetNamespace on the SQLite store: lookups reused until anything changes', () => {
  const dir = tempDir('get-namespace');
  const file = join(dir.path, 'strata.db');
  let metadata: SqliteMetadataStore;
  let other: SqliteMetadataStore;
  const clock = new ManualClock();

  beforeAll(() => {
    metadata = new SqliteMetadataStore(file);
    other = new SqliteMetadataStore(file);
  });
  afterAll(async () => {
    await metadata.close();
    await other.close();
    dir.remove();
  });

  it('reads the store once while nothing changes, and again after a commit of another connection or its own', async () => {
    const name = `n-${newId('namespace')}`;
    const ns = await new CreateNamespace({ metadata, clock }).execute({ namespaceName: name, description: null });
    const get = new GetNamespace({ metadata });
    const reads = jest.spyOn(metadata.namespaces, 'findByIdOrName');
    expect((await get.execute(name)).namespaceId).toBe(ns.namespaceId);
    expect((await get.execute(name)).namespaceId).toBe(ns.namespaceId);
    expect((await get.execute(ns.namespaceId)).namespaceName).toBe(name);
    expect(reads).toHaveBeenCalledTimes(2);

    // Renamed by another process: the old name is unknown at once, the new one resolves.
    await other.namespaces.update(ns.namespaceId, { namespaceName: `${name}-2` }, clock.iso());
    await expect(get.execute(name)).rejects.toBeInstanceOf(NotFoundError);
    expect((await get.execute(`${name}-2`)).namespaceId).toBe(ns.namespaceId);
    expect((await get.execute(ns.namespaceId)).namespaceName).toBe(`${name}-2`);

    // Deleted through this connection.
    await metadata.namespaces.delete(ns.namespaceId);
    await expect(get.execute(ns.namespaceId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(get.execute(`${name}-2`)).rejects.toBeInstanceOf(NotFoundError);
    reads.mockRestore();
  });

  it('does not cache an unknown namespace: one created by another process resolves at once', async () => {
    const name = `n-${newId('namespace')}`;
    const get = new GetNamespace({ metadata });
    await expect(get.execute(name)).rejects.toBeInstanceOf(NotFoundError);
    const ns = await new CreateNamespace({ metadata: other, clock }).execute({ namespaceName: name, description: null });
    expect((await get.execute(name)).namespaceId).toBe(ns.namespaceId);
  });
});
