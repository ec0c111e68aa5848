import { Upload } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { findUpload, publicUpload } from './upload-row';

export class GetUpload {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  async execute(namespaceId: string, bucketIdOrName: string, uploadId: string): Promise<Upload> {
    return publicUpload((await findUpload(this.deps, namespaceId, bucketIdOrName, uploadId)).upload);
  }
}
