import { ExtractionError, ValidationError, VectorIndex } from '@strata/domain';
import { ExtractorDefinition, ExtractorResult } from './extractor';

/** passthrough_extractor has no parameters. */
export type PassthroughParams = Record<string, never>;

/**
 * passthrough_extractor@v1: one document per source item, no model and no vector. What lands on
 * the document is what the collection copies: its `field_passthrough` fields, or every source
 * field with `include_all_source_fields` (the worker copies them; see ProcessWorkItem). An
 * optional `value` input is stored as `value`, so a single field can be lifted without renaming.
 */
export const passthroughExtractor: ExtractorDefinition<PassthroughParams> = {
  name: 'passthrough_extractor',
  version: 'v1',
  description:
    'Copies source fields onto one document per source item without a model (use field_passthrough or include_all_source_fields); no vectors.',
  supportedInputTypes: ['string', 'number', 'integer', 'float', 'boolean', 'object', 'array', 'date', 'datetime', 'text', 'json'],
  inputSchema: { type: 'object', properties: { value: { description: 'optional: one source field stored as `value`' } }, required: [] },
  parameterSchema: { type: 'object', additionalProperties: false, properties: {} },
  outputSchema: { type: 'object', properties: { value: { description: 'the optional `value` input, as given' } } },
  positionFields: [],
  parseParameters(raw) {
    const keys = Object.keys(raw ?? {}).filter((k) => k !== 'extractor_type');
    if (keys.length > 0) {
      throw new ValidationError(`passthrough_extractor takes no parameters; got ${keys.join(', ')} (use field_passthrough on feature_extractor)`);
    }
    return {};
  },
  vectorIndexes(): VectorIndex[] {
    return [];
  },
  run(inputs): ExtractorResult[] {
    return inputs.map((input) => {
      const value = input.values['value'];
      if (typeof value === 'function' || typeof value === 'symbol') {
        return { itemId: input.itemId, ok: false, error: new ExtractionError('input "value" is not data', 'validation', 'resolve_inputs') };
      }
      return {
        itemId: input.itemId,
        ok: true,
        // Position 0: exactly one document per source, so a re-run overwrites it.
        documents: [{ position: 0, payload: value === undefined ? {} : { value }, vectors: {} }],
      };
    });
  },
};
