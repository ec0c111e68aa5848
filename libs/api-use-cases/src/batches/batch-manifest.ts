export function manifestKey(namespaceId: string, batchId: string): string {
  return `${namespaceId}/batches/${batchId}/manifest.json`;
}
