import { describe, expect, it } from 'vitest';
import {
  isAppUrl,
  isNavigationAllowed,
  isPermissionGranted,
  isRequestAllowed,
  isTrustedSender,
} from '../../electron/security/origin';

const APP = 'file:///opt/Conduit/resources/app.asar/dist/renderer/index.html';
const ROOT = 'file:///opt/Conduit/resources/app.asar/dist/renderer/';

describe('isAppUrl', () => {
  it('accepts the app page, with or without a query or fragment', () => {
    expect(isAppUrl(APP, APP)).toBe(true);
    expect(isAppUrl(`${APP}#/device/1`, APP)).toBe(true);
    expect(isAppUrl(`${APP}?x=1`, APP)).toBe(true);
  });

  it('accepts the same path however it is percent-encoded', () => {
    const spaced = 'file:///home/a%20b/dist/renderer/index.html';
    expect(isAppUrl('file:///home/a b/dist/renderer/index.html', spaced)).toBe(true);
  });

  it('rejects other files, other schemes and look-alikes', () => {
    for (const url of [
      'file:///etc/passwd',
      'file:///opt/Conduit/resources/app.asar/dist/renderer/other.html',
      'file:///opt/Conduit/resources/app.asar/dist/renderer/index.html.evil',
      'file://evil-host/opt/Conduit/resources/app.asar/dist/renderer/index.html',
      'https://example.com/index.html',
      'http://127.0.0.1:4173/',
      'data:text/html,<script>1</script>',
      'blob:file:///abc',
      'javascript:alert(1)',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url, APP), url).toBe(false);
    }
  });

  it('resolves dot segments before comparing', () => {
    expect(isAppUrl('file:///opt/Conduit/resources/app.asar/dist/renderer/x/../index.html', APP)).toBe(true);
    expect(isAppUrl('file:///opt/Conduit/resources/app.asar/dist/renderer/../index.html', APP)).toBe(false);
  });

  it('refuses to trust anything when the app URL itself is not a file URL', () => {
    expect(isAppUrl('http://localhost/', 'http://localhost/')).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only the main frame of the app page', () => {
    expect(isTrustedSender({ url: APP, isMainFrame: true }, APP)).toBe(true);
    expect(isTrustedSender({ url: APP, isMainFrame: false }, APP)).toBe(false);
    expect(isTrustedSender({ url: null, isMainFrame: true }, APP)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true }, APP)).toBe(false);
  });
});

describe('isNavigationAllowed', () => {
  it('allows only reloading the app page', () => {
    expect(isNavigationAllowed(APP, APP)).toBe(true);
    expect(isNavigationAllowed('file:///home/user/site/fw1.conf', APP)).toBe(false);
    expect(isNavigationAllowed('https://example.com/', APP)).toBe(false);
  });
});

describe('isRequestAllowed', () => {
  it('lets through the app files and in-memory URLs', () => {
    expect(isRequestAllowed(`${ROOT}assets/index-abc.js`, ROOT)).toBe(true);
    expect(isRequestAllowed(`${ROOT}index.html`, ROOT)).toBe(true);
    expect(isRequestAllowed('data:image/png;base64,AAAA', ROOT)).toBe(true);
    expect(isRequestAllowed('blob:file:///1234', ROOT)).toBe(true);
    expect(isRequestAllowed('devtools://devtools/bundled/inspector.html', ROOT)).toBe(true);
  });

  it('blocks remote requests and files outside the renderer folder', () => {
    for (const url of [
      'https://example.com/x.js',
      'http://127.0.0.1:8080/',
      'ws://localhost/',
      'ftp://example.com/',
      'file:///etc/passwd',
      `${ROOT}../main.cjs`,
      `${ROOT}%2e%2e/main.cjs`,
      'file:///opt/Conduit/resources/app.asar/dist/renderer-evil/x.js',
      'file://server/share/x.js',
      'chrome://settings',
      'garbage',
    ]) {
      expect(isRequestAllowed(url, ROOT), url).toBe(false);
    }
  });

  it('treats a root given without a trailing slash as a folder', () => {
    expect(isRequestAllowed(`${ROOT}assets/a.js`, ROOT.slice(0, -1))).toBe(true);
    expect(
      isRequestAllowed('file:///opt/Conduit/resources/app.asar/dist/renderer-evil/a.js', ROOT.slice(0, -1)),
    ).toBe(false);
  });
});

describe('isPermissionGranted', () => {
  it('denies every permission', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'hid',
      'serial',
      'usb',
      'fullscreen',
      'unknown',
    ]) {
      expect(isPermissionGranted(permission), permission).toBe(false);
    }
  });
});
