import { formatDuration, formatPercent, fraction, jsonText, statusTone } from './format';

describe('dashboard formatting', () => {
  it('formats durations, and unknown ones as a dash', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(185)).toBe('3m 05s');
    expect(formatDuration(3720)).toBe('1h 02m');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });

  it('guards fractions against empty totals', () => {
    expect(fraction(3, 0)).toBe(0);
    expect(fraction(5, 4)).toBe(1);
    expect(formatPercent(fraction(1, 3))).toBe('33.3%');
  });

  it('turns any value into one line of text, cut to a length', () => {
    expect(jsonText({ a: '<b>' })).toBe('{"a":"<b>"}');
    expect(jsonText('x'.repeat(10), 5)).toBe('xxxx…');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(jsonText(cyclic)).toBe('[object Object]');
  });

  it('gives statuses a tone', () => {
    expect(statusTone('COMPLETED')).toBe('ok');
    expect(statusTone('COMPLETED_WITH_ERRORS')).toBe('warn');
    expect(statusTone('FAILED')).toBe('bad');
    expect(statusTone('PROCESSING')).toBe('busy');
    expect(statusTone('DRAFT')).toBe('idle');
  });
});
