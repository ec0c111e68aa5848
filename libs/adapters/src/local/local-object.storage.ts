import { NotFoundError, ValidationError } from '@strata/domain';
import type { ObjectStorage } from '@strata/ports';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, fstatSync, openSync, readSync } from 'node:fs';
import { access, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dirname, join, resolve, sep } from 'node:path';

const KEY_PATTERN = /^[A-Za-z0-9_.\-/]+$/;

/**
 * Objects up to this size are read synchronously: a few microseconds of blocking instead of four
 * thread-pool round trips (open, stat, read, close) per blob, which dominated reading the small
 * text blobs of a work message (docs/benchmarks.md). Larger ones are read asynchronously.
 */
const SYNC_READ_MAX_BYTES = 64 * 1024;

/** The whole file of an open descriptor when it is at most SYNC_READ_MAX_BYTES (read to its end), else null. */
function readSmall(fd: number): Buffer | null {
  const size = fstatSync(fd).size;
  if (size > SYNC_READ_MAX_BYTES) return null;
  // One byte more than the size: a file that grew since the stat is read on (or left to the async read).
  const buffer = Buffer.allocUnsafe(size + 1);
  let length = 0;
  for (;;) {
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) return buffer.subarray(0, length);
    length += n;
    if (length === buffer.length) return null;
  }
}

/**
 * Object storage on a local directory (the embedded default). Writes go to a temporary file that
 * is renamed into place, so a reader sees the whole object or nothing.
 */
export class LocalObjectStorage implements ObjectStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    if (key.length === 0 || key.length > 1024 || !KEY_PATTERN.test(key) || key.split('/').some((s) => s === '..' || s === '.' || s === '')) {
      throw new ValidationError(`invalid storage key '${key}'`);
    }
    const full = join(this.root, key);
    if (!full.startsWith(this.root + sep)) throw new ValidationError(`invalid storage key '${key}'`);
    return full;
  }

  async put(key: string, body: Buffer): Promise<{ sizeBytes: number; hash: string }> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, body);
    await rename(tmp, path);
    return { sizeBytes: body.length, hash: `sha256:${createHash('sha256').update(body).digest('hex')}` };
  }

  async putStream(key: string, body: AsyncIterable<Buffer>): Promise<{ sizeBytes: number; hash: string }> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.from(body), measure, createWriteStream(tmp));
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    return { sizeBytes, hash: `sha256:${hash.digest('hex')}` };
  }

  async deletePrefix(prefix: string): Promise<number> {
    const dir = this.path(prefix.replace(/\/+$/, ''));
    let count = 0;
    try {
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      count = entries.filter((e) => e.isFile()).length;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    await rm(dir, { recursive: true, force: true });
    return count;
  }

  async get(key: string): Promise<Buffer> {
    const path = this.path(key);
    try {
      // One open for the size and the bytes (a separate stat looked the path up twice per blob).
      const fd = openSync(path, 'r');
      let small: Buffer | null;
      try {
        small = readSmall(fd);
      } finally {
        closeSync(fd);
      }
      return small ?? (await readFile(path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('storage object', key);
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await access(this.path(key));
      return true;
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root);
  }

  async close(): Promise<void> {
    // Nothing to release.
  }
}
