import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicy } from '../electron/security/csp.js';

/**
 * The renderer build: dist/renderer, loaded from file:// by Electron (hence base './') and
 * served by scripts/web.mjs. The CSP goes into the built index.html as a <meta> tag; the dev
 * server goes without (React Refresh needs an inline script).
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'conduit:csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      const charset = '<meta charset="utf-8" />';
      if (!html.includes(charset)) throw new Error(`renderer/index.html must contain ${charset}`);
      const policy = contentSecurityPolicy().replace(/'/g, '&#39;');
      return html.replace(
        charset,
        `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
      );
    },
  };
}

export default defineConfig(({ command, mode }) => {
  // A production build is a production build whatever NODE_ENV the caller runs with (vitest sets
  // 'test', which would otherwise give React's development build). `--mode development` still works.
  if (command === 'build' && mode === 'production') process.env.NODE_ENV = 'production';
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf-8')) as {
    version: string;
  };
  return {
    root: import.meta.dirname,
    // The version written into saved projects and reports (the CLI reads package.json itself).
    define: { __CONDUIT_VERSION__: JSON.stringify(pkg.version) },
    base: './',
    publicDir: 'public',
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      outDir: '../dist/renderer',
      emptyOutDir: true,
      target: 'es2022',
      // Nothing becomes a data: URL behind the CSP's back.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
      sourcemap: false,
    },
    worker: { format: 'es' },
    server: { host: '127.0.0.1', port: 5173 },
    preview: { host: '127.0.0.1' },
  };
});
