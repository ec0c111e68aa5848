import express from 'express';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DASHBOARD_CSP, dashboardRouter } from './dashboard';

async function serve(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  app.use('/ui', dashboardRouter(dir));
  app.use((_req, res) => res.status(404).json({ success: false, status: 404 }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}

describe('the dashboard router', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'strata-ui-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the built files with the CSP and security headers', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/ui/app.js"></script>');
    writeFileSync(join(dir, 'app.js'), 'export {};');
    const server = await serve(dir);
    try {
      const page = await fetch(`${server.url}/ui/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const js = await fetch(`${server.url}/ui/app.js`);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      expect(js.headers.get('x-content-type-options')).toBe('nosniff');
      // /ui redirects to /ui/ so that the page's relative base is the folder.
      const bare = await fetch(`${server.url}/ui`, { redirect: 'manual' });
      expect(bare.status).toBe(301);
      expect((await fetch(`${server.url}/ui/missing.js`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('allows no inline script or style, and nothing from another origin', () => {
    const directives = Object.fromEntries(DASHBOARD_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['form-action']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });

  it('falls through to the API (its 404) when the dashboard was not built', async () => {
    const server = await serve(join(dir, 'nothing-here'));
    try {
      const res = await fetch(`${server.url}/ui/`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-security-policy')).toBeNull();
    } finally {
      await server.close();
    }
  });
});
