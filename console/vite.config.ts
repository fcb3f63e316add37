import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The agent console: a single-page app the API serves at /console (same origin, so the session
 * cookie and relative `/v1/...` paths just work). `npm run console:dev` proxies /v1 to the API.
 */
export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/v1': process.env.CONSOLE_API_URL ?? 'http://localhost:3000' } },
});
