import { BatchStatus, ValidationError } from '@strata/domain';
import type { NextFunction, Request, Response } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import { WEBHOOK_EVENT_TYPES } from './schemas/webhooks.schemas';

/**
 * API compatibility modes (ADR 0070, docs/api-compatibility.md). `strata` reports Strata's own
 * values (QUEUED, `*` and batch.* event types); `mixpeek` keeps every status and event type inside
 * Mixpeek 0.81's enums so a client generated from Mixpeek's document works unchanged.
 */
export const API_MODES = ['strata', 'mixpeek'] as const;
export type ApiMode = (typeof API_MODES)[number];

/** Per-request choice; the installation default is API_COMPAT_MODE. */
export const COMPAT_HEADER = 'X-Strata-Compat';

const modeOfRequest = new AsyncLocalStorage<ApiMode>();

/** The mode of the current request (`strata` outside a request). */
export function apiMode(): ApiMode {
  return modeOfRequest.getStore() ?? 'strata';
}

/** Runs `fn` with `mode` as the current request's mode (tests, and the middleware below). */
export function runInMode<T>(mode: ApiMode, fn: () => T): T {
  return modeOfRequest.run(mode, fn);
}

/** Express middleware: the header's mode, else the installation default; a bad value is a 422. */
export function compatModeMiddleware(installationDefault: ApiMode) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const asked = req.header(COMPAT_HEADER);
    if (asked === undefined || asked === '') {
      modeOfRequest.run(installationDefault, next);
      return;
    }
    const mode = asked.trim().toLowerCase();
    if (!(API_MODES as readonly string[]).includes(mode)) {
      next(new ValidationError(`header X-Strata-Compat must be one of ${API_MODES.join(', ')} (got "${asked.slice(0, 40)}")`));
      return;
    }
    modeOfRequest.run(mode as ApiMode, next);
  };
}

/** A batch status as this request reports it: QUEUED is Mixpeek's PENDING in compatibility mode. */
export function reportedBatchStatus(status: BatchStatus): BatchStatus | 'PENDING' {
  return status === 'QUEUED' && apiMode() === 'mixpeek' ? 'PENDING' : status;
}

/** Event types Mixpeek 0.81's WebhookEventType enum has (and Strata publishes). */
export const MIXPEEK_EVENT_TYPES: ReadonlySet<WebhookEventType> = new Set<WebhookEventType>([
  'object.created',
  'object.updated',
  'object.deleted',
  'collection.created',
  'collection.updated',
  'collection.deleted',
  'collection.documents.written',
]);

type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set(WEBHOOK_EVENT_TYPES);

/**
 * A webhook's subscriptions as this request reports them. In compatibility mode `*` is spelled
 * out as the Mixpeek event types it covers, and batch.* types (which Mixpeek has no name for) are
 * left out of the listing; deliveries are unchanged.
 */
export function reportedEventTypes(types: readonly string[]): WebhookEventType[] {
  const known = types.filter((t): t is WebhookEventType => KNOWN_EVENT_TYPES.has(t));
  if (apiMode() !== 'mixpeek') return known;
  const out = new Set<WebhookEventType>();
  for (const t of known) {
    if (t === '*') for (const m of MIXPEEK_EVENT_TYPES) out.add(m);
    else if (MIXPEEK_EVENT_TYPES.has(t)) out.add(t);
  }
  return [...out];
}
