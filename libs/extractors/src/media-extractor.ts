import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtractionError, ValidationError, VectorIndex } from '@strata/domain';
import { ExtractorContext, ExtractorDefinition, ExtractorInput, ExtractorResult } from './extractor';
import { histogram } from './image-extractor';
import { MixpeekParameterModel, anyOf, fromMixpeekModel, onlyValues } from './parameters';
import type { ExtractorRuntime } from './runtime';

export interface MediaExtractorParams {
  /** Length of each segment, in seconds. */
  segmentSeconds: number;
  /** Width of keyframe thumbnails, in pixels. */
  thumbnailWidth: number;
  /** Extract the audio track (mono 16 kHz WAV) to object storage. */
  extractAudio: boolean;
}

export const MEDIA_KEYFRAME_INDEX = 'video_extractor_v1_keyframe_histogram';
const HISTOGRAM_BINS = 8;
/** Media longer than this is refused: segments are documents, and a day of video is not a batch item. */
const MAX_DURATION_S = 6 * 3600;

const NOT_HERE = 'is not available in Strata; leave it at its default (docs/api-compatibility.md#extractor-parameters)';

/**
 * Mixpeek's MultimodalExtractorParams, read by video_extractor: time_split_interval is honoured
 * as segment_seconds; time splitting is the only method; the model-based steps (transcription,
 * description, OCR) are accepted only when off, the rest has no effect here.
 */
export const VIDEO_MIXPEEK_MODEL: MixpeekParameterModel = {
  extractorTypes: ['video_extractor', 'multimodal_extractor'],
  renamed: { time_split_interval: 'segment_seconds' },
  inert: {
    split_method: onlyValues(`only "time" splitting ${NOT_HERE}`, 'time'),
    description_prompt: anyOf('string'),
    silence_db_threshold: anyOf('number'),
    scene_detection_threshold: anyOf('number'),
    run_transcription: onlyValues(`run_transcription ${NOT_HERE}`, false),
    transcription_language: anyOf('string'),
    run_video_description: onlyValues(`run_video_description ${NOT_HERE}`, false),
    run_transcription_embedding: onlyValues(`run_transcription_embedding ${NOT_HERE}`, false),
    run_multimodal_embedding: anyOf('boolean'),
    run_ocr: onlyValues(`run_ocr ${NOT_HERE}`, false),
    sensitivity: anyOf('string'),
    enable_thumbnails: anyOf('boolean'),
    use_cdn: anyOf('boolean'),
    generation_config: (v) => (v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v)) ? null : 'must be an object or null'),
    response_shape: onlyValues('Strata does not run LLM extraction; leave it out or null'),
  },
};

function parse(raw: Record<string, unknown> | undefined): MediaExtractorParams {
  const p = fromMixpeekModel('video_extractor', raw, VIDEO_MIXPEEK_MODEL);
  const unknown = Object.keys(p).filter((k) => !['segment_seconds', 'thumbnail_width', 'extract_audio'].includes(k));
  if (unknown.length > 0) {
    throw new ValidationError(`unknown video_extractor parameter(s): ${unknown.join(', ')}; allowed: segment_seconds, thumbnail_width, extract_audio`);
  }
  const seconds = p['segment_seconds'] ?? 10;
  if (typeof seconds !== 'number' || !(seconds >= 0.5 && seconds <= 3600)) {
    throw new ValidationError('parameters.segment_seconds must be a number between 0.5 and 3600');
  }
  const width = p['thumbnail_width'] ?? 256;
  if (typeof width !== 'number' || !Number.isInteger(width) || width < 16 || width > 1920) {
    throw new ValidationError('parameters.thumbnail_width must be an integer between 16 and 1920');
  }
  const audio = p['extract_audio'] ?? true;
  if (typeof audio !== 'boolean') throw new ValidationError('parameters.extract_audio must be true or false');
  return { segmentSeconds: seconds, thumbnailWidth: width, extractAudio: audio };
}

/** Runs ffmpeg/ffprobe with a time limit; resolves stdout. Missing binaries are a dependency error. */
function run(command: 'ffmpeg' | 'ffprobe', args: string[], stage: string, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => {
      err = (err + c.toString('utf8')).slice(-2_000);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new ExtractionError(`${command} is not installed on this worker (apt-get install -y ffmpeg)`, 'dependency', stage, { retryable: false })
          : new ExtractionError(`${command} could not start: ${error.message}`, 'runtime', stage, { cause: error, retryable: false }),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) return reject(new ExtractionError(`${command} took longer than ${timeoutMs} ms`, 'resource', stage, { retryable: false }));
      if (code !== 0) {
        const why = err.split('\n').filter(Boolean).slice(-2).join(' | ');
        return reject(new ExtractionError(`${command} failed (${String(code)}): ${why}`, 'validation', stage, { retryable: false }));
      }
      resolve(Buffer.concat(out));
    });
  });
}

interface Probe {
  durationS: number;
  formatName: string;
  video: { codec: string; width: number; height: number; fps: number | null } | null;
  audio: { codec: string; sampleRate: number; channels: number } | null;
}

async function probe(file: string, timeoutMs: number): Promise<Probe> {
  const json = JSON.parse((await run('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file], 'probe', timeoutMs)).toString('utf8')) as {
    format?: { duration?: string; format_name?: string };
    streams?: Array<Record<string, unknown>>;
  };
  const streams = json.streams ?? [];
  const v = streams.find((s) => s['codec_type'] === 'video' && (s['disposition'] as Record<string, number> | undefined)?.['attached_pic'] !== 1);
  const a = streams.find((s) => s['codec_type'] === 'audio');
  const durationS = Number(json.format?.duration ?? v?.['duration'] ?? a?.['duration']);
  if (!Number.isFinite(durationS) || durationS <= 0) throw new ExtractionError('the media has no duration (not audio or video?)', 'validation', 'probe');
  const rate = typeof v?.['avg_frame_rate'] === 'string' ? (v['avg_frame_rate'] as string).split('/').map(Number) : null;
  return {
    durationS,
    formatName: json.format?.format_name ?? 'unknown',
    video:
      v === undefined
        ? null
        : {
            codec: String(v['codec_name']),
            width: Number(v['width']),
            height: Number(v['height']),
            fps: rate !== null && (rate[1] ?? 0) > 0 ? Math.round(((rate[0] ?? 0) / (rate[1] as number)) * 100) / 100 : null,
          },
    audio: a === undefined ? null : { codec: String(a['codec_name']), sampleRate: Number(a['sample_rate']), channels: Number(a['channels']) },
  };
}

function mediaKey(context: ExtractorContext, itemId: string, name: string): string {
  return `${context.namespaceId}/derived/${context.collectionId}/${itemId}/${name}`;
}

async function extractOne(
  input: ExtractorInput,
  params: MediaExtractorParams,
  context: ExtractorContext | undefined,
  timeoutMs: number,
): Promise<ExtractorResult> {
  const media = input.values['media'];
  if (!Buffer.isBuffer(media)) {
    const reason = media === undefined ? 'input "media" is missing: check the collection input_mappings' : 'input "media" is not a video or audio blob';
    return { itemId: input.itemId, ok: false, error: new ExtractionError(reason, 'validation', 'resolve_inputs') };
  }
  if (context === undefined) return { itemId: input.itemId, ok: false, error: new ExtractionError('no object storage', 'dependency', 'store') };
  const dir = await mkdtemp(join(tmpdir(), 'strata-media-'));
  try {
    const file = join(dir, 'input');
    await writeFile(file, media);
    const info = await probe(file, timeoutMs);
    if (info.durationS > MAX_DURATION_S) {
      throw new ExtractionError(`the media lasts ${Math.round(info.durationS)} s; at most ${MAX_DURATION_S} s per item`, 'validation', 'probe');
    }
    let audioKey: string | null = null;
    if (params.extractAudio && info.audio !== null) {
      const wav = await run('ffmpeg', ['-v', 'error', '-i', file, '-vn', '-ac', '1', '-ar', '16000', '-f', 'wav', 'pipe:1'], 'extract_audio', timeoutMs);
      audioKey = mediaKey(context, input.itemId, 'audio.wav');
      await context.objects.put(audioKey, wav, 'audio/wav');
    }
    const count = Math.max(1, Math.ceil(info.durationS / params.segmentSeconds - 1e-9));
    const documents = [];
    for (let i = 0; i < count; i += 1) {
      const start = i * params.segmentSeconds;
      const end = Math.min(info.durationS, start + params.segmentSeconds);
      const startMs = Math.round(start * 1000);
      const payload: Record<string, unknown> = {
        segment_index: i,
        segment_count: count,
        start_time: Math.round(start * 1000) / 1000,
        end_time: Math.round(end * 1000) / 1000,
        duration: info.durationS,
        container: info.formatName,
        video: info.video,
        audio: info.audio,
        audio_key: audioKey,
        thumbnail_key: null,
      };
      const vectors: Record<string, Float32Array> = {};
      if (info.video !== null) {
        // The frame in the middle of the segment stands for it (a scene's first frame is often a cut).
        const at = (start + end) / 2;
        const jpeg = await run(
          'ffmpeg',
          ['-v', 'error', '-ss', at.toFixed(3), '-i', file, '-frames:v', '1', '-vf', `scale=${params.thumbnailWidth}:-2`, '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1'],
          'keyframe',
          timeoutMs,
        );
        if (jpeg.length > 0) {
          const key = mediaKey(context, input.itemId, `segment-${startMs}.jpg`);
          await context.objects.put(key, jpeg, 'image/jpeg');
          payload['thumbnail_key'] = key;
          vectors[MEDIA_KEYFRAME_INDEX] = await histogram(jpeg, HISTOGRAM_BINS);
        }
      }
      // Position = segment start in ms: re-running with the same segment length overwrites.
      documents.push({ position: `s${startMs}`, payload, vectors });
    }
    return { itemId: input.itemId, ok: true, documents };
  } catch (cause) {
    const error =
      cause instanceof ExtractionError ? cause : new ExtractionError(`media extraction failed: ${(cause as Error).message}`, 'runtime', 'extract', { cause });
    return { itemId: input.itemId, ok: false, error };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** video_extractor@v1: ffprobe metadata, fixed-length segments with keyframe thumbnails, the audio track. */
export const mediaExtractor = (runtime: ExtractorRuntime): ExtractorDefinition<MediaExtractorParams> => ({
  name: 'video_extractor',
  version: 'v1',
  description:
    'Video or audio via ffprobe/ffmpeg: container and stream metadata, one document per segment (segment_seconds) with start_time and end_time, a keyframe thumbnail per video segment (and its colour histogram vector), and the audio track as mono 16 kHz WAV in object storage.',
  supportedInputTypes: ['video', 'audio'],
  inputSchema: { type: 'object', properties: { media: { type: 'string', contentEncoding: 'binary', description: 'A video or audio blob' } }, required: ['media'] },
  parameterSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      segment_seconds: { type: 'number', minimum: 0.5, maximum: 3600, default: 10 },
      thumbnail_width: { type: 'integer', minimum: 16, maximum: 1920, default: 256 },
      extract_audio: { type: 'boolean', default: true },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      segment_index: { type: 'integer' },
      segment_count: { type: 'integer' },
      start_time: { type: 'number' },
      end_time: { type: 'number' },
      duration: { type: 'number' },
      container: { type: 'string' },
      video: { type: ['object', 'null'] },
      audio: { type: ['object', 'null'] },
      audio_key: { type: ['string', 'null'] },
      thumbnail_key: { type: ['string', 'null'] },
      [MEDIA_KEYFRAME_INDEX]: { type: 'array', items: { type: 'number' } },
    },
  },
  positionFields: ['start_time'],
  parseParameters: parse,
  vectorIndexes(): VectorIndex[] {
    return [{ name: MEDIA_KEYFRAME_INDEX, dimensions: 3 * HISTOGRAM_BINS, distance: 'cosine' }];
  },
  async run(inputs, params, context) {
    const results: ExtractorResult[] = [];
    // One file at a time: ffmpeg already uses the cores.
    for (const input of inputs) results.push(await extractOne(input, params, context, runtime.isolation.limits.timeoutMs));
    return results;
  },
});
