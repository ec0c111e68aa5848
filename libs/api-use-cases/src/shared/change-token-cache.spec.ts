import { ChangeTokenCache } from './change-token-cache';

describe('ChangeTokenCache', () => {
  it('reuses a value while the token is the one it was computed at', () => {
    const cache = new ChangeTokenCache<string>(10);
    cache.set('k', '1:0', 0, 'v1');
    expect(cache.get('k', '1:0', 5_000_000)).toBe('v1');
    expect(cache.get('k', '1:1', 0)).toBeUndefined();
    expect(cache.get('other', '1:0', 0)).toBeUndefined();
  });

  it('reuses nothing for a store without a token', () => {
    const cache = new ChangeTokenCache<string>(10);
    cache.set('k', undefined, 0, 'v');
    expect(cache.get('k', undefined, 0)).toBeUndefined();
  });

  it('keeps a value at most maxAgeMs, and not when the clock went back', () => {
    const cache = new ChangeTokenCache<string>(10, 1_000);
    cache.set('k', 't', 10_000, 'v');
    expect(cache.get('k', 't', 10_999)).toBe('v');
    expect(cache.get('k', 't', 11_000)).toBeUndefined();
    expect(cache.get('k', 't', 9_999)).toBeUndefined();
  });

  it('drops the least recently computed entry past maxEntries', () => {
    const cache = new ChangeTokenCache<number>(2);
    cache.set('a', 't', 0, 1);
    cache.set('b', 't', 0, 2);
    cache.set('a', 't', 0, 3);
    cache.set('c', 't', 0, 4);
    expect(cache.get('b', 't', 0)).toBeUndefined();
    expect(cache.get('a', 't', 0)).toBe(3);
    expect(cache.get('c', 't', 0)).toBe(4);
  });
});
