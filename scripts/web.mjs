// Builds the renderer and serves it to a plain browser: the same UI as the desktop app, with the
// browser host (File API, downloads). Local only: binds 127.0.0.1 unless told otherwise.
//
//   node scripts/web.mjs                 build, then serve on http://127.0.0.1:4173/
//   node scripts/web.mjs --port 8080     another port (0 picks a free one)
//   node scripts/web.mjs --no-build      serve the existing dist/renderer
//   node scripts/web.mjs --host 0.0.0.0  listen on another address (think twice)
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const distDir = path.join(root, 'dist', 'renderer');

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Directives Chromium accepts only as a header (electron/security/csp.ts, CSP_HEADER_ONLY_DIRECTIVES). */
const HEADER_ONLY_DIRECTIVES = "frame-ancestors 'none'";

function usage(message) {
  if (message) console.error(`web: ${message}`);
  console.error('usage: node scripts/web.mjs [--port N] [--host ADDRESS] [--no-build]');
  process.exit(2);
}

function parseArgs(argv) {
  const options = { port: 4173, host: '127.0.0.1', build: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? usage(`${name} needs a value`);
    switch (name) {
      case '--port': {
        const text = value();
        const port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) usage(`--port: not a port number: ${text}`);
        options.port = port;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--no-build':
        options.build = false;
        break;
      case '--help':
      case '-h':
        usage();
        break;
      default:
        usage(`unknown argument: ${arg}`);
    }
  }
  return options;
}

/** The policy the build put into index.html, plus the header-only directives. */
async function readPolicy() {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf-8');
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  if (!match)
    throw new Error('dist/renderer/index.html has no Content-Security-Policy meta tag; rebuild the renderer');
  const policy = match[1]
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return `${policy}; ${HEADER_ONLY_DIRECTIVES}`;
}

/**
 * Maps a request path to a file under `base`, or null. Decoding errors, NUL bytes, and any path
 * that resolves outside `base` (`..`, encoded `%2e%2e`, backslashes, symlinks) are refused.
 */
async function resolveFile(base, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const candidate = path.resolve(base, `.${path.posix.normalize(relative)}`);
  if (!candidate.startsWith(base + path.sep)) return null;
  try {
    const real = await realpath(candidate);
    if (!real.startsWith(base + path.sep)) return null;
    const info = await stat(real);
    return info.isFile() ? { file: real, size: info.size } : null;
  } catch {
    return null;
  }
}

function createHandler({ base, policy, allowedHosts }) {
  // allowedHosts() is null when the server listens beyond loopback (any Host header is fine).
  const securityHeaders = {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
    'Cache-Control': 'no-cache',
  };
  const plain = (res, status, text, extra = {}) => {
    res.writeHead(status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
    res.end(`${text}\n`);
  };

  return async (req, res) => {
    // A DNS-rebinding page would arrive with a foreign Host header.
    const hosts = allowedHosts();
    if (hosts && !hosts.has((req.headers.host ?? '').toLowerCase()))
      return plain(res, 421, 'Misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    let pathname;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      return plain(res, 400, 'Bad request');
    }
    const found = await resolveFile(base, pathname);
    if (!found) return plain(res, 404, 'Not found');
    res.writeHead(200, {
      ...securityHeaders,
      'Content-Type': MIME_TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': found.size,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}

const options = parseArgs(process.argv.slice(2));

if (options.build) {
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

let policy;
let base;
try {
  policy = await readPolicy();
  base = await realpath(distDir);
} catch (error) {
  console.error(`web: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const loopback = ['127.0.0.1', 'localhost', '::1'].includes(options.host);
let allowedHosts = new Set();
const server = createServer(
  createHandler({ base, policy, allowedHosts: () => (loopback ? allowedHosts : null) }),
);
server.on('error', (error) => {
  console.error(`web: cannot listen on ${options.host}:${options.port}: ${error.message}`);
  process.exit(1);
});
server.listen(options.port, options.host, () => {
  const { port } = server.address();
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  console.log(`Conduit web UI: http://${shown}:${port}/`);
  console.log('Press Ctrl+C to stop.');
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
