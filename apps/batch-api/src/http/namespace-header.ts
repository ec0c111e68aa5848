import { BadRequestError } from '@strata/domain';
import type { IngestionUseCases } from '../ingestion.provider';
import { assertNamespaceAccess } from './auth.guard';

/** Resolves X-Namespace (id or name) to a namespace id; a missing header is a 400, an unknown one a 404. */
export async function namespaceIdOf(useCases: IngestionUseCases, header: string | string[] | undefined): Promise<string> {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') {
    throw new BadRequestError('the X-Namespace header is required: send the namespace id (ns_...) or name');
  }
  if (value.length > 128) throw new BadRequestError('the X-Namespace header is too long');
  const namespaceId = (await useCases.getNamespace.execute(value.trim())).namespaceId;
  assertNamespaceAccess(namespaceId, value.trim());
  return namespaceId;
}
