/** Row helpers shared by the SQLite repositories. */
export type Row = Record<string, unknown>;
export const str = (v: unknown): string => v as string;
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));

/** SQLite limits bound parameters per statement; query id lists in slices of this size. */
export const IN_SLICE = 500;

export function slices<T>(items: readonly T[], size = IN_SLICE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function placeholders(n: number): string {
  return new Array(n).fill('?').join(',');
}
