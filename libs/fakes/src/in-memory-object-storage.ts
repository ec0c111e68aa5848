import { NotFoundError, ValidationError } from '@strata/domain';
import type { ObjectStorage } from '@strata/ports';
import { createHash } from 'node:crypto';

const KEY_PATTERN = /^[A-Za-z0-9_.\-/]+$/;

/** ObjectStorage in a Map, with the key rules and errors of LocalObjectStorage. */
export class InMemoryObjectStorage implements ObjectStorage {
  private readonly entries = new Map<string, { body: Buffer; contentType: string | undefined }>();

  private check(key: string): string {
    if (key.length === 0 || key.length > 1024 || !KEY_PATTERN.test(key) || key.split('/').some((s) => s === '..' || s === '.' || s === '')) {
      throw new ValidationError(`invalid storage key '${key}'`);
    }
    return key;
  }

  async put(key: string, body: Buffer, contentType?: string): Promise<{ sizeBytes: number; hash: string }> {
    this.entries.set(this.check(key), { body: Buffer.from(body), contentType });
    return { sizeBytes: body.length, hash: `sha256:${createHash('sha256').update(body).digest('hex')}` };
  }

  async putStream(key: string, body: AsyncIterable<Buffer>, contentType?: string): Promise<{ sizeBytes: number; hash: string }> {
    this.check(key);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk));
    return this.put(key, Buffer.concat(chunks), contentType);
  }

  async deletePrefix(prefix: string): Promise<number> {
    // Validated like a key (as the real stores do), so '' or '../' cannot widen the delete.
    const dir = `${this.check(prefix.replace(/\/+$/, ''))}/`;
    let count = 0;
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(dir)) {
        this.entries.delete(key);
        count += 1;
      }
    }
    return count;
  }

  async get(key: string): Promise<Buffer> {
    const entry = this.entries.get(this.check(key));
    if (entry === undefined) throw new NotFoundError('storage object', key);
    return Buffer.from(entry.body);
  }

  async exists(key: string): Promise<boolean> {
    return this.entries.has(this.check(key));
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(this.check(key));
  }

  async ping(): Promise<void> {
    // Always reachable.
  }

  async close(): Promise<void> {
    // Nothing to release.
  }

  /** Test helper: every stored key, sorted. */
  keys(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** Test helper: the content type given at put. */
  contentTypeOf(key: string): string | undefined {
    return this.entries.get(key)?.contentType;
  }
}
