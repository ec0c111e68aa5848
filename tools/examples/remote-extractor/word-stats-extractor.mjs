// A remote (out-of-process) Strata extractor: `word_stats@v1`. Any language works; this one is
// plain Node with the `nats` client. It answers requests on <prefix>.extract.v1.word_stats_v1 in
// the queue group <prefix>-extractor-word_stats_v1 (run several for more throughput), per the
// protocol in libs/contracts/src/remote-extractor.ts.
//
//   NATS_URL=nats://127.0.0.1:4222 STRATA_PREFIX=strata node tools/examples/remote-extractor/word-stats-extractor.mjs
//
// Declare it to Strata with the spec in word-stats.extractor.json (see docs/extractors.md).
import { connect } from 'nats';

const prefix = process.env.STRATA_PREFIX ?? 'strata';
const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
const subject = `${prefix}.extract.v1.word_stats_v1`;
const sub = nc.subscribe(subject, { queue: `${prefix}-extractor-word_stats_v1` });

function extract(item, parameters) {
  let text = item.values.text;
  if (text && typeof text === 'object' && typeof text.$binary === 'string') text = Buffer.from(text.$binary, 'base64').toString('utf8');
  if (typeof text !== 'string') {
    return { item_id: item.item_id, ok: false, error: { message: 'input "text" must be a string', category: 'validation', stage: 'resolve_inputs' } };
  }
  const words = text.split(/\s+/).filter(Boolean);
  const min = Number(parameters.min_length ?? 1);
  const kept = words.filter((w) => w.length >= min);
  const avg = kept.length === 0 ? 0 : kept.reduce((n, w) => n + w.length, 0) / kept.length;
  return {
    item_id: item.item_id,
    ok: true,
    documents: [{ position: 0, payload: { word_count: kept.length, average_word_length: avg }, vectors: { word_stats_v1_shape: [kept.length, avg, text.length, 1] } }],
  };
}

process.stdout.write(`word_stats@v1 listening on ${subject}\n`);
for await (const msg of sub) {
  try {
    const request = JSON.parse(new TextDecoder().decode(msg.data));
    const results = request.inputs.map((item) => extract(item, request.parameters ?? {}));
    msg.respond(JSON.stringify({ schema: 'strata.extract-reply', version: 1, results }));
  } catch (error) {
    msg.respond(JSON.stringify({ schema: 'strata.extract-reply', version: 1, results: [], error: String(error) }));
  }
}
