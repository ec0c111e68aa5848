import { ValidationError } from '@strata/domain';
import { passthroughExtractor } from './passthrough-extractor';

describe('passthrough_extractor@v1', () => {
  it('writes one document per input at position 0, with `value` when given, and no vectors', async () => {
    const results = await passthroughExtractor.run(
      [
        { itemId: 'a', values: { value: { nested: [1, 2] } } },
        { itemId: 'b', values: {} },
      ],
      {},
    );
    expect(results).toEqual([
      { itemId: 'a', ok: true, documents: [{ position: 0, payload: { value: { nested: [1, 2] } }, vectors: {} }] },
      { itemId: 'b', ok: true, documents: [{ position: 0, payload: {}, vectors: {} }] },
    ]);
    expect(passthroughExtractor.vectorIndexes({})).toEqual([]);
  });

  it('takes no parameters and says where passthrough fields go instead', () => {
    expect(passthroughExtractor.parseParameters(undefined)).toEqual({});
    expect(() => passthroughExtractor.parseParameters({ fields: ['x'] })).toThrow(ValidationError);
    expect(() => passthroughExtractor.parseParameters({ fields: ['x'] })).toThrow(/field_passthrough/);
  });
});
