/**
 * The Content-Security-Policy of the renderer: one definition, used by the Vite build (as a
 * <meta> tag in index.html), by the Electron main process (as a response header where one
 * applies) and, read back from the built index.html, by scripts/web.mjs.
 *
 * Nothing inline, nothing remote: scripts, styles and workers come from the app's own files;
 * images may also be data:/blob: URLs (generated icons, exported graph snapshots).
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  // The import/analysis Web Worker is a bundled file of the app.
  'worker-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

/**
 * Directives that only work as an HTTP header: Chromium ignores them in a <meta> tag and logs
 * an error, so they are added to the header form only.
 */
export const CSP_HEADER_ONLY_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'frame-ancestors': ["'none'"],
};

function serialize(directives: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

/** The policy as it appears in the <meta http-equiv="Content-Security-Policy"> tag. */
export function contentSecurityPolicy(): string {
  return serialize(CSP_DIRECTIVES);
}

/** The policy as an HTTP response header: the meta policy plus the header-only directives. */
export function contentSecurityPolicyHeader(): string {
  return serialize({ ...CSP_DIRECTIVES, ...CSP_HEADER_ONLY_DIRECTIVES });
}
