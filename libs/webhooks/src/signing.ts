import { createHmac, randomBytes } from 'node:crypto';
import { ValidationError } from '@strata/domain';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com/, spec v1): the signature is
 * base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")) where the key is the
 * base64-decoded part of the `whsec_` secret, sent as `v1,<signature>`; several signatures
 * (during a secret rotation) are separated by spaces.
 */
export const SECRET_PREFIX = 'whsec_';

/** A new secret: 32 random bytes (the spec asks for 24 to 64), base64, with the `whsec_` prefix. */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new ValidationError(`a webhook secret must start with ${SECRET_PREFIX}`);
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length < 24 || key.length > 64) throw new ValidationError('a webhook secret must hold 24 to 64 bytes');
  return key;
}

/** One `v1,<base64>` signature of a message. `timestampSeconds` is Unix time in seconds. */
export function sign(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The `webhook-signature` header: one signature per secret still valid (newest first). */
export function signatureHeader(secrets: readonly string[], messageId: string, timestampSeconds: number, body: string): string {
  return secrets.map((s) => sign(s, messageId, timestampSeconds, body)).join(' ');
}
