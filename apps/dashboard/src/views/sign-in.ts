import { ForbiddenError, StrataClient, UnauthorizedError } from '@strata/sdk';
import { useState } from 'preact/hooks';
import { PageTitle } from '../components';
import { html } from '../html';
import { Session } from '../session';

/**
 * Sign-in: the key is checked with one API call (the namespace list) and kept in this tab only.
 * The form never submits to the server (the page's CSP has `form-action 'none'` as well), so the
 * key cannot end up in a URL or an access log.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const apiKey = key.trim();
    try {
      const client = new StrataClient({ baseUrl: window.location.origin, apiKey: apiKey === '' ? null : apiKey, retry: false });
      await client.namespaces.list({ limit: 1, offset: 0, cursor: null });
      onSignedIn({ apiKey });
    } catch (e) {
      // A key limited to namespaces may not list them: it is valid all the same.
      if (e instanceof ForbiddenError) onSignedIn({ apiKey });
      else if (e instanceof UnauthorizedError) setError(apiKey === '' ? 'This server needs an API key.' : 'The API did not accept this key.');
      else setError(`Could not reach the API: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="sign-in" aria-labelledby="page-title">
    <${PageTitle}>Sign in to Strata<//>
    <p>Use an API key (<code>sk_…</code>). It stays in this browser tab and is sent only to this API. Leave it empty when the server runs without authentication.</p>
    <form method="post" onSubmit=${submit} autocomplete="off">
      <label for="api-key">API key</label>
      <input id="api-key" name="api-key" type="password" autocomplete="off" spellcheck=${false} value=${key}
        onInput=${(e: Event) => setKey((e.currentTarget as HTMLInputElement).value)}
        aria-describedby=${error === null ? undefined : 'sign-in-error'} aria-invalid=${error === null ? undefined : 'true'} />
      <button type="submit" disabled=${busy}>${busy ? 'Checking…' : 'Sign in'}</button>
    </form>
    ${error === null ? null : html`<p id="sign-in-error" class="note note-bad" role="alert">${error}</p>`}
  </section>`;
}
