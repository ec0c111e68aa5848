import { useEffect, useState } from 'preact/hooks';
import { NavigationCount } from './components';
import { html } from './html';
import { Route, href, namespaceOf, parseRoute } from './routes';
import { Session, clearSession, loadSession, saveSession } from './session';
import { BatchPage } from './views/batch';
import { BucketPage } from './views/bucket';
import { Buckets } from './views/buckets';
import { CollectionPage, Collections } from './views/collections';
import { Namespaces } from './views/namespaces';
import { SignIn } from './views/sign-in';
import { WebhookPage, Webhooks } from './views/webhooks';

/** The route of the URL fragment, and how many times it changed since the page loaded. */
function useRoute(): { route: Route; navigations: number } {
  const [state, setState] = useState(() => ({ route: parseRoute(window.location.hash), navigations: 0 }));
  useEffect(() => {
    const onChange = () => setState((s) => ({ route: parseRoute(window.location.hash), navigations: s.navigations + 1 }));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return state;
}

function Page({ route, session }: { route: Route; session: Session }) {
  switch (route.page) {
    case 'namespaces':
      return html`<${Namespaces} session=${session} />`;
    case 'buckets':
      return html`<${Buckets} key=${route.ns} session=${session} ns=${route.ns} />`;
    case 'bucket':
      return html`<${BucketPage} key=${route.bucket} session=${session} ns=${route.ns} bucket=${route.bucket} />`;
    case 'batch':
      return html`<${BatchPage} key=${route.batch} session=${session} ns=${route.ns} bucket=${route.bucket} batch=${route.batch} />`;
    case 'collections':
      return html`<${Collections} session=${session} ns=${route.ns} />`;
    case 'collection':
      return html`<${CollectionPage} key=${route.collection} session=${session} ns=${route.ns} collection=${route.collection} />`;
    case 'webhooks':
      return html`<${Webhooks} session=${session} ns=${route.ns} />`;
    case 'webhook':
      return html`<${WebhookPage} key=${route.webhook} session=${session} ns=${route.ns} webhook=${route.webhook} />`;
  }
}

/** The page frame: a skip link, the navigation of the current namespace, and the page. */
export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const { route, navigations } = useRoute();
  const ns = namespaceOf(route);
  const [signedInHere, setSignedInHere] = useState(0);
  const signIn = (s: Session) => {
    saveSession(s);
    setSession(s);
    setSignedInHere(1);
  };
  const signOut = () => {
    clearSession();
    setSession(null);
    window.location.hash = href({ page: 'namespaces' });
  };
  const skip = (event: Event) => {
    event.preventDefault();
    document.getElementById('page-title')?.focus();
  };
  const current = (page: Route['page'][]) => (page.includes(route.page) ? 'page' : undefined);
  return html`
    <a class="skip-link" href="#/" onClick=${skip}>Skip to content</a>
    <header class="top">
      <a class="brand" href=${href({ page: 'namespaces' })}>Strata</a>
      ${session === null
        ? null
        : html`<nav aria-label="Main">
            <ul>
              <li><a href=${href({ page: 'namespaces' })} aria-current=${current(['namespaces'])}>Namespaces</a></li>
              ${ns === null
                ? null
                : html`
                  <li><a href=${href({ page: 'buckets', ns })} aria-current=${current(['buckets', 'bucket', 'batch'])}>Buckets</a></li>
                  <li><a href=${href({ page: 'collections', ns })} aria-current=${current(['collections', 'collection'])}>Collections</a></li>
                  <li><a href=${href({ page: 'webhooks', ns })} aria-current=${current(['webhooks', 'webhook'])}>Webhooks</a></li>`}
            </ul>
            ${ns === null ? null : html`<span class="ns" title="namespace">ns: ${ns}</span>`}
            <button type="button" class="sign-out" onClick=${signOut}>Sign out</button>
          </nav>`}
    </header>
    <main id="main">
      <${NavigationCount.Provider} value=${navigations + signedInHere}>
        ${session === null ? html`<${SignIn} onSignedIn=${signIn} />` : html`<${Page} route=${route} session=${session} />`}
      <//>
    </main>
  `;
}
