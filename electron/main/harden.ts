import type { Session, WebContents } from 'electron';
import { contentSecurityPolicyHeader } from '../security/csp';
import { isNavigationAllowed, isPermissionGranted, isRequestAllowed } from '../security/origin';
import type { AppPaths } from './paths';

/**
 * Applies the security decisions of electron/security/ to a session and to every web contents:
 * no remote requests, no permissions, no navigation away from the app, no new windows, no
 * webviews, no downloads. The decisions themselves are pure functions tested in Node.
 */

export interface SessionPolicy {
  /** Whether a request may go out (everything else is cancelled and logged). */
  readonly allowRequest: (url: string) => boolean;
  /** The Content-Security-Policy header put on every response. */
  readonly contentSecurityPolicy: string;
}

/** The app's own session: its files under dist/renderer/, data:/blob: URLs, the app's CSP. */
export function appSessionPolicy(paths: AppPaths): SessionPolicy {
  return {
    allowRequest: (url) => isRequestAllowed(url, paths.appRoot),
    contentSecurityPolicy: contentSecurityPolicyHeader(),
  };
}

export function hardenSession(session: Session, policy: SessionPolicy): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionGranted(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = policy.allowRequest(details.url);
    if (!allowed) console.warn(`[security] blocked request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  // file: responses have no headers (index.html carries the policy as a <meta> tag); this
  // covers any other response that might ever reach the page.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [policy.contentSecurityPolicy],
      },
    });
  });
  // Saving goes through the `file:write` channel; nothing downloads behind the user's back.
  session.on('will-download', (event) => event.preventDefault());
}

export function hardenWebContents(contents: WebContents, paths: AppPaths): void {
  contents.on('will-navigate', (event) => {
    if (!isNavigationAllowed(event.url, paths.appUrl)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isNavigationAllowed(event.url, paths.appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isNavigationAllowed(event.url, paths.appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
