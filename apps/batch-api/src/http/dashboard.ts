import express, { NextFunction, Request, Response, Router } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the built dashboard lives: tools/scripts/build-app.mjs bundles apps/dashboard into
 * dist/apps/batch-api/ui, beside this app's compiled code (dist/apps/batch-api/apps/batch-api/src/http).
 */
export const DASHBOARD_DIR = resolve(__dirname, '../../../../ui');

/**
 * The Content-Security-Policy of every /ui response (docs/adr/0094-dashboard.md): scripts, styles
 * and API calls from this origin only, no inline script or style, no plugins, no framing, forms
 * that submit nowhere (the sign-in form is handled in the page, so a key can never land in a URL),
 * and Trusted Types with no policy: any attempt to write markup from a string through a DOM sink
 * (innerHTML and the like) throws instead of parsing hostile data.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // Revalidated on every load (ETags keep that cheap), so a new deploy is picked up at once.
  'cache-control': 'no-cache',
};

/**
 * Serves the dashboard's static files at the mount point (/ui). Public: the files hold no data;
 * everything the page shows comes from API calls made with the user's key. When the dashboard
 * was not built, /ui falls through to the API's 404 envelope.
 */
export function dashboardRouter(dir: string = DASHBOARD_DIR): Router {
  const router = express.Router();
  if (!existsSync(join(dir, 'index.html'))) return router;
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    next();
  });
  router.use(express.static(dir, { index: 'index.html', redirect: true, dotfiles: 'ignore', fallthrough: true }));
  return router;
}
