import { createHash } from 'node:crypto';
import sharp, { Metadata } from 'sharp';
import { ExtractionError, ValidationError, VectorIndex } from '@strata/domain';
import { ExtractorContext, ExtractorDefinition, ExtractorInput, ExtractorResult } from './extractor';
import { readExifBasics } from './exif';
import { MixpeekParameterModel, anyOf, fromMixpeekModel } from './parameters';

export interface ImageExtractorParams {
  /** Longest side of the thumbnail, in pixels. */
  thumbnailSize: number;
  /** Histogram bins per RGB channel; the histogram vector has 3 x bins dimensions. */
  histogramBins: number;
}

export const IMAGE_HISTOGRAM_INDEX = 'image_extractor_v1_histogram';
export const IMAGE_PHASH_INDEX = 'image_extractor_v1_phash';
/** dHash over a 9x8 grey image: 64 bits. */
const PHASH_BITS = 64;
/** Images with more pixels than this are refused instead of exhausting the worker's memory. */
const MAX_PIXELS = 100_000_000;

const DEFAULTS: ImageExtractorParams = { thumbnailSize: 256, histogramBins: 8 };

/** Mixpeek's ImageExtractorParams: its fields have no effect here (thumbnails are always made, no CDN). */
export const IMAGE_MIXPEEK_MODEL: MixpeekParameterModel = {
  extractorTypes: ['image_extractor'],
  inert: { enable_thumbnails: anyOf('boolean'), use_cdn: anyOf('boolean') },
};

function parse(raw: Record<string, unknown> | undefined): ImageExtractorParams {
  const p = fromMixpeekModel('image_extractor', raw, IMAGE_MIXPEEK_MODEL);
  const unknown = Object.keys(p).filter((k) => !['thumbnail_size', 'histogram_bins'].includes(k));
  if (unknown.length > 0) {
    throw new ValidationError(`unknown image_extractor parameter(s): ${unknown.join(', ')}; allowed: thumbnail_size, histogram_bins`);
  }
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const v = p[name];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ValidationError(`parameters.${name} must be an integer between ${min} and ${max}`);
    }
    return v;
  };
  return { thumbnailSize: int('thumbnail_size', DEFAULTS.thumbnailSize, 16, 2048), histogramBins: int('histogram_bins', DEFAULTS.histogramBins, 2, 64) };
}

/** Normalized RGB histogram: bins per channel, each channel summing to 1. */
export async function histogram(image: Buffer, bins: number): Promise<Float32Array> {
  // A small copy is enough for colour proportions and keeps big images cheap.
  const { data, info } = await sharp(image, { limitInputPixels: MAX_PIXELS })
    .resize(128, 128, { fit: 'inside' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out = new Float32Array(3 * bins);
  const pixels = info.width * info.height;
  for (let i = 0; i < pixels; i += 1) {
    for (let c = 0; c < 3; c += 1) {
      const value = data[i * info.channels + c] as number;
      const bin = Math.min(bins - 1, Math.floor((value * bins) / 256));
      out[c * bins + bin] = (out[c * bins + bin] as number) + 1 / pixels;
    }
  }
  return out;
}

/**
 * Difference hash: a 9x8 grey thumbnail, one bit per horizontal neighbour pair (left brighter).
 * Returned as hex and as a +1/-1 vector, so cosine similarity ranks like Hamming distance.
 */
async function dHash(image: Buffer): Promise<{ hex: string; vector: Float32Array }> {
  const data = await sharp(image, { limitInputPixels: MAX_PIXELS }).greyscale().resize(9, 8, { fit: 'fill' }).raw().toBuffer();
  const vector = new Float32Array(PHASH_BITS);
  let hex = '';
  let nibble = 0;
  for (let row = 0; row < 8; row += 1) {
    for (let col = 0; col < 8; col += 1) {
      const bit = (data[row * 9 + col] as number) > (data[row * 9 + col + 1] as number) ? 1 : 0;
      const i = row * 8 + col;
      vector[i] = bit === 1 ? 1 : -1;
      nibble = (nibble << 1) | bit;
      if (i % 4 === 3) {
        hex += nibble.toString(16);
        nibble = 0;
      }
    }
  }
  return { hex, vector };
}

/** Where an item's thumbnail goes: deterministic, so a re-run overwrites it. */
export function thumbnailKey(context: Pick<ExtractorContext, 'namespaceId' | 'collectionId'>, itemId: string): string {
  return `${context.namespaceId}/derived/${context.collectionId}/${itemId}/thumbnail.jpg`;
}

async function extractOne(input: ExtractorInput, params: ImageExtractorParams, context: ExtractorContext | undefined): Promise<ExtractorResult> {
  const image = input.values['image'];
  if (!Buffer.isBuffer(image)) {
    const reason = image === undefined ? 'input "image" is missing: check the collection input_mappings' : 'input "image" is not an image blob';
    return { itemId: input.itemId, ok: false, error: new ExtractionError(reason, 'validation', 'resolve_inputs') };
  }
  if (context === undefined) {
    return { itemId: input.itemId, ok: false, error: new ExtractionError('no object storage for the thumbnail', 'dependency', 'thumbnail') };
  }
  let metadata: Metadata;
  try {
    metadata = await sharp(image, { limitInputPixels: MAX_PIXELS }).metadata();
    if (metadata.width === undefined || metadata.height === undefined) throw new Error('no dimensions');
  } catch (cause) {
    return {
      itemId: input.itemId,
      ok: false,
      error: new ExtractionError(`not a decodable image: ${(cause as Error).message}`, 'validation', 'decode', { cause }),
    };
  }
  try {
    // Decoding the pixels is where truncated files fail (the header alone may be intact).
    const thumbnail = await sharp(image, { limitInputPixels: MAX_PIXELS })
      .rotate()
      .resize(params.thumbnailSize, params.thumbnailSize, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    const [hist, hash] = await Promise.all([histogram(image, params.histogramBins), dHash(image)]);
    const key = thumbnailKey(context, input.itemId);
    await context.objects.put(key, thumbnail.data, 'image/jpeg');
    return {
      itemId: input.itemId,
      ok: true,
      documents: [
        {
          position: 0,
          payload: {
            width: metadata.width,
            height: metadata.height,
            format: metadata.format,
            channels: metadata.channels,
            has_alpha: metadata.hasAlpha,
            orientation: metadata.orientation ?? null,
            exif: metadata.exif !== undefined ? readExifBasics(metadata.exif) : null,
            thumbnail: { key, width: thumbnail.info.width, height: thumbnail.info.height, format: 'jpeg' },
            phash: hash.hex,
            content_hash: `sha256:${createHash('sha256').update(image).digest('hex')}`,
          },
          vectors: { [IMAGE_HISTOGRAM_INDEX]: hist, [IMAGE_PHASH_INDEX]: hash.vector },
        },
      ],
    };
  } catch (cause) {
    const message = (cause as Error).message;
    // sharp reports corrupt and truncated data as decode errors: the input is bad, retrying won't help.
    const category = /storage|ECONN|EIO/i.test(message) ? 'dependency' : 'validation';
    return {
      itemId: input.itemId,
      ok: false,
      error: new ExtractionError(`image processing failed: ${message}`, category, category === 'dependency' ? 'thumbnail' : 'decode', { cause }),
    };
  }
}

/** image_extractor@v1: dimensions, format, EXIF basics, a thumbnail, a colour histogram and a perceptual hash. */
export const imageExtractor: ExtractorDefinition<ImageExtractorParams> = {
  name: 'image_extractor',
  version: 'v1',
  description:
    'Reads an image: dimensions, format, EXIF basics (make, model, date, orientation), a JPEG thumbnail in object storage, an RGB colour histogram vector and a 64-bit perceptual (difference) hash vector for near-duplicate search.',
  supportedInputTypes: ['image'],
  inputSchema: { type: 'object', properties: { image: { type: 'string', contentEncoding: 'binary', description: 'An image blob (PNG, JPEG, WebP, GIF, TIFF, AVIF)' } }, required: ['image'] },
  parameterSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      thumbnail_size: { type: 'integer', minimum: 16, maximum: 2048, default: DEFAULTS.thumbnailSize },
      histogram_bins: { type: 'integer', minimum: 2, maximum: 64, default: DEFAULTS.histogramBins },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      width: { type: 'integer' },
      height: { type: 'integer' },
      format: { type: 'string' },
      channels: { type: 'integer' },
      has_alpha: { type: 'boolean' },
      orientation: { type: ['integer', 'null'] },
      exif: { type: ['object', 'null'] },
      thumbnail: { type: 'object' },
      phash: { type: 'string' },
      content_hash: { type: 'string' },
      [IMAGE_HISTOGRAM_INDEX]: { type: 'array', items: { type: 'number' } },
      [IMAGE_PHASH_INDEX]: { type: 'array', items: { type: 'number' } },
    },
  },
  positionFields: [],
  parseParameters: parse,
  vectorIndexes(params): VectorIndex[] {
    return [
      { name: IMAGE_HISTOGRAM_INDEX, dimensions: 3 * params.histogramBins, distance: 'cosine' },
      { name: IMAGE_PHASH_INDEX, dimensions: PHASH_BITS, distance: 'cosine' },
    ];
  },
  async run(inputs, params, context) {
    const results: ExtractorResult[] = [];
    // One at a time: libvips already uses the cores, and memory stays bounded by one image.
    for (const input of inputs) results.push(await extractOne(input, params, context));
    return results;
  },
};
