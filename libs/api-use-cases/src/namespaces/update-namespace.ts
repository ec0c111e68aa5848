import { isoNow, Namespace, NotFoundError, ValidationError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { NAMESPACE_NAME } from './create-namespace';
import { GetNamespace } from './get-namespace';

export interface UpdateNamespaceCommand {
  idOrName: string;
  namespaceName?: string;
  description?: string | null;
}

export class UpdateNamespace {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {}

  /** @throws NotFoundError, ValidationError, AlreadyExistsError */
  async execute(command: UpdateNamespaceCommand): Promise<Namespace> {
    if (command.namespaceName !== undefined && !NAMESPACE_NAME.test(command.namespaceName)) {
      throw new ValidationError(
        'namespace_name must be 2-100 characters of letters, digits, "_" or "-", starting with a letter or digit',
      );
    }
    const ns = await new GetNamespace(this.deps).execute(command.idOrName);
    const patch: { namespaceName?: string; description?: string | null } = {};
    if (command.namespaceName !== undefined) patch.namespaceName = command.namespaceName;
    if (command.description !== undefined) patch.description = command.description;
    const updated = await this.deps.metadata.namespaces.update(ns.namespaceId, patch, isoNow(this.deps.clock));
    if (updated === null) throw new NotFoundError('namespace', command.idOrName);
    return updated;
  }
}
