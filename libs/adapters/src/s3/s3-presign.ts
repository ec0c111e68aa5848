import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature V4 query-string presigning (the algorithm of @aws-sdk/s3-request-presigner, which
 * the registry mirror does not serve at our client-s3 version; see docs/adr/0030). Unsigned
 * payload, host as the only signed header.
 */
export function presignUrl(input: {
  method: 'GET' | 'PUT';
  endpoint: string;
  bucket: string;
  key: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  expiresIn: number;
  forcePathStyle: boolean;
  now?: Date;
}): string {
  const base = new URL(input.endpoint);
  const encodedKey = input.key.split('/').map(encodeRfc3986).join('/');
  const host = input.forcePathStyle ? base.host : `${input.bucket}.${base.host}`;
  const basePath = base.pathname.replace(/\/+$/, '');
  const path = input.forcePathStyle ? `${basePath}/${input.bucket}/${encodedKey}` : `${basePath}/${encodedKey}`;
  const now = input.now ?? new Date();
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${input.region}/s3/aws4_request`;
  const query: Record<string, string> = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${input.credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(Math.max(1, Math.min(604_800, Math.floor(input.expiresIn)))),
    'X-Amz-SignedHeaders': 'host',
  };
  if (input.credentials.sessionToken !== undefined) query['X-Amz-Security-Token'] = input.credentials.sessionToken;
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((k) => `${encodeRfc3986(k)}=${encodeRfc3986(query[k] as string)}`)
    .join('&');
  const canonicalRequest = [input.method, path, canonicalQuery, `host:${host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${input.credentials.secretAccessKey}`, day), input.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return `${base.protocol}//${host}${path}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}

function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
