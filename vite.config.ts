import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Content-Security-Policy of the built app (not of the dev server, whose
 * hot reload injects inline scripts): scripts and workers from this origin
 * only, no eval, no plugins. Images may be data: and blob: URLs (the icon,
 * the PNG export). Opening ui.perfetto.dev and posting the trace to it is a
 * window.open plus postMessage, which no directive restricts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'e1000-content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // Right after <meta charset>, before any script or style it governs.
      handler: (html) => {
        const meta = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`;
        const charset = /<meta charset="[^"]*"\s*\/?>/i;
        if (!charset.test(html)) throw new Error('index.html: no <meta charset> to put the Content-Security-Policy after');
        return html.replace(charset, (m) => `${m}\n    ${meta}`);
      },
    },
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Offline support: writes sw-manifest.js, the list of built files (and of
 * public/, except the service worker itself) that public/sw.js caches, with
 * a version that changes whenever any of them does.
 */
function offlinePrecache(): Plugin {
  return {
    name: 'e1000-offline-precache',
    apply: 'build',
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      const built = Object.keys(bundle).filter((f) => !f.endsWith('.map') && f !== 'index.html');
      const publicFiles = filesUnder('public')
        .map((p) => relative('public', p).split('\\').join('/'))
        .filter((f) => f !== 'sw.js');
      for (const f of publicFiles) hash.update(f).update(readFileSync(join('public', f)));
      hash.update(readFileSync('index.html'));
      hash.update(CONTENT_SECURITY_POLICY);
      const files = ['./index.html', ...[...built, ...publicFiles].sort().map((f) => `./${f}`)];
      hash.update(files.join('\n'));
      const manifest = { version: hash.digest('hex').slice(0, 16), files };
      this.emitFile({ type: 'asset', fileName: 'sw-manifest.js', source: `self.__E1000_PRECACHE = ${JSON.stringify(manifest)};\n` });
    },
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), offlinePrecache()],
  // Relative asset paths: the built app works from any sub-path (e.g. GitHub Pages).
  base: './',
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: { target: 'es2022', sourcemap: true },
});
