/**
 * @strata/sdk/node: uploads from file paths (Node only: node:fs). The browser-safe core is
 * `@strata/sdk`.
 */
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { StrataClient } from './strata-client';

const TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

/** A MIME type from the file extension (application/octet-stream when unknown). */
export function contentTypeOf(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export interface UploadPathOptions {
  /** The bucket_schema property the file fills. */
  property: string;
  metadata?: Record<string, unknown>;
  skipDuplicates?: boolean;
  signal?: AbortSignal;
}

/**
 * Creates an object from a file on disk with one multipart request. The file is read as it is
 * sent (fs.openAsBlob), never loaded whole; a retry re-reads it.
 */
export async function uploadFile(client: StrataClient, bucket: string, path: string, options: UploadPathOptions) {
  const content = await openAsBlob(path, { type: contentTypeOf(path) });
  return client.objects.upload(bucket, {
    files: [{ property: options.property, content, filename: basename(path) }],
    metadata: options.metadata,
    skipDuplicates: options.skipDuplicates,
    signal: options.signal,
  });
}

/**
 * Creates an object from a file on disk through the upload flow (create, PUT the bytes, confirm):
 * for large files, and where a size check and a content hash are wanted.
 */
export async function uploadFileStream(client: StrataClient, bucket: string, path: string, options: UploadPathOptions) {
  const { size } = await stat(path);
  const body = await openAsBlob(path, { type: contentTypeOf(path) });
  return client.uploads.uploadStream(bucket, {
    filename: basename(path),
    contentType: contentTypeOf(path),
    body,
    sizeBytes: size,
    blobProperty: options.property,
    objectMetadata: options.metadata,
    skipDuplicates: options.skipDuplicates,
    signal: options.signal,
  });
}
