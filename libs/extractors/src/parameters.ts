import { ValidationError } from '@strata/domain';

/** An integer parameter in [min, max], `fallback` when absent. @throws ValidationError naming the field. */
export function intParameter(raw: unknown, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
    throw new ValidationError(`parameters.${name} must be an integer between ${min} and ${max}`, [
      {
        location: `feature_extractor.parameters.${name}`,
        message: `expected an integer in [${min}, ${max}]`,
        type: 'value_error',
      },
    ]);
  }
  return raw;
}

/**
 * What a field of Mixpeek's parameter model means here: `null` when the value is accepted (it has
 * no effect in Strata, or its default), else why the value contradicts what Strata can do.
 */
export type MixpeekFieldCheck = (value: unknown) => string | null;

/** Mixpeek's parameter model of one extractor, as Strata reads it (docs/api-compatibility.md#extractor-parameters). */
export interface MixpeekParameterModel {
  /** Values of `extractor_type` that name this extractor. */
  extractorTypes: readonly string[];
  /** Fields of Mixpeek's model with no counterpart here: accepted unless their value asks for what Strata cannot do. */
  inert: Readonly<Record<string, MixpeekFieldCheck>>;
  /** Mixpeek fields honoured under a Strata name: `{ mixpeek_name: 'strata_name' }`. */
  renamed?: Readonly<Record<string, string>>;
}

/** Accepted only when absent, null or one of `accepted` (Mixpeek's defaults). */
export function onlyValues(what: string, ...accepted: unknown[]): MixpeekFieldCheck {
  return (value) => (value === undefined || value === null || accepted.includes(value) ? null : what);
}

/** Accepted with any value of the given JSON type (or null): it has no effect here. */
export function anyOf(type: 'string' | 'number' | 'boolean'): MixpeekFieldCheck {
  return (value) => (value === undefined || value === null || typeof value === type ? null : `must be a ${type} or null`);
}

/**
 * Strata's own parameters from a body that may hold Mixpeek's whole parameter model: checks
 * `extractor_type`, accepts the inert fields (or names the contradiction), renames what maps, and
 * returns the rest for the extractor's own parsing. A null value means "not given", as in Mixpeek.
 * @throws ValidationError naming each contradicting field
 */
export function fromMixpeekModel(extractor: string, raw: Record<string, unknown> | undefined, model: MixpeekParameterModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const problems: Array<{ location: string; message: string; type: string }> = [];
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (key === 'extractor_type') {
      // Only another extractor's name contradicts; older bodies carry loose values such as "text".
      if (typeof value === 'string' ? /_extractor$/.test(value) && !model.extractorTypes.includes(value) : value !== undefined && value !== null) {
        problems.push({ location: `feature_extractor.parameters.${key}`, message: `must be ${model.extractorTypes.map((t) => `"${t}"`).join(' or ')} for ${extractor}`, type: 'value_error' });
      }
      continue;
    }
    const check = model.inert[key];
    if (check !== undefined) {
      const problem = check(value);
      if (problem !== null) problems.push({ location: `feature_extractor.parameters.${key}`, message: problem, type: 'value_error' });
      continue;
    }
    const target = model.renamed?.[key] ?? key;
    if (value === null) continue;
    if (target !== key && raw?.[target] !== undefined && raw[target] !== null && raw[target] !== value) {
      problems.push({ location: `feature_extractor.parameters.${key}`, message: `contradicts parameters.${target}; send one of them`, type: 'value_error' });
      continue;
    }
    out[target] = value;
  }
  if (problems.length > 0) {
    throw new ValidationError(`${extractor} parameters: ${problems.map((p) => `${p.location.replace('feature_extractor.', '')} ${p.message}`).join('; ')}`, problems);
  }
  return out;
}
