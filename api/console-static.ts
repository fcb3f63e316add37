import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { Router, type Response } from 'express';
import { ErrorType } from '../domain/errors';
import { Problem } from './problems';

/**
 * Only the console's own files: its scripts, styles, images, fonts and API calls come from this
 * origin, nothing from elsewhere, and no inline script or style. `data:` for images and fonts only:
 * the bundler inlines small ones that way, and a data URL runs nothing.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const YEAR_S = 365 * 24 * 3600;

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Loop console: not built</title></head>
<body>
<h1>The console is not built yet</h1>
<p>The console is not built yet: run <code>npm run console:build</code>, then reload this page.</p>
</body></html>
`;

/**
 * The agent console (a single-page app) at `/console`, from its built folder (`console/dist`): hashed
 * files under `/console/assets/` cached for a year, any other path the app's `index.html`, never
 * cached, so a deploy is seen at the next load. Public: the page holds no data, the API calls do.
 * Without an `index.html` (not built) a 503 page says how to build it; checked per request, so a
 * build while the API runs is served at once.
 */
export function createConsoleRouter({ dir }: { dir: string }): Router {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  const router = Router();
  router.use('/console', (_req, res, next) => {
    res.set('Content-Security-Policy', CONSOLE_CSP);
    next();
  });
  const noCache = (res: Response) => res.set('Cache-Control', 'no-cache');
  router.use('/console', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (existsSync(index)) return next();
    noCache(res).status(503).type('html').send(notBuiltPage);
  });
  // The bundler names these by their content's hash: a new build has new names, so they never change.
  router.use('/console/assets', express.static(join(root, 'assets'), { index: false, immutable: true, maxAge: YEAR_S * 1000 }));
  // A missing asset is a 404, not the app's page: a browser would run HTML as a script and say nothing useful.
  router.use('/console/assets', (req, _res, next) => next(new Problem(ErrorType.NOT_FOUND, `No console asset ${req.originalUrl}.`)));
  router.use('/console', express.static(root, { index: false, redirect: false, setHeaders: (res) => void res.set('Cache-Control', 'no-cache') }));
  // Every other path is a route of the app (/console/sign-in, /console/cases/DSP-…): the app decides.
  router.get(['/console', '/console/*rest'], (_req, res) => {
    noCache(res).sendFile(index);
  });
  return router;
}
