/** The few EXIF fields Strata surfaces; everything else in the block is ignored. */
export interface ExifBasics {
  make: string | null;
  model: string | null;
  date_time: string | null;
  orientation: number | null;
  software: string | null;
}

const TAGS: Record<number, keyof ExifBasics> = {
  0x010f: 'make',
  0x0110: 'model',
  0x0132: 'date_time',
  0x0112: 'orientation',
  0x0131: 'software',
};

/**
 * Reads IFD0 of an EXIF block (as sharp returns it: `Exif\0\0` then a TIFF header). A malformed
 * block yields nulls, never an exception: EXIF is optional metadata, not a reason to fail an image.
 */
export function readExifBasics(block: Buffer): ExifBasics {
  const out: ExifBasics = { make: null, model: null, date_time: null, orientation: null, software: null };
  try {
    const start = block.subarray(0, 6).toString('latin1') === 'Exif\u0000\u0000' ? 6 : 0;
    const tiff = block.subarray(start);
    const order = tiff.subarray(0, 2).toString('latin1');
    if (order !== 'II' && order !== 'MM') return out;
    const le = order === 'II';
    const u16 = (o: number): number => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
    const u32 = (o: number): number => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
    const ifd = u32(4);
    const count = u16(ifd);
    for (let i = 0; i < count; i += 1) {
      const entry = ifd + 2 + i * 12;
      const field = TAGS[u16(entry)];
      if (field === undefined) continue;
      const type = u16(entry + 2);
      const n = u32(entry + 4);
      if (type === 2) {
        // ASCII: inline when it fits in 4 bytes, else at an offset.
        const at = n <= 4 ? entry + 8 : u32(entry + 8);
        const raw = tiff.subarray(at, at + n);
        const end = raw.indexOf(0);
        const text = (end >= 0 ? raw.subarray(0, end) : raw).toString('latin1').trim();
        if (field !== 'orientation') out[field] = text.length > 0 ? text.slice(0, 200) : null;
      } else if (type === 3 && field === 'orientation') {
        out.orientation = u16(entry + 8);
      }
    }
  } catch {
    // Truncated or inconsistent offsets: keep what was read.
  }
  return out;
}
