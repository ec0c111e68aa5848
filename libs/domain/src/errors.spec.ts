import {
  ConflictError,
  DomainError,
  ERROR_CATEGORIES,
  ErrorCategory,
  ExtractionError,
  NotFoundError,
  TRANSIENT_CATEGORIES,
  TransientError,
  ValidationError,
  categorize,
} from './errors';

function withCode(code: unknown): Error {
  return Object.assign(new Error(`failed with ${String(code)}`), { code });
}

describe('errors', () => {
  describe('categorize', () => {
    const byCode: Array<[string, ErrorCategory]> = [
      ['ECONNRESET', 'network'],
      ['ECONNREFUSED', 'network'],
      ['ETIMEDOUT', 'network'],
      ['EPIPE', 'network'],
      ['ENOTFOUND', 'network'],
      ['EAI_AGAIN', 'network'],
      ['ENOMEM', 'resource'],
      ['ENOSPC', 'resource'],
      ['EMFILE', 'resource'],
      ['SQLITE_BUSY', 'resource'],
      ['SQLITE_FULL', 'resource'],
      ['ENOENT', 'dependency'],
      ['EWHATEVER', 'runtime'],
      ['', 'runtime'],
    ];
    for (const [code, category] of byCode) {
      it(`code '${code}' -> ${category}`, () => {
        expect(categorize(withCode(code))).toBe(category);
      });
    }

    it('matches whole codes only', () => {
      expect(categorize(withCode('XECONNRESET'))).toBe('runtime');
      expect(categorize(withCode('ECONNRESET2'))).toBe('runtime');
      expect(categorize(withCode('econnreset'))).toBe('runtime');
    });

    it('keeps the category of an ExtractionError and maps ValidationError to validation', () => {
      expect(categorize(new ExtractionError('bad key', 'authentication', 'embed'))).toBe('authentication');
      // The ExtractionError's own category wins over a code it may carry.
      expect(categorize(Object.assign(new ExtractionError('x', 'validation', 's'), { code: 'ECONNRESET' }))).toBe('validation');
      expect(categorize(new ValidationError('chunk_size must be positive'))).toBe('validation');
    });

    it('falls back to runtime for anything else, including non-errors', () => {
      expect(categorize(new Error('boom'))).toBe('runtime');
      expect(categorize(new ConflictError('state'))).toBe('runtime');
      expect(categorize(withCode(104))).toBe('runtime');
      expect(categorize('ECONNRESET')).toBe('runtime');
      expect(categorize(null)).toBe('runtime');
      expect(categorize(undefined)).toBe('runtime');
      expect(categorize({ code: 'ECONNRESET' })).toBe('network');
    });
  });

  describe('ExtractionError', () => {
    for (const category of ERROR_CATEGORIES) {
      const transient = ['network', 'resource', 'dependency'].includes(category);
      it(`${category} is ${transient ? '' : 'not '}retryable by default`, () => {
        const error = new ExtractionError('x', category, 'extract');
        expect(error.retryable).toBe(transient);
        expect(TRANSIENT_CATEGORIES.has(category)).toBe(transient);
      });
    }

    it('lets the caller override retryable either way', () => {
      expect(new ExtractionError('x', 'network', 's', { retryable: false }).retryable).toBe(false);
      expect(new ExtractionError('x', 'runtime', 's', { retryable: true }).retryable).toBe(true);
    });

    it('keeps its cause, category, stage, type and name', () => {
      const cause = withCode('ECONNRESET');
      const error = new ExtractionError('blob unreadable', 'dependency', 'read_blob', { cause });
      expect(error.cause).toBe(cause);
      expect(error).toMatchObject({
        message: 'blob unreadable',
        category: 'dependency',
        stage: 'read_blob',
        type: 'FeatureExtractionError',
        name: 'ExtractionError',
      });
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toBeInstanceOf(Error);
    });

    it('has no cause property when none is given', () => {
      expect('cause' in new ExtractionError('x', 'runtime', 's')).toBe(false);
    });
  });

  describe('other domain errors', () => {
    it('TransientError is retryable and keeps its cause; the rest are not retryable', () => {
      const cause = new Error('nats down');
      const transient = new TransientError('retry', { cause });
      expect(transient.retryable).toBe(true);
      expect(transient.cause).toBe(cause);
      expect(transient.name).toBe('TransientError');
      expect(new ConflictError('x').retryable).toBe(false);
      expect(new ValidationError('x').retryable).toBe(false);
    });

    it('NotFoundError names the resource and id', () => {
      const error = new NotFoundError('batch', 'btch_x');
      expect(error.message).toBe("batch 'btch_x' was not found");
      expect(error.details).toEqual({ resource: 'batch', id: 'btch_x' });
      expect(error.type).toBe('NotFoundError');
    });

    it('ValidationError exposes its issues as details only when there are some', () => {
      const issues = [{ location: 'object_ids', message: 'object obj_x not found', type: 'not_found' }];
      expect(new ValidationError('bad', issues).details).toEqual({ validation_errors: issues });
      expect(new ValidationError('bad').details).toBeUndefined();
    });
  });
});
