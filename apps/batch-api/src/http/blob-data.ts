import { ValidationError } from '@strata/domain';
import type { BlobInput } from '@strata/api-use-cases';

const DATA_URI = /^data:([\w.+-]+\/[\w.+-]+)?(;[\w-]+=[\w-]+)*;base64,([A-Za-z0-9+/=\s]*)$/;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}$/;

function decodeBase64(text: string, location: string): Buffer {
  if (!BASE64.test(text)) throw new ValidationError(`${location} is not valid base64`);
  return Buffer.from(text, 'base64');
}

/**
 * Turns a JSON blob's `data` into bytes: a data URI or `{base64, mime_type}` is decoded, a
 * string is inline text, any other JSON value is kept for json fields. URLs are refused: this
 * version does not fetch remote sources.
 */
export function blobFromJson(
  blob: { property: string; type?: BlobInput['type']; data: unknown; filename?: string | undefined },
  index: number,
): BlobInput {
  const location = `body.blobs[${index}].data`;
  const { data } = blob;
  const base = { property: blob.property, type: blob.type, filename: blob.filename ?? null };
  if (typeof data === 'string') {
    const uri = DATA_URI.exec(data);
    if (uri !== null) return { ...base, data: decodeBase64(uri[3] ?? '', location), mimeType: uri[1] ?? null };
    if (/^(https?|s3):\/\//i.test(data) && blob.type !== undefined && blob.type !== 'text') {
      throw new ValidationError(
        `${location}: fetching ${blob.type} blobs from URLs is not supported; upload the file (multipart) or send {"base64": ...}`,
      );
    }
    return { ...base, data };
  }
  if (typeof data === 'object' && data !== null && 'base64' in data && typeof (data as { base64: unknown }).base64 === 'string') {
    const d = data as { base64: string; mime_type?: string; filename?: string };
    return { ...base, data: decodeBase64(d.base64, `${location}.base64`), mimeType: d.mime_type ?? null, filename: d.filename ?? base.filename };
  }
  if (data === undefined) throw new ValidationError(`${location} is required`);
  return { ...base, data };
}
