import { ValidationError } from '@strata/domain';
import { imageExtractor } from './image-extractor';
import { mediaExtractor as mediaExtractorOf } from './media-extractor';
import { ExtractorRuntime } from './runtime';
import { textExtractor as textExtractorOf } from './text-extractor';

const runtime = new ExtractorRuntime();
const textExtractor = textExtractorOf(runtime);
const mediaExtractor = mediaExtractorOf(runtime);

/** What Mixpeek's client sends for a text collection: its whole TextExtractorParams model, defaults included. */
const MIXPEEK_TEXT_DEFAULTS = {
  extractor_type: 'text_extractor',
  split_by: 'none',
  chunk_size: 1000,
  chunk_overlap: 0,
  response_shape: null,
  llm_provider: null,
  llm_model: null,
  llm_api_key: null,
};

function problemsOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((i) => i.location);
  }
  throw new Error('accepted');
}

describe("Mixpeek's extractor parameter models", () => {
  it("text_extractor accepts Mixpeek's TextExtractorParams and honours what maps", () => {
    expect(textExtractor.parseParameters(MIXPEEK_TEXT_DEFAULTS)).toMatchObject({ splitBy: 'none', chunkSize: 1000, chunkOverlap: 0 });
    const full = textExtractor.parseParameters({
      ...MIXPEEK_TEXT_DEFAULTS,
      split_by: 'sentences',
      chunk_size: 2,
      source_type: 'text',
      segment_length_seconds: null,
      language: 'en',
      extract_captions: false,
    });
    expect(full).toMatchObject({ splitBy: 'sentences', chunkSize: 2, language: 'en' });
  });

  it('labels chunks with the given language instead of detecting it', async () => {
    const [result] = await textExtractor.run([{ itemId: 'obj_1', values: { text: 'Der Hafen ist ruhig. Die Schiffe warten.' } }], textExtractor.parseParameters({ language: 'de', split_by: 'sentences', chunk_size: 1 }));
    expect(result?.ok).toBe(true);
    if (result?.ok === true) expect(result.documents.map((d) => d.payload['language'])).toEqual(['de', 'de']);
  });

  it('keeps the parsed parameters (and so the extractor fingerprint) unchanged when no Mixpeek field is given', () => {
    expect(Object.keys(textExtractor.parseParameters({ split_by: 'words', chunk_size: 10 })).sort()).toEqual(['chunkOverlap', 'chunkSize', 'detectLanguage', 'embedding', 'splitBy']);
  });

  it('rejects only contradictions, naming each field', () => {
    expect(problemsOf(() => textExtractor.parseParameters({ ...MIXPEEK_TEXT_DEFAULTS, extractor_type: 'image_extractor' }))).toEqual(['feature_extractor.parameters.extractor_type']);
    expect(problemsOf(() => textExtractor.parseParameters({ ...MIXPEEK_TEXT_DEFAULTS, llm_model: 'gpt-4o', response_shape: 'names' }))).toEqual([
      'feature_extractor.parameters.response_shape',
      'feature_extractor.parameters.llm_model',
    ]);
    expect(() => textExtractor.parseParameters({ language: 'not a language' })).toThrow(/language/);
    expect(() => textExtractor.parseParameters({ frobnicate: true })).toThrow(/unknown text_extractor parameter/);
  });

  it("image_extractor accepts ImageExtractorParams; video_extractor maps MultimodalExtractorParams' time_split_interval", () => {
    expect(imageExtractor.parseParameters({ extractor_type: 'image_extractor', enable_thumbnails: true, use_cdn: false })).toMatchObject({ thumbnailSize: 256 });
    expect(mediaExtractor.parseParameters({ extractor_type: 'multimodal_extractor', split_method: 'time', time_split_interval: 4, run_multimodal_embedding: true })).toMatchObject({ segmentSeconds: 4 });
    expect(problemsOf(() => mediaExtractor.parseParameters({ split_method: 'scene', run_transcription: true }))).toEqual([
      'feature_extractor.parameters.split_method',
      'feature_extractor.parameters.run_transcription',
    ]);
    expect(problemsOf(() => mediaExtractor.parseParameters({ time_split_interval: 4, segment_seconds: 5 }))).toEqual(['feature_extractor.parameters.time_split_interval']);
  });
});
