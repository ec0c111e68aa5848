import { ErrorPolicy, canonicalJson, errorPolicyProblems, extractorFingerprint, policyBreach, sourceContentHash } from './policies';

const abort = (maxFailedItems: number | null, maxFailedRatio: number | null): ErrorPolicy => ({ onError: 'abort', maxFailedItems, maxFailedRatio });

describe('policyBreach', () => {
  it('never stops a batch whose policy is continue', () => {
    expect(policyBreach({ onError: 'continue', maxFailedItems: null, maxFailedRatio: null }, { failed: 99, total: 100 })).toBeNull();
  });

  it('aborts on the first failure when abort has no threshold', () => {
    expect(policyBreach(abort(null, null), { failed: 0, total: 10 })).toBeNull();
    expect(policyBreach(abort(null, null), { failed: 1, total: 10 })).toMatch(/no threshold set, so the first failure aborts/);
  });

  it('aborts only once failures exceed max_failed_items', () => {
    expect(policyBreach(abort(3, null), { failed: 3, total: 10 })).toBeNull();
    expect(policyBreach(abort(3, null), { failed: 4, total: 10 })).toBe('aborted: max_failed_items (3) crossed: 4 item(s) failed');
    expect(policyBreach(abort(0, null), { failed: 1, total: 10 })).toBe('aborted: max_failed_items (0) crossed: 1 item(s) failed');
  });

  it('aborts only once the failed ratio is above max_failed_ratio', () => {
    expect(policyBreach(abort(null, 0.5), { failed: 5, total: 10 })).toBeNull();
    expect(policyBreach(abort(null, 0.5), { failed: 6, total: 10 })).toBe('aborted: max_failed_ratio (0.5) crossed: 6 of 10 items failed (0.6)');
    expect(policyBreach(abort(null, 0.5), { failed: 1, total: 0 })).toBeNull();
  });

  it('names the count threshold when both are crossed', () => {
    expect(policyBreach(abort(1, 0.1), { failed: 5, total: 10 })).toMatch(/^aborted: max_failed_items/);
    expect(policyBreach(abort(10, 0.1), { failed: 5, total: 10 })).toMatch(/^aborted: max_failed_ratio/);
  });
});

describe('errorPolicyProblems', () => {
  it('accepts valid policies', () => {
    expect(errorPolicyProblems({ onError: 'continue', maxFailedItems: null, maxFailedRatio: null })).toEqual([]);
    expect(errorPolicyProblems(abort(0, 0))).toEqual([]);
    expect(errorPolicyProblems(abort(5, 1))).toEqual([]);
  });

  it('names each problem', () => {
    expect(errorPolicyProblems(abort(-1, null))).toEqual(['max_failed_items must be a non-negative integer']);
    expect(errorPolicyProblems(abort(1.5, null))).toEqual(['max_failed_items must be a non-negative integer']);
    expect(errorPolicyProblems(abort(null, 1.2))).toEqual(['max_failed_ratio must be a number between 0 and 1']);
    expect(errorPolicyProblems({ onError: 'continue', maxFailedItems: 3, maxFailedRatio: null })[0]).toMatch(/only apply when on_error is "abort"/);
  });
});

describe('hashes for incremental re-processing', () => {
  it('canonicalJson ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });

  it('sourceContentHash changes with a blob or the metadata, not with blob order', () => {
    const a = { metadata: { title: 'x' }, blobs: [{ property: 'content', hash: 'sha256:1' }, { property: 'image', hash: 'sha256:2' }] };
    expect(sourceContentHash(a)).toBe(sourceContentHash({ ...a, blobs: [...a.blobs].reverse() }));
    expect(sourceContentHash(a)).not.toBe(sourceContentHash({ ...a, metadata: { title: 'y' } }));
    expect(sourceContentHash(a)).not.toBe(sourceContentHash({ ...a, blobs: [{ property: 'content', hash: 'sha256:3' }, a.blobs[1] as { property: string; hash: string }] }));
  });

  it('extractorFingerprint changes with the version, parameters, mappings and passthrough', () => {
    const base = { extractor: 'text_extractor@v1', parameters: { chunk_size: 100 }, inputMappings: { text: 'content' } };
    const fp = extractorFingerprint(base);
    expect(extractorFingerprint({ ...base, parameters: { chunk_size: 100 } })).toBe(fp);
    expect(extractorFingerprint({ ...base, extractor: 'text_extractor@v2' })).not.toBe(fp);
    expect(extractorFingerprint({ ...base, parameters: { chunk_size: 50 } })).not.toBe(fp);
    expect(extractorFingerprint({ ...base, inputMappings: { text: 'body' } })).not.toBe(fp);
    expect(extractorFingerprint({ ...base, fieldPassthrough: [{ sourcePath: 'title', targetPath: 'title' }] })).not.toBe(fp);
    expect(extractorFingerprint({ ...base, includeAllSourceFields: false })).toBe(fp);
  });

  it('extractorFingerprint changes with an output revision above 1 and not with revision 1 (fingerprints stored before revisions stay valid)', () => {
    const base = { extractor: 'text_extractor@v1', parameters: { chunk_size: 100 }, inputMappings: { text: 'content' } };
    const fp = extractorFingerprint(base);
    expect(extractorFingerprint({ ...base, outputRevision: 1 })).toBe(fp);
    expect(extractorFingerprint({ ...base, outputRevision: 2 })).not.toBe(fp);
    expect(extractorFingerprint({ ...base, outputRevision: 3 })).not.toBe(extractorFingerprint({ ...base, outputRevision: 2 }));
  });
});
