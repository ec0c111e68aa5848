import { NotFoundError, ValidationError } from '@strata/domain';
import type { ObjectStorage } from '@strata/ports';
import { createHash, randomBytes } from 'node:crypto';

export interface ObjectStorageTarget {
  name: string;
  open(): Promise<{ storage: ObjectStorage; cleanup(): Promise<void> }>;
}

/** The ObjectStorage contract, run unchanged against every adapter. Keys are unique per test run. */
export function objectStorageConformance(target: ObjectStorageTarget): void {
  describe(`ObjectStorage conformance: ${target.name}`, () => {
    let storage: ObjectStorage;
    let cleanup: () => Promise<void>;
    let base: string;

    beforeEach(async () => {
      ({ storage, cleanup } = await target.open());
      base = `conf/${randomBytes(6).toString('hex')}`;
    });

    afterEach(async () => {
      await cleanup();
    });

    it('ping answers', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
    });

    it('puts and gets bytes, with size and sha256; a second put overwrites', async () => {
      const body = Buffer.from('héllo\u0000world');
      const put = await storage.put(`${base}/a/b.txt`, body, 'text/plain');
      expect(put).toEqual({ sizeBytes: body.length, hash: `sha256:${createHash('sha256').update(body).digest('hex')}` });
      expect((await storage.get(`${base}/a/b.txt`)).equals(body)).toBe(true);
      await storage.put(`${base}/a/b.txt`, Buffer.from('v2'));
      expect((await storage.get(`${base}/a/b.txt`)).toString()).toBe('v2');
    });

    it('stores empty and large (multi-megabyte) bodies intact', async () => {
      await storage.put(`${base}/empty`, Buffer.alloc(0));
      expect((await storage.get(`${base}/empty`)).length).toBe(0);
      const big = randomBytes(9 * 1024 * 1024);
      const put = await storage.put(`${base}/big.bin`, big);
      expect(put.sizeBytes).toBe(big.length);
      expect((await storage.get(`${base}/big.bin`)).equals(big)).toBe(true);
      // Around 64 KiB, where the local store switches from a synchronous to an asynchronous read.
      for (const size of [65_535, 65_536, 65_537]) {
        const body = randomBytes(size);
        await storage.put(`${base}/edge-${size}`, body);
        expect((await storage.get(`${base}/edge-${size}`)).equals(body)).toBe(true);
      }
    }, 60_000);

    it('exists, delete, and NotFoundError for a missing key; deleting a missing key is fine', async () => {
      expect(await storage.exists(`${base}/x`)).toBe(false);
      await expect(storage.get(`${base}/x`)).rejects.toBeInstanceOf(NotFoundError);
      await storage.put(`${base}/x`, Buffer.from('1'));
      expect(await storage.exists(`${base}/x`)).toBe(true);
      await storage.delete(`${base}/x`);
      await storage.delete(`${base}/x`);
      expect(await storage.exists(`${base}/x`)).toBe(false);
    });

    it('refuses keys that could escape or are malformed', async () => {
      for (const key of ['', '../etc/passwd', 'a/../b', 'a//b', '/abs', 'a/./b', 'sp ace', 'x'.repeat(1_025)]) {
        await expect(storage.put(key, Buffer.from('1'))).rejects.toBeInstanceOf(ValidationError);
      }
    });

    it('putStream writes an async iterable of chunks and returns its size and sha256', async () => {
      const chunks = [Buffer.from('one,'), Buffer.alloc(0), Buffer.from('two,'), randomBytes(100_000)];
      async function* body(): AsyncGenerator<Buffer> {
        for (const c of chunks) yield c;
      }
      const all = Buffer.concat(chunks);
      const put = await storage.putStream(`${base}/s/stream.bin`, body(), 'application/octet-stream');
      expect(put).toEqual({ sizeBytes: all.length, hash: `sha256:${createHash('sha256').update(all).digest('hex')}` });
      expect((await storage.get(`${base}/s/stream.bin`)).equals(all)).toBe(true);
    });

    it('putStream writes nothing when the stream throws (e.g. a size limit), and the error propagates', async () => {
      async function* body(): AsyncGenerator<Buffer> {
        yield Buffer.from('partial');
        throw new Error('too large');
      }
      await expect(storage.putStream(`${base}/s/broken.bin`, body())).rejects.toThrow('too large');
      expect(await storage.exists(`${base}/s/broken.bin`)).toBe(false);
    });

    it('deletePrefix deletes every key under the prefix, counts them, and leaves siblings alone', async () => {
      for (const key of ['p/1', 'p/2', 'p/deep/3', 'pp/keep', 'keep']) await storage.put(`${base}/${key}`, Buffer.from(key));
      expect(await storage.deletePrefix(`${base}/p/`)).toBe(3);
      expect(await storage.exists(`${base}/p/1`)).toBe(false);
      expect(await storage.exists(`${base}/p/deep/3`)).toBe(false);
      expect(await storage.exists(`${base}/pp/keep`)).toBe(true);
      expect(await storage.exists(`${base}/keep`)).toBe(true);
      expect(await storage.deletePrefix(`${base}/p/`)).toBe(0);
      expect(await storage.deletePrefix(`${base}/none/`)).toBe(0);
      for (const prefix of ['', '/', '../']) await expect(storage.deletePrefix(prefix)).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
