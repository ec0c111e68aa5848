import { silentLogger } from '@strata/ports';
import { PriorityControl, lowerPriority } from './process-priority';

function control(start: number, refuse = false): PriorityControl & { calls: number[] } {
  let nice = start;
  const calls: number[] = [];
  return {
    calls,
    get: () => nice,
    set: (n) => {
      calls.push(n);
      if (refuse) throw new Error('EACCES');
      nice = n;
    },
  };
}

describe('lowerPriority', () => {
  it('lowers the priority to the niceness asked for', () => {
    const c = control(0);
    expect(lowerPriority(10, silentLogger, c)).toBe(10);
    expect(c.calls).toEqual([10]);
  });

  it('never raises it, and 0 leaves it as it is', () => {
    const nicer = control(15);
    expect(lowerPriority(10, silentLogger, nicer)).toBe(15);
    const plain = control(0);
    expect(lowerPriority(0, silentLogger, plain)).toBe(0);
    expect([...nicer.calls, ...plain.calls]).toEqual([]);
  });

  it('runs on at the current priority when the system refuses, and says so', () => {
    const warnings: unknown[] = [];
    const logger = { ...silentLogger, warn: (fields: unknown) => warnings.push(fields) } as typeof silentLogger;
    expect(lowerPriority(10, logger, control(0, true))).toBe(0);
    expect(warnings).toEqual([{ err: 'EACCES', nice: 10, current: 0 }]);
  });
});
