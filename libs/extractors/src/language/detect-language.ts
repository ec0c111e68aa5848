import { data } from 'franc-min/data.js';
import { expressions } from 'franc-min/expressions.js';

/** Texts shorter than this are not classified: trigram statistics say nothing about them. */
const MIN_LENGTH = 20;
/** franc's sample cap and its penalty for a trigram a language model does not have. */
const MAX_LENGTH = 2048;
const MAX_DIFFERENCE = 300;

/**
 * One script's language models turned inside out: for each trigram, the languages that have it
 * and its rank there (pairs of language index and rank). franc compares the input's trigrams
 * with every model of the script one lookup at a time (trigrams x languages); with postings each
 * input trigram costs one lookup, which is what made language detection the text extractor's
 * largest cost (docs/benchmarks.md).
 */
interface ScriptModel {
  languages: string[];
  /** By trigram key (trigramKey): no string is cut out of the input per trigram. */
  postings: Map<number, number[]>;
}

/** Three UTF-16 code units as one exact number (48 bits): franc's trigrams are three code units. */
function trigramKey(text: string, at: number): number {
  return text.charCodeAt(at) * 4294967296 + text.charCodeAt(at + 1) * 65536 + text.charCodeAt(at + 2);
}

const models = new Map<string, ScriptModel>();

function modelOf(script: string): ScriptModel | undefined {
  const cached = models.get(script);
  if (cached !== undefined) return cached;
  const languages = data[script];
  if (languages === undefined) return undefined;
  const model: ScriptModel = { languages: Object.keys(languages), postings: new Map() };
  model.languages.forEach((language, index) => {
    const trigrams = (languages[language] as string).split('|');
    const rank = new Map<string, number>();
    // From the end, as franc builds its dictionaries: a trigram listed twice keeps its first rank.
    for (let i = trigrams.length - 1; i >= 0; i -= 1) rank.set(trigrams[i] as string, i);
    for (const [trigram, r] of rank) {
      // A listed trigram of another length could never equal three code units of the input.
      if (trigram.length !== 3) continue;
      const key = trigramKey(trigram, 0);
      let list = model.postings.get(key);
      if (list === undefined) model.postings.set(key, (list = []));
      list.push(index, r);
    }
  });
  models.set(script, model);
  return model;
}

const SCRIPTS = Object.keys(expressions);

/**
 * ASCII text's top script without running the ~20 script expressions over it: of them only
 * Latin's matches ASCII characters (the letters), so Latin wins with its letter count, or, with
 * no letter at all, the first script listed wins the tie at 0. null when the text is not ASCII.
 */
function asciiTopScript(value: string): [string | undefined, number] | null {
  let letters = 0;
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c > 0x7f) return null;
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) letters += 1;
  }
  return letters > 0 ? ['Latin', letters] : [SCRIPTS[0], 0];
}

/** The script whose characters occur most (the first one listed wins ties), and its count. */
function topScript(value: string): [string | undefined, number] {
  const ascii = asciiTopScript(value);
  if (ascii !== null) return ascii;
  let top: string | undefined;
  let topCount = -1;
  for (const [script, expression] of Object.entries(expressions)) {
    const count = value.match(expression)?.length ?? 0;
    if (count > topCount) {
      topCount = count;
      top = script;
    }
  }
  return [top, topCount];
}

/** Trigram counts of the text as franc cleans it: no ASCII punctuation or digits, single spaces, lower case, padded. */
function trigramCounts(value: string): Map<number, number> {
  const cleaned = ` ${value.replace(/[\u0021-\u0040]+/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase()} `;
  const counts = new Map<number, number>();
  for (let i = 0; i + 3 <= cleaned.length; i += 1) {
    const key = trigramKey(cleaned, i);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The ISO 639-3 code of a text's language (franc-min's models: the ~80 most spoken languages), or
 * `und` when the text is too short or ambiguous. The same answer as `franc(text, {minLength: 20})`
 * (a test holds them equal), computed with inverted trigram models. franc-min rather than franc:
 * the full model calls plain English "sco" (Scots).
 */
export function detectLanguage(text: string): string {
  if (text.trim().length < MIN_LENGTH) return 'und';
  const value = text.slice(0, MAX_LENGTH);
  const [script, count] = topScript(value);
  if (script === undefined) return 'und';
  const model = modelOf(script);
  // A script of a single language (e.g. Han for Mandarin) names the language itself.
  if (model === undefined) return count === 0 ? 'und' : script;
  const counts = trigramCounts(value);
  // Every language starts at the full penalty for each trigram and gets it back for the ones it has.
  const distances = new Array<number>(model.languages.length).fill(counts.size * MAX_DIFFERENCE);
  for (const [trigram, n] of counts) {
    const list = model.postings.get(trigram);
    if (list === undefined) continue;
    for (let i = 0; i < list.length; i += 2) {
      const language = list[i] as number;
      distances[language] = (distances[language] as number) + Math.abs(n - (list[i + 1] as number) - 1) - MAX_DIFFERENCE;
    }
  }
  // franc sorts by distance with a stable sort: the first language listed wins a tie.
  let best = 0;
  for (let i = 1; i < distances.length; i += 1) if ((distances[i] as number) < (distances[best] as number)) best = i;
  return model.languages[best] as string;
}
