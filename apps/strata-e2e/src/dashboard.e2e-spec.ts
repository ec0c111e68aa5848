import { StrataClient } from '@strata/sdk';
import { StrataCluster, WebhookReceiver, waitFor } from '@strata/testing';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { twoSentences } from './support';

jest.setTimeout(240_000);

/** Debian's chromium (tools/scripts/ensure-tools.sh installs it). */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Test artifacts, gitignored (tmp/): what the pages looked like at desktop and phone widths. */
const SCREENSHOTS = resolve(__dirname, '../../../tmp/screenshots');
const KEY = `sk_dash${randomBytes(16).toString('hex')}`;
const HOSTILE = '<img src=x onerror="window.__xss=1;alert(1)">';
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Evaluates an expression in the page (a string: this project compiles without the DOM typings). */
function inPage<T = unknown>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

/** The focused element as `tag:accessible text`. */
const FOCUSED = `(() => { const el = document.activeElement; return el === null ? '' : el.tagName.toLowerCase() + ':' + (el.getAttribute('aria-label') ?? el.textContent ?? '').trim(); })()`;

const WIDER_THAN_VIEWPORT = `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && !e.closest('.table-wrap, .visually-hidden, .skip-link')).slice(0, 5).map((e) => e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`;

/**
 * Controls without an accessible name (screen readers would announce "button" or "edit text"):
 * inputs and selects need a <label> or aria-label; buttons, links and progress bars text or aria-label.
 */
const UNNAMED_CONTROLS = `[...document.querySelectorAll('input, select, textarea, button, a, progress, [role=region]')].filter((e) => {
  const named = (e.getAttribute('aria-label') ?? '').trim() !== '' || (e.getAttribute('aria-labelledby') ?? '') !== '';
  if (e.matches('input, select, textarea')) return !named && (e.labels?.length ?? 0) === 0;
  if (e.matches('progress, [role=region]')) return !named;
  return !named && (e.textContent ?? '').trim() === '';
}).map((e) => e.outerHTML.slice(0, 120))`;

/** Screenshots of the current page at 1280 and 390 px wide; asserts no sideways scrolling at either. */
async function screenshots(page: Page, name: string): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    // Let a relayout settle (bounded: one animation frame twice).
    await inPage(page, 'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size.width}.png`), fullPage: true });
    const overflow = await inPage<number>(page, 'document.documentElement.scrollWidth - document.documentElement.clientWidth');
    // On failure: the elements that stick out, to see which one.
    const wide = overflow > 0 ? await inPage<string[]>(page, WIDER_THAN_VIEWPORT) : [];
    expect({ page: name, width: size.width, overflow, wide }).toEqual({ page: name, width: size.width, overflow: 0, wide: [] });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the dashboard at /ui in headless Chromium', () => {
  let cluster: StrataCluster;
  let receiver: WebhookReceiver;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  /** Console messages about the CSP or Trusted Types: the app itself must never trip them. */
  const policyViolations: string[] = [];

  const sdk = (namespace: string | null = null) => new StrataClient({ baseUrl: cluster.api.baseUrl, apiKey: KEY, namespace });

  async function fixture(collectionName: string, description: string | null = null, metadata: Record<string, unknown> = {}) {
    const namespace = `ui-${randomBytes(4).toString('hex')}`;
    await sdk().namespaces.create({ namespace_name: namespace });
    const client = sdk(namespace);
    const bucket = await client.buckets.create({
      bucket_name: 'articles',
      ...(description === null ? {} : { description }),
      bucket_schema: { properties: { content: { type: 'text' }, title: { type: 'string' } } },
    });
    const collection = await client.collections.create({
      collection_name: collectionName,
      ...(description === null ? {} : { description }),
      metadata,
      source: { type: 'bucket', bucket_ids: [bucket.bucket_id] },
      feature_extractor: {
        feature_extractor_name: 'text_extractor',
        version: 'v1',
        parameters: { split_by: 'sentences', chunk_size: 1 },
        input_mappings: { text: 'content' },
      },
    });
    return { namespace, client, bucketId: bucket.bucket_id, collectionId: collection.collection_id };
  }

  async function signIn(): Promise<void> {
    await page.goto(`${base}/ui/`);
    await page.getByLabel('API key').fill(KEY);
    await page.getByLabel('API key').press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Namespaces' }).waitFor({ timeout: 15_000 });
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    receiver = await WebhookReceiver.start();
    cluster = await StrataCluster.start({
      env: {
        AUTH_MODE: 'api_key',
        STRATA_BOOTSTRAP_API_KEY: KEY,
        // Webhook deliveries to the local receiver, failing fast (two attempts) for the replay check.
        WEBHOOK_ALLOWLIST: '127.0.0.1',
        WEBHOOK_BACKOFF_BASE_MS: '200',
        WEBHOOK_BACKOFF_MAX_MS: '500',
        WEBHOOK_MAX_ATTEMPTS: '2',
      },
    });
    base = cluster.api.baseUrl;
    // Root (CI containers) cannot use Chromium's sandbox.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    dialogs.length = 0;
    pageErrors.length = 0;
    requests.length = 0;
    policyViolations.length = 0;
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (/Content Security Policy|Trusted Type/i.test(m.text())) policyViolations.push(m.text());
    });
  });

  afterEach(async () => {
    await context?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await cluster?.destroy();
    await receiver?.down();
  });

  it('serves the page with a strict CSP and security headers, without a key', async () => {
    const res = await fetch(`${base}/ui/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await res.text();
    // No inline script or style in the page itself.
    expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(body).not.toMatch(/<style|style=/);
    const js = await fetch(`${base}/ui/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('content-security-policy')).toBe(csp);
    // The API stays behind its key.
    expect((await fetch(`${base}/v1/namespaces/list`, { method: 'POST' })).status).toBe(401);
  });

  it('signs in with a key, follows a batch live to COMPLETED with the right counts, and keeps the key out of URLs and logs', async () => {
    const fx = await fixture('article-sentences');
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const created = await fx.client.objects.create(fx.bucketId, { metadata: { title: `t${i}` }, blobs: [{ property: 'content', type: 'text', data: twoSentences(i) }] });
      ids.push(created.object_id);
    }
    const batch = await fx.client.batches.create(fx.bucketId, { object_ids: ids });

    // A wrong key is refused with a message, and nothing else happens.
    await page.goto(`${base}/ui/`);
    await page.getByLabel('API key').fill('sk_wrong000000000000000000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The API did not accept this key.').waitFor();

    await signIn();
    await page.getByRole('link', { name: fx.namespace }).click();
    await page.getByRole('heading', { level: 1, name: `Buckets in ${fx.namespace}` }).waitFor();
    await page.getByRole('link', { name: 'articles' }).click();
    await page.getByRole('link', { name: batch.batch_id }).click();
    await page.getByRole('heading', { level: 1, name: `Batch ${batch.batch_id}` }).waitFor();
    await page.locator('#batch-summary', { hasText: 'DRAFT' }).waitFor();

    // Submitted while the page watches: it follows the event stream to the end.
    await fx.client.batches.submit(fx.bucketId, batch.batch_id);
    await page.locator('#batch-summary', { hasText: 'COMPLETED: 12 succeeded, 0 failed of 12' }).waitFor({ timeout: 120_000 });
    expect(await page.locator('#stat-succeeded').textContent()).toBe('12');
    expect(await page.locator('#stat-failed').textContent()).toBe('0');
    expect(await page.locator('#stat-total').textContent()).toBe('12');
    expect(await page.getByRole('progressbar', { name: 'Batch progress' }).getAttribute('value')).toBe('100');
    // The funnel: twelve objects in tier 0, two sentences each written as documents.
    await page.locator('.funnel li', { hasText: '12 entered' }).filter({ hasText: '24 documents written' }).waitFor();
    // The log shows updates that came over the event stream (not only the first GET).
    const log = await page.locator('.log').textContent();
    expect(log).toMatch(/(status|progress): COMPLETED 12\/12 processed/);
    expect(log).not.toContain('polling');
    // The batch log (GET .../logs) lists the run as the store recorded it, submit to finish.
    const batchLog = page.getByRole('table', { name: 'Batch log' });
    await batchLog.locator('tr', { hasText: 'batch.finished' }).waitFor({ timeout: 30_000 });
    expect(await batchLog.locator('tr', { hasText: 'batch.submitted' }).count()).toBe(1);
    // The chart was drawn from the samples.
    expect(await page.locator('.chart polyline.line-progress').getAttribute('points')).toMatch(/^[\d.]+,[\d.]+ /);
    expect(await page.locator('#retry-button').isDisabled()).toBe(true);
    expect(await page.locator('#cancel-button').isDisabled()).toBe(true);
    expect(await inPage(page, UNNAMED_CONTROLS)).toEqual([]);
    await screenshots(page, 'dashboard-batch');

    // Collections: document counts, and a search from the search box.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Collections' }).click();
    await page.getByRole('link', { name: 'article-sentences' }).waitFor();
    expect(await page.locator('td.num').first().textContent()).toBe('24');
    await page.getByRole('link', { name: 'article-sentences' }).click();
    await page.getByLabel('Search documents').fill('lighthouse harbours');
    await page.getByLabel('Results', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('3 result(s) for “lighthouse harbours”.').waitFor();
    expect(await page.locator('.hits li').count()).toBe(3);
    expect(await inPage(page, UNNAMED_CONTROLS)).toEqual([]);
    await screenshots(page, 'dashboard-collection');

    // The key: in this tab's sessionStorage only, never in a URL the page requested or showed,
    // never in batch-api's logs.
    expect(await inPage(page, 'localStorage.length')).toBe(0);
    expect(await inPage(page, 'Object.values(sessionStorage)')).toEqual([KEY]);
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.filter((u) => u.includes(KEY))).toEqual([]);
    expect(page.url()).not.toContain(KEY);
    expect(cluster.logs('batch-api')).not.toContain(KEY.slice(8));
    expect(pageErrors).toEqual([]);
    expect(policyViolations).toEqual([]);

    // Signing out forgets the key.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await inPage(page, 'sessionStorage.length')).toBe(0);
  });

  it('falls back to polling when the event stream is not usable (a proxy answering HTML)', async () => {
    const fx = await fixture('polled-sentences');
    const ids = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push((await fx.client.objects.create(fx.bucketId, { blobs: [{ property: 'content', type: 'text', data: twoSentences(i) }] })).object_id);
    }
    const batch = await fx.client.batches.create(fx.bucketId, { object_ids: ids });
    await page.route('**/events', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<html>a proxy page</html>' }));
    await signIn();
    await page.goto(`${base}/ui/#/ns/${fx.namespace}/buckets/${fx.bucketId}/batches/${batch.batch_id}`);
    await page.getByText('live (polling)').waitFor();
    await fx.client.batches.submit(fx.bucketId, batch.batch_id);
    await page.locator('#batch-summary', { hasText: 'COMPLETED: 3 succeeded, 0 failed of 3' }).waitFor({ timeout: 90_000 });
    const log = (await page.locator('.log').textContent()) ?? '';
    expect(log).toContain('live stream unavailable, polling every 2 s');
    expect(log).toMatch(/poll: COMPLETED 3\/3 processed/);
    expect(pageErrors).toEqual([]);
  });

  it('lists failed items, retries them and cancels a batch from the batch page', async () => {
    const fx = await fixture('retry-sentences');
    const good = [];
    for (let i = 0; i < 2; i += 1) {
      good.push((await fx.client.objects.create(fx.bucketId, { metadata: { title: `t${i}` }, blobs: [{ property: 'content', type: 'text', data: twoSentences(i) }] })).object_id);
    }
    // An object without content: its item fails, the batch completes with errors.
    const bad = await fx.client.objects.create(fx.bucketId, { metadata: { title: 'no content' } });
    const batch = await fx.client.batches.create(fx.bucketId, { object_ids: [...good, bad.object_id] });
    await fx.client.batches.submit(fx.bucketId, batch.batch_id);
    await fx.client.waitForBatch(fx.bucketId, batch.batch_id, { timeoutMs: 90_000 });

    await signIn();
    await page.goto(`${base}/ui/#/ns/${fx.namespace}/buckets/${fx.bucketId}/batches/${batch.batch_id}`);
    await page.locator('#batch-summary', { hasText: 'COMPLETED_WITH_ERRORS: 2 succeeded, 1 failed of 3' }).waitFor();
    const row = page.getByRole('region', { name: 'Failed items' }).locator('tbody tr');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain(bad.object_id);
    await screenshots(page, 'dashboard-failed-items');

    // Retry, permanent errors included: the batch runs again (the log shows it) and ends the same way.
    expect(await page.locator('#cancel-button').isDisabled()).toBe(true);
    await page.getByLabel('Include permanent errors').check();
    await page.locator('#retry-button').click();
    await page.getByText('Retrying 1 item(s)').waitFor();
    // The batch log records the retry and the second finish (the retried run can be over before the
    // page's restarted live view reads it, so the live updates may never show it running).
    const batchLog = page.getByRole('table', { name: 'Batch log' });
    await batchLog.locator('tr', { hasText: 'batch.retried' }).waitFor({ timeout: 30_000 });
    await page.locator('#batch-summary', { hasText: 'COMPLETED_WITH_ERRORS: 2 succeeded, 1 failed of 3' }).waitFor({ timeout: 90_000 });
    await waitFor(async () => (await batchLog.locator('tr', { hasText: 'batch.finished' }).count()) === 2, { timeoutMs: 30_000, description: 'two batch.finished lines in the batch log' });

    // Cancel, with a confirmation step, on a batch that has not run.
    const draft = await fx.client.batches.create(fx.bucketId, { object_ids: good });
    await page.goto(`${base}/ui/#/ns/${fx.namespace}/buckets/${fx.bucketId}/batches/${draft.batch_id}`);
    await page.locator('#batch-summary', { hasText: 'DRAFT' }).waitFor();
    await page.locator('#cancel-button').click();
    await page.getByRole('button', { name: 'Confirm: cancel batch' }).click();
    await page.getByText('Cancel requested').waitFor();
    await page.locator('#batch-summary', { hasText: 'CANCELED' }).waitFor({ timeout: 30_000 });
    expect((await fx.client.batches.get(fx.bucketId, draft.batch_id)).status).toBe('CANCELED');
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('signs in with a key limited to one namespace: it opens that namespace by name and sees no other', async () => {
    const fx = await fixture('scoped-sentences');
    const other = await fixture('other-sentences');
    const created = JSON.parse(
      execFileSync(process.execPath, [resolve(__dirname, '../../../dist/apps/batch-api/apps/batch-api/src/cli.js'), 'api-key', 'create', '--name', `ui-${fx.namespace}`, '--namespaces', fx.namespace], {
        env: { PATH: process.env['PATH'] ?? '', DATA_DIR: join(cluster.dataDir, 'data'), STRATA_PREFIX: cluster.prefix },
        encoding: 'utf8',
      }),
    ) as { api_key: string };
    await page.goto(`${base}/ui/`);
    await page.getByLabel('API key').fill(created.api_key);
    await page.getByLabel('API key').press('Enter');
    await page.getByText('This key may not list namespaces: open yours by name.').waitFor();
    await page.getByLabel('Open a namespace by name or id').fill(fx.namespace);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { level: 1, name: `Buckets in ${fx.namespace}` }).waitFor();
    await page.getByRole('link', { name: 'articles' }).waitFor();
    // Another namespace: not found for this key, said in the page.
    await page.goto(`${base}/ui/#/ns/${other.namespace}`);
    await page.getByRole('alert').filter({ hasText: 'Could not load buckets' }).waitFor();
    expect(await inPage(page, UNNAMED_CONTROLS)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('is usable by keyboard: skip link, navigation, and the page heading takes the focus', async () => {
    const fx = await fixture('keyboard');
    await signIn();
    await page.goto(`${base}/ui/#/ns/${fx.namespace}`);
    // A fresh load (not a navigation inside the page): the browser starts at the top.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `Buckets in ${fx.namespace}` }).waitFor();
    // The bucket list is loaded after the heading renders: wait for it before tabbing through.
    await page.getByRole('link', { name: 'articles' }).waitFor();
    const reached: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab');
      reached.push(await inPage<string>(page, FOCUSED));
    }
    expect(reached).toEqual(
      expect.arrayContaining(['a:Skip to content', 'a:Namespaces', 'a:Buckets', 'a:Collections', 'a:Webhooks', 'button:Sign out', 'a:articles']),
    );
    // Focus-visible styling: the focused control has an outline.
    expect(await inPage(page, 'getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    // Enter on a link moves to its page and puts the focus on the new heading.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Collections' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Collections in ${fx.namespace}` }).waitFor();
    // The focus moves in an effect after the heading renders: wait for it (bounded).
    await waitFor(async () => (await inPage(page, 'document.activeElement?.id')) === 'page-title', { timeoutMs: 5_000, intervalMs: 50, description: 'focus on the page heading' });
    // Back up to the skip link by keyboard; it jumps to the heading.
    for (let i = 0; i < 10 && (await inPage(page, 'document.activeElement?.textContent')) !== 'Skip to content'; i += 1) {
      await page.keyboard.press('Shift+Tab');
    }
    expect(await inPage(page, 'document.activeElement?.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await inPage(page, 'document.activeElement?.id')) === 'page-title', { timeoutMs: 5_000, intervalMs: 50, description: 'the skip link moves the focus to the heading' });
  });

  it('shows hostile names, metadata and messages as text: nothing runs', async () => {
    // The API refuses markup in resource names (names are identifiers) ...
    await expect(fixture(HOSTILE)).rejects.toThrow(/collection_name must be/);
    // ... so it goes everywhere free text is accepted: descriptions, metadata, a webhook's name,
    // object metadata and content, batch metadata.
    const fx = await fixture('hostile-sentences', HOSTILE, { label: HOSTILE });
    const created = await fx.client.objects.create(fx.bucketId, {
      metadata: { title: HOSTILE, note: '<script>window.__xss=2</script>', link: 'javascript:window.__xss=3' },
      blobs: [{ property: 'content', type: 'text', data: `${HOSTILE} ${twoSentences(1)}` }],
    });
    // A webhook with a hostile name whose receiver fails: its delivery of the batch's completion
    // ends FAILED, to be replayed from the page.
    receiver.behave('/hook', { status: 500 });
    await fx.client.transport.unwrap(
      fx.client.api.POST('/v1/organizations/webhooks', {
        body: { webhook_name: HOSTILE, event_types: ['batch.completed'], channels: [{ channel: 'webhook', configs: { url: receiver.url('/hook') } }] },
      }),
      'create webhook',
    );
    const batch = await fx.client.batches.create(fx.bucketId, { object_ids: [created.object_id], metadata: { why: HOSTILE } });
    await fx.client.batches.submit(fx.bucketId, batch.batch_id);
    await fx.client.waitForBatch(fx.bucketId, batch.batch_id, { timeoutMs: 90_000 });

    await signIn();
    const visit = async (hash: string, text: string) => {
      await page.goto(`${base}/ui/${hash}`);
      await page.getByText(text, { exact: false }).first().waitFor({ timeout: 15_000 });
    };
    await visit(`#/ns/${fx.namespace}/collections`, HOSTILE);
    await screenshots(page, 'dashboard-hostile-collections');
    await visit(`#/ns/${fx.namespace}/collections/${fx.collectionId}`, HOSTILE);
    await page.getByLabel('Search documents').fill(HOSTILE);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('result(s) for').waitFor();
    await visit(`#/ns/${fx.namespace}/buckets/${fx.bucketId}`, '<script>window.__xss=2</script>');
    await screenshots(page, 'dashboard-hostile-objects');
    await visit(`#/ns/${fx.namespace}`, HOSTILE);
    await visit(`#/ns/${fx.namespace}/buckets/${fx.bucketId}/batches/${batch.batch_id}`, 'COMPLETED: 1 succeeded');
    await visit(`#/ns/${fx.namespace}/webhooks`, HOSTILE);
    await page.getByRole('link', { name: HOSTILE }).click();
    await page.getByRole('heading', { level: 1, name: `Webhook ${HOSTILE}` }).waitFor();
    // The failed delivery, replayed from its row once the receiver works again.
    await page.locator('tbody tr', { hasText: 'batch.completed' }).filter({ hasText: 'FAILED' }).waitFor({ timeout: 60_000 });
    await screenshots(page, 'dashboard-hostile-webhook');
    receiver.behave('/hook', { status: 200 });
    await page.getByRole('button', { name: /^Replay delivery / }).first().click();
    await page.getByText(/queued again/).waitFor();
    await page.locator('tbody tr', { hasText: 'batch.completed' }).filter({ hasText: 'SUCCEEDED' }).waitFor({ timeout: 60_000 });
    expect(receiver.received.filter((r) => r.path === '/hook')).toHaveLength(1);

    expect(dialogs).toEqual([]);
    expect(await inPage(page, 'typeof window.__xss')).toBe('undefined');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
    // The browser never tried to load the hostile image.
    expect(requests.filter((u) => /\/x$/.test(u))).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(policyViolations).toEqual([]);
  });
});
