import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A tiny BERT-shaped embedding model written on the fly, so the `onnx` provider is tested with a
 * real ONNX graph, a real WordPiece tokenizer and the real runtime, without downloading anything.
 * The graph is one Gather over an embedding table: last_hidden_state[b, s] = table[input_ids[b, s]].
 * With mean pooling the sentence vector is the mean of the token rows (see expectedTinyEmbedding).
 */

// --- protobuf wire format, just what onnx.proto needs ---
function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}
const int = (field: number, value: number): Buffer => Buffer.concat([varint(field << 3), varint(value)]);
function bytes(field: number, value: Buffer | string): Buffer {
  const body = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([varint((field << 3) | 2), varint(body.length), body]);
}
const msg = (field: number, ...parts: Buffer[]): Buffer => bytes(field, Buffer.concat(parts));

const FLOAT = 1;
const INT64 = 7;
/** ValueInfoProto with a tensor type; string dims are symbolic (dim_param). */
function valueInfo(field: number, name: string, elemType: number, dims: Array<number | string>): Buffer {
  const shape = dims.map((d) => msg(1, typeof d === 'number' ? int(1, d) : bytes(2, d)));
  return msg(field, bytes(1, name), msg(2, msg(1, int(1, elemType), msg(2, ...shape))));
}

/** Row `token` of the embedding table: deterministic, distinct per token. */
export function tinyEmbeddingRow(token: number, hidden: number): number[] {
  return Array.from({ length: hidden }, (_, h) => Math.sin(token * 1.7 + h * 0.31) + (h === token % hidden ? 1 : 0));
}

export function tinyOnnxModel(vocabSize: number, hidden: number): Buffer {
  const table = Buffer.alloc(vocabSize * hidden * 4);
  for (let t = 0; t < vocabSize; t += 1) tinyEmbeddingRow(t, hidden).forEach((v, h) => table.writeFloatLE(v, (t * hidden + h) * 4));
  const initializer = msg(5, int(1, vocabSize), int(1, hidden), int(2, FLOAT), bytes(8, 'embeddings'), bytes(9, table));
  const gather = msg(1, bytes(1, 'embeddings'), bytes(1, 'input_ids'), bytes(2, 'last_hidden_state'), bytes(3, 'gather'), bytes(4, 'Gather'));
  const graph = msg(
    7,
    gather,
    bytes(2, 'tiny-bert'),
    initializer,
    valueInfo(11, 'input_ids', INT64, ['batch', 'sequence']),
    valueInfo(11, 'attention_mask', INT64, ['batch', 'sequence']),
    valueInfo(12, 'last_hidden_state', FLOAT, ['batch', 'sequence', hidden]),
  );
  // ir_version 8, producer, graph, opset 17 of the default domain.
  return Buffer.concat([int(1, 8), bytes(2, 'strata-tests'), graph, msg(8, bytes(1, ''), int(2, 17))]);
}

export const TINY_VOCAB = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  '[MASK]',
  'the',
  'a',
  'ship',
  'harbour',
  'sea',
  'light',
  '##house',
  'quiet',
  'tide',
  'evening',
  'weather',
  'is',
  'and',
  '.',
  ',',
];

/**
 * Writes config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx into `dir`.
 * `unembedded` words get token ids past the end of the table, so inference of a text that
 * contains one fails inside the runtime (a per-text runtime error).
 */
export async function writeTinyOnnxModel(dir: string, hidden = 16, unembedded: readonly string[] = []): Promise<void> {
  const vocab = Object.fromEntries([...TINY_VOCAB, ...unembedded].map((token, id) => [token, id]));
  const special = (content: string) => ({
    id: vocab[content],
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map(special),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [vocab['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [vocab['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 64,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: hidden,
    vocab_size: TINY_VOCAB.length,
    max_position_embeddings: 64,
  };
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig));
  await writeFile(join(dir, 'onnx', 'model.onnx'), tinyOnnxModel(TINY_VOCAB.length, hidden));
}

/**
 * What the tiny model with mean pooling and L2 normalisation yields for a text whose WordPiece
 * ids are `tokenIds` (without [CLS]/[SEP]; they are added here as the tokenizer does).
 */
export function expectedTinyEmbedding(tokenIds: number[], hidden = 16): number[] {
  const ids = [2, ...tokenIds, 3];
  const mean = Array.from({ length: hidden }, (_, h) => ids.reduce((sum, id) => sum + (tinyEmbeddingRow(id, hidden)[h] as number), 0) / ids.length);
  const norm = Math.sqrt(mean.reduce((s, v) => s + v * v, 0));
  return mean.map((v) => v / norm);
}

/** WordPiece ids of a text made of TINY_VOCAB words (lower-case, space/punctuation separated). */
export function tinyTokenIds(text: string): number[] {
  const out: number[] = [];
  for (const word of text.toLowerCase().match(/[a-z]+|[.,]/g) ?? []) {
    // Greedy longest match; a word that cannot be split entirely becomes one [UNK], as in WordPiece.
    const pieces: number[] = [];
    let rest = word;
    let prefix = '';
    while (rest.length > 0) {
      let end = rest.length;
      while (end > 0 && !TINY_VOCAB.includes(prefix + rest.slice(0, end))) end -= 1;
      if (end === 0) break;
      pieces.push(TINY_VOCAB.indexOf(prefix + rest.slice(0, end)));
      rest = rest.slice(end);
      prefix = '##';
    }
    out.push(...(rest.length === 0 ? pieces : [1]));
  }
  return out;
}
