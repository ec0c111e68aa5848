import { ExtractionError, cosineSimilarity as cosine } from '@strata/domain';
import { InMemoryObjectStorage } from '@strata/fakes';
import sharp from 'sharp';
import { ExtractorResult } from './extractor';
import { IMAGE_HISTOGRAM_INDEX, IMAGE_PHASH_INDEX, imageExtractor, thumbnailKey } from './image-extractor';
import { gradientJpeg, twoColourPng } from '@strata/testing';

const params = imageExtractor.parseParameters({ thumbnail_size: 32 });
const context = (objects: InMemoryObjectStorage) => ({ namespaceId: 'ns_img', collectionId: 'col_img', objects });

function ok(result: ExtractorResult | undefined) {
  if (result === undefined || !result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  const [doc] = result.documents;
  if (doc === undefined) throw new Error('no document');
  return doc;
}

describe('image_extractor@v1', () => {
  it('reads dimensions and format, writes a thumbnail, and gives a histogram of the colours', async () => {
    const objects = new InMemoryObjectStorage();
    const [result] = await imageExtractor.run([{ itemId: 'obj_png', values: { image: await twoColourPng(64, 32) } }], params, context(objects));
    const doc = ok(result);
    expect(doc.position).toBe(0);
    expect(doc.payload).toMatchObject({ width: 64, height: 32, format: 'png', channels: 3, has_alpha: false, exif: null });
    const key = thumbnailKey(context(objects), 'obj_png');
    expect(doc.payload['thumbnail']).toEqual({ key, width: 32, height: 16, format: 'jpeg' });
    const thumb = await sharp(await objects.get(key)).metadata();
    expect(thumb).toMatchObject({ format: 'jpeg', width: 32, height: 16 });

    const hist = doc.vectors[IMAGE_HISTOGRAM_INDEX] as Float32Array;
    expect(hist).toHaveLength(24);
    // Red channel: half the pixels at 255 (last bin), half at 0 (first bin); blue the same; green all 0.
    expect(hist[0]).toBeCloseTo(0.5, 1);
    expect(hist[7]).toBeCloseTo(0.5, 1);
    expect(hist[8]).toBeCloseTo(1, 1);
    expect(hist[16]).toBeCloseTo(0.5, 1);
    expect(hist[23]).toBeCloseTo(0.5, 1);
    expect(doc.vectors[IMAGE_PHASH_INDEX]).toHaveLength(64);
    expect(doc.payload['phash']).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads EXIF basics from a JPEG, and near-duplicates have close perceptual hashes', async () => {
    const objects = new InMemoryObjectStorage();
    const original = await gradientJpeg(80, 60);
    const smaller = await sharp(original).resize(40, 30).jpeg({ quality: 60 }).toBuffer();
    const other = await twoColourPng(80, 60);
    const results = await imageExtractor.run(
      [
        { itemId: 'a', values: { image: original } },
        { itemId: 'b', values: { image: smaller } },
        { itemId: 'c', values: { image: other } },
      ],
      params,
      context(objects),
    );
    const [a, b, c] = results.map(ok);
    expect(a?.payload).toMatchObject({ width: 80, height: 60, format: 'jpeg' });
    expect(a?.payload['exif']).toMatchObject({ make: 'StrataCam', model: 'Fixture 1', software: 'strata-tests' });
    const hashOf = (d: typeof a) => d?.vectors[IMAGE_PHASH_INDEX] as Float32Array;
    expect(cosine(hashOf(a), hashOf(b))).toBeGreaterThan(0.8);
    expect(cosine(hashOf(a), hashOf(b))).toBeGreaterThan(cosine(hashOf(a), hashOf(c)));
  });

  it('fails a corrupt or truncated image as a validation error with a stage, and the rest of the batch still passes', async () => {
    const objects = new InMemoryObjectStorage();
    const jpeg = await gradientJpeg(200, 200);
    const results = await imageExtractor.run(
      [
        { itemId: 'garbage', values: { image: Buffer.from('definitely not an image') } },
        { itemId: 'truncated', values: { image: jpeg.subarray(0, Math.floor(jpeg.length / 3)) } },
        { itemId: 'missing', values: {} },
        { itemId: 'good', values: { image: jpeg } },
      ],
      params,
      context(objects),
    );
    const failure = (r: ExtractorResult | undefined) => (r !== undefined && !r.ok ? r.error : undefined);
    expect(failure(results[0])).toBeInstanceOf(ExtractionError);
    expect(failure(results[0])).toMatchObject({ category: 'validation', stage: 'decode' });
    expect(failure(results[1])).toMatchObject({ category: 'validation', stage: 'decode' });
    expect(failure(results[2])).toMatchObject({ category: 'validation', stage: 'resolve_inputs' });
    expect(results[3]?.ok).toBe(true);
  });
});
