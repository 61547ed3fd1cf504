#!/usr/bin/env node
// Builds the web app (dist/web) with Vite's JS API, but only when it is missing or older than its
// sources (anything under web/, or vite.config.ts). Runs as `prestart`; prints one line either way.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(root, 'dist', 'web', 'index.html');

/** Newest modification time (ms) and its file among `paths` (directories walked recursively). */
function newest(paths) {
  let best = { time: 0, file: '' };
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      const entries = readdirSync(path).filter((name) => name !== 'node_modules' && !name.startsWith('.'));
      const inner = newest(entries.map((name) => join(path, name)));
      if (inner.time > best.time) best = inner;
    } else if (stat.mtimeMs > best.time) {
      best = { time: stat.mtimeMs, file: path };
    }
  }
  return best;
}

export async function ensureWebBuild({ force = false } = {}) {
  const source = newest([join(root, 'web'), join(root, 'vite.config.ts')]);
  const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
  if (!force && builtAt && builtAt >= source.time) {
    console.log(`web: dist/web is up to date (built ${new Date(builtAt).toISOString()})`);
    return false;
  }
  const reason = builtAt ? `${relative(root, source.file)} changed` : 'dist/web/index.html is missing';
  const started = Date.now();
  // A production bundle even when called from a test runner (vitest sets NODE_ENV=test).
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({
    root: join(root, 'web'),
    configFile: join(root, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
  });
  console.log(`web: built dist/web in ${((Date.now() - started) / 1000).toFixed(1)} s (${reason})`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureWebBuild({ force: process.argv.includes('--force') });
}
