/**
 * Fakes hand out and keep copies, as a real store would (rows are re-read on every call): a test
 * or the code under test mutating a returned object must not change what is stored.
 */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
