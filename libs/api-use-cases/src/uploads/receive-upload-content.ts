import { BadRequestError, ConflictError, isoNow, Upload } from '@strata/domain';
import { timingSafeEqual } from 'node:crypto';
import type { IngestionDeps } from '../shared/deps';
import { findUpload, publicUpload, tokenHash, type UploadRow } from './upload-row';

export class ReceiveUploadContent {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'clock'>) {}

  /**
   * Streams the bytes of a PENDING upload into storage. The token must match and not be expired.
   * A second PUT before confirm replaces the bytes. `body` may throw (size limit); nothing is kept then.
   */
  async execute(namespaceId: string, bucketIdOrName: string, uploadId: string, token: string, body: AsyncIterable<Buffer>): Promise<Upload> {
    const { upload } = await findUpload(this.deps, namespaceId, bucketIdOrName, uploadId);
    const expected = Buffer.from(upload.tokenHash ?? '', 'hex');
    const given = Buffer.from(tokenHash(token), 'hex');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new BadRequestError('the upload token is missing or wrong: use the presigned_url returned when the upload was created');
    }
    if (upload.status !== 'PENDING') throw new ConflictError(`upload ${uploadId} is ${upload.status}; its content can no longer change`);
    const now = isoNow(this.deps.clock);
    if (now > upload.expiresAt) throw new BadRequestError(`upload ${uploadId} expired at ${upload.expiresAt}; create a new upload`);
    const { sizeBytes, hash } = await this.deps.objects.putStream(upload.storageKey, body, upload.contentType);
    const next: UploadRow = { ...upload, receivedBytes: sizeBytes, receivedHash: hash, updatedAt: isoNow(this.deps.clock) };
    if (!(await this.deps.metadata.uploads.update(next, 'PENDING'))) throw new ConflictError(`upload ${uploadId} changed while its content was written`);
    return publicUpload(next);
  }
}
