import { StrataApiError, StrataConnectionError, StrataError, StrataTimeoutError, UnauthorizedError, ValidationError } from '@strata/sdk';
import { ConfigError } from './config';
import { safeText } from './output';

/** Exit codes of every command (batch watch adds 0/1/2 for the batch's outcome; see the README). */
export const EXIT = {
  ok: 0,
  failed: 1,
  completedWithErrors: 2,
  /** The API answered with an error, could not be reached, or the configuration is wrong. */
  error: 3,
} as const;

/** A clear message for anything a command throws: the envelope's message, what to fix, where. */
export function describeError(error: unknown, apiUrl: string): string {
  return safeText(describeRaw(error, apiUrl));
}

function describeRaw(error: unknown, apiUrl: string): string {
  if (error instanceof ValidationError) {
    const issues = error.issues.map((i) => `  - ${i.path ?? ''}${i.path ? ': ' : ''}${i.message}`);
    return [`error: ${error.message} (${error.status} ${error.type})`, ...issues].join('\n');
  }
  if (error instanceof UnauthorizedError) {
    return `error: ${error.message} (401). Set an API key with --api-key, STRATA_API_KEY or a profile (strata config set-profile).`;
  }
  if (error instanceof StrataApiError) {
    const extra = error.details !== null && !(error instanceof ValidationError) ? `\n  details: ${JSON.stringify(error.details)}` : '';
    return `error: ${error.message} (${error.status} ${error.type})${extra}`;
  }
  if (error instanceof StrataConnectionError) {
    return `error: cannot reach the API at ${apiUrl}: ${(error.cause as Error | undefined)?.message ?? error.message}. Is batch-api running? Set --api-url or STRATA_API_URL.`;
  }
  if (error instanceof StrataTimeoutError || error instanceof ConfigError || error instanceof StrataError) return `error: ${error.message}`;
  if (error instanceof SyntaxError) return `error: ${error.message}`;
  return `error: ${(error as Error)?.message ?? String(error)}`;
}

/** An error of the command line itself (bad file, bad flag value), reported without a stack. */
export class UsageError extends Error {}
