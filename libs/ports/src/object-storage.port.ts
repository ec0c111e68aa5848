/** Blobs, manifests and thumbnails by key. Keys are `/`-separated and never contain `..`. */
export interface ObjectStorage {
  /** Writes the bytes atomically (readers never see a partial object). */
  put(key: string, body: Buffer, contentType?: string): Promise<{ sizeBytes: number; hash: string }>;
  /** @throws NotFoundError when there is no such key. */
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  /** Deletes the key; a missing key is not an error. */
  delete(key: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
