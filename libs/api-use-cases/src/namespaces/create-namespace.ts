import { isoNow, Namespace, newId, ValidationError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';

export const NAMESPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,99}$/;

export interface CreateNamespaceCommand {
  namespaceName: string;
  description: string | null;
}

export class CreateNamespace {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {}

  async execute(command: CreateNamespaceCommand): Promise<Namespace> {
    if (!NAMESPACE_NAME.test(command.namespaceName)) {
      throw new ValidationError(
        'namespace_name must be 2-100 characters of letters, digits, "_" or "-", starting with a letter or digit',
      );
    }
    const now = isoNow(this.deps.clock);
    const namespace: Namespace = {
      namespaceId: newId('namespace'),
      namespaceName: command.namespaceName,
      description: command.description,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.metadata.namespaces.create(namespace);
    return namespace;
  }
}
