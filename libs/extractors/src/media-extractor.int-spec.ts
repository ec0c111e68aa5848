import { InMemoryObjectStorage } from '@strata/fakes';
import { lavfiMp4 } from '@strata/testing';
import sharp from 'sharp';
import { MEDIA_KEYFRAME_INDEX, mediaExtractor as mediaExtractorOf } from './media-extractor';
import { ExtractorRuntime } from './runtime';

const mediaExtractor = mediaExtractorOf(new ExtractorRuntime());

/** Real ffmpeg/ffprobe (tools/scripts/ensure-tools.sh installs them), on a fixture made with lavfi. */
describe('video_extractor@v1 (ffprobe/ffmpeg)', () => {
  const objects = new InMemoryObjectStorage();
  const context = { namespaceId: 'ns_media', collectionId: 'col_media', objects };
  let mp4: Buffer;

  beforeAll(() => {
    mp4 = lavfiMp4(5);
  });

  it('segments a 5 s video by 2 s into 3 documents with start/end times, keyframe thumbnails and the audio track', async () => {
    const params = mediaExtractor.parseParameters({ segment_seconds: 2, thumbnail_width: 64 });
    const [result] = await mediaExtractor.run([{ itemId: 'obj_video', values: { media: mp4 } }], params, context);
    if (result === undefined || !result.ok) throw new Error(JSON.stringify(result));
    expect(result.documents.map((d) => [d.position, d.payload['start_time'], d.payload['end_time']])).toEqual([
      ['s0', 0, 2],
      ['s2000', 2, 4],
      ['s4000', 4, expect.closeTo(5, 1)],
    ]);
    const first = result.documents[0];
    expect(first?.payload).toMatchObject({
      segment_index: 0,
      segment_count: 3,
      video: { codec: 'mpeg4', width: 160, height: 120, fps: 10 },
      audio: { codec: 'aac', channels: 1 },
    });
    const thumb = await sharp(await objects.get(first?.payload['thumbnail_key'] as string)).metadata();
    expect(thumb).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
    expect(first?.vectors[MEDIA_KEYFRAME_INDEX]).toHaveLength(24);
    const wav = await objects.get(first?.payload['audio_key'] as string);
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    // 5 s of mono 16-bit 16 kHz audio is ~160 kB.
    expect(wav.length).toBeGreaterThan(150_000);
  });

  it('fails a corrupt or truncated file as validation/probe, and the next file still passes', async () => {
    const params = mediaExtractor.parseParameters({ segment_seconds: 10 });
    const results = await mediaExtractor.run(
      [
        { itemId: 'junk', values: { media: Buffer.from('not a video at all') } },
        { itemId: 'cut', values: { media: mp4.subarray(0, 200) } },
        { itemId: 'ok', values: { media: mp4 } },
      ],
      params,
      context,
    );
    expect(results.map((r) => (r.ok ? `ok:${r.documents.length}` : `${r.error.category}/${r.error.stage}`))).toEqual([
      'validation/probe',
      'validation/probe',
      'ok:1',
    ]);
  });

  it('validates its parameters', () => {
    expect(() => mediaExtractor.parseParameters({ segment_seconds: 0 })).toThrow(/segment_seconds/);
    expect(() => mediaExtractor.parseParameters({ fps: 1 })).toThrow(/unknown video_extractor/);
  });
});
