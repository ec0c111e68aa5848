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
