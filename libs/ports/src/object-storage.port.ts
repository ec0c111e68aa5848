/** Blobs, manifests and thumbnails by key. Keys are `/`-separated and never contain `..`. */
export interface ObjectStorage {
  /** Writes the bytes atomically (readers never see a partial object). */
  put(key: string, body: Buffer, contentType?: string): Promise<{ sizeBytes: number; hash: string }>;
  /** @throws NotFoundError when there is no such key. */
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  /**
   * Writes a stream atomically without holding it in memory. If the stream throws (for example
   * a size limit), nothing is written and the error propagates.
   */
  putStream(key: string, body: AsyncIterable<Buffer>, contentType?: string): Promise<{ sizeBytes: number; hash: string }>;
  /** Deletes the key; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Deletes every key starting with `prefix` (which ends with `/`); returns how many went. */
  deletePrefix(prefix: string): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
