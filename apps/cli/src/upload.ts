import { StrataClient } from '@strata/sdk';
import { uploadFile } from '@strata/sdk/node';
import { readFileSync, readdirSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Output, bar, formatBytes } from './output';

interface FileEntry {
  path: string;
  size: number;
  mtimeMs: number;
}

/** What a previous run uploaded: path -> object id, kept only while size and mtime match. */
interface UploadState {
  bucket: string;
  files: Record<string, { object_id: string; size: number; mtime_ms: number }>;
}

/** Every regular file under the given files and directories (recursively), in a stable order. */
export function collectFiles(inputs: string[]): FileEntry[] {
  const files: FileEntry[] = [];
  const visit = (path: string) => {
    const s = statSync(path);
    if (s.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!name.startsWith('.')) visit(join(path, name));
    } else if (s.isFile()) files.push({ path: resolve(path), size: s.size, mtimeMs: s.mtimeMs });
  };
  for (const input of inputs) visit(input);
  return files;
}

function readState(path: string, bucket: string): UploadState {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as UploadState;
    return state.bucket === bucket && typeof state.files === 'object' ? state : { bucket, files: {} };
  } catch {
    return { bucket, files: {} };
  }
}

function writeState(path: string, state: UploadState): void {
  // Written to a temp file then renamed: an interrupted run never leaves half a state file.
  writeFileSync(`${path}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${path}.tmp`, path);
}

export interface UploadOptions {
  bucket: string;
  property: string;
  concurrency: number;
  statePath: string;
  metadata: Record<string, unknown>;
}

export interface UploadSummary {
  uploaded: Array<{ path: string; object_id: string }>;
  skipped: Array<{ path: string; object_id: string }>;
  failed: Array<{ path: string; error: string }>;
  bytes: number;
  seconds: number;
}

/**
 * Uploads files concurrently, one object per file (multipart, the file in `property`). Resumable:
 * each finished file is recorded in the state file at once, and a second run skips files already
 * uploaded with the same size and modification time.
 */
export async function uploadFiles(sdk: StrataClient, out: Output, files: FileEntry[], options: UploadOptions): Promise<UploadSummary> {
  const state = readState(options.statePath, options.bucket);
  const summary: UploadSummary = { uploaded: [], skipped: [], failed: [], bytes: 0, seconds: 0 };
  const pending: FileEntry[] = [];
  for (const f of files) {
    const done = state.files[f.path];
    if (done !== undefined && done.size === f.size && done.mtime_ms === f.mtimeMs) summary.skipped.push({ path: f.path, object_id: done.object_id });
    else pending.push(f);
  }
  const totalBytes = pending.reduce((n, f) => n + f.size, 0);
  const started = Date.now();
  let finished = 0;
  let lastDraw = 0;
  const draw = (force = false) => {
    if (!out.live || (!force && Date.now() - lastDraw < 100)) return;
    lastDraw = Date.now();
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const line = `${bar(totalBytes > 0 ? summary.bytes / totalBytes : finished / Math.max(1, pending.length), 30)} ${finished}/${pending.length} files  ${formatBytes(summary.bytes)}/${formatBytes(totalBytes)}  ${(finished / seconds).toFixed(1)} files/s  ${formatBytes(summary.bytes / seconds)}/s  ${summary.failed.length} failed`;
    out.write(`\r\x1b[2K${line}`);
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, options.concurrency) }, async () => {
      while (next < pending.length) {
        const file = pending[next] as FileEntry;
        next += 1;
        try {
          const created = await uploadFile(sdk, options.bucket, file.path, { property: options.property, metadata: { ...options.metadata, filename: relative(process.cwd(), file.path) } });
          state.files[file.path] = { object_id: created.object_id, size: file.size, mtime_ms: file.mtimeMs };
          writeState(options.statePath, state);
          summary.uploaded.push({ path: file.path, object_id: created.object_id });
          summary.bytes += file.size;
        } catch (error) {
          summary.failed.push({ path: file.path, error: (error as Error).message });
        }
        finished += 1;
        draw();
      }
    }),
  );
  summary.seconds = (Date.now() - started) / 1000;
  draw(true);
  if (out.live) out.write('\n');
  return summary;
}
