import { StrataClient } from '@strata/sdk';

/**
 * The signed-in session: the API key and the API's origin. The key is kept in memory and in
 * sessionStorage (this tab only, gone when it closes) so that a reload does not sign out; it is
 * sent only in the Authorization header of API calls, never in a URL, and nothing about the
 * session is stored server-side (docs/adr/0094-dashboard.md).
 */
const STORAGE_KEY = 'strata.dashboard.apiKey';

export interface Session {
  /** Empty when the server runs without authentication (AUTH_MODE=none). */
  apiKey: string;
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Storage disabled (privacy settings): the key stays in memory only.
    return null;
  }
}

export function loadSession(): Session | null {
  const key = storage()?.getItem(STORAGE_KEY);
  return key === null || key === undefined ? null : { apiKey: key };
}

export function saveSession(session: Session): void {
  storage()?.setItem(STORAGE_KEY, session.apiKey);
}

export function clearSession(): void {
  storage()?.removeItem(STORAGE_KEY);
}

/** A client for the API this page came from, in a namespace (or none, for the namespace list). */
export function clientFor(session: Session, namespace: string | null): StrataClient {
  return new StrataClient({
    baseUrl: window.location.origin,
    apiKey: session.apiKey === '' ? null : session.apiKey,
    namespace,
    // A page should answer quickly: fewer retries than a script's default.
    retry: { retries: 2 },
  });
}
