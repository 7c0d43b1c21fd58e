/**
 * Which URLs count as the app itself. The renderer is loaded from one file
 * (dist/renderer/index.html); IPC is answered only for that page's main frame, navigation
 * elsewhere is denied, and no request may leave the machine. Pure functions, no Electron.
 */

/** The identity of the frame that sent an IPC message, as far as the main process can tell. */
export interface SenderInfo {
  /** The frame's URL; null when the frame is gone. */
  readonly url: string | null;
  /** True for a top-level frame (no parent). */
  readonly isMainFrame: boolean;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` is the app's own page: the same file: URL as `appUrl`, ignoring the query and
 * fragment (the renderer may route with `#...`). Anything else -- another file, http(s),
 * data:, blob:, javascript:, about: -- is not the app.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  const candidate = parse(url);
  const app = parse(appUrl);
  if (!candidate || !app || app.protocol !== 'file:') return false;
  if (candidate.protocol !== 'file:') return false;
  // file: URLs carry an optional host (UNC shares on Windows); both parts must match exactly.
  return (
    candidate.host === app.host && decodeURIComponent(candidate.pathname) === decodeURIComponent(app.pathname)
  );
}

/** IPC is answered only for the app page's top-level frame, never for an iframe or another page. */
export function isTrustedSender(sender: SenderInfo, appUrl: string): boolean {
  return sender.isMainFrame && sender.url !== null && isAppUrl(sender.url, appUrl);
}

/**
 * The app is a single page: every navigation (a link, a dropped file, `location = ...`) is
 * denied, except reloading the app page itself.
 */
export function isNavigationAllowed(url: string, appUrl: string): boolean {
  return isAppUrl(url, appUrl);
}

/**
 * Requests the session lets through: the app's own files (under `appRoot`, a file: URL of the
 * renderer folder ending in `/`), in-memory data:/blob: URLs and the devtools. Nothing remote.
 */
export function isRequestAllowed(url: string, appRoot: string): boolean {
  const candidate = parse(url);
  if (!candidate) return false;
  switch (candidate.protocol) {
    case 'data:':
    case 'blob:':
    case 'devtools:':
      return true;
    case 'file:': {
      const root = parse(appRoot);
      if (!root || root.protocol !== 'file:' || candidate.host !== root.host) return false;
      const rootPath = root.pathname.endsWith('/') ? root.pathname : `${root.pathname}/`;
      // URL parsing has already resolved `..` segments, so a prefix test is sound.
      return candidate.pathname.startsWith(rootPath);
    }
    default:
      return false;
  }
}

/**
 * Permission requests from web content (camera, notifications, geolocation, clipboard read,
 * HID, serial...). Conduit needs none: all are denied.
 */
export function isPermissionGranted(_permission: string): boolean {
  return false;
}
