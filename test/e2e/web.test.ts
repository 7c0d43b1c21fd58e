import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contentSecurityPolicyHeader } from '../../electron/security/csp';
import { REPO_ROOT, startWebServer, type WebServer } from './web-server';
import { FIRST_START_KEY } from '../../renderer/first-start';
import { analysisCases, exampleView } from './analysis-cases';

/**
 * End to end in a real browser: `scripts/web.mjs` builds the renderer and serves it; Debian's
 * Chromium (apt-get install chromium) opens it, imports configs through the file picker and by
 * drag-and-drop, and the page must never log an error or violate its CSP.
 */

const CHROMIUM = process.env.CONDUIT_CHROMIUM ?? '/usr/bin/chromium';
const HOST1 = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'iptables', 'batfish-example-host1.iptables');
const HOSTILE = path.join(REPO_ROOT, 'test', 'fixtures', 'e2e', 'hostile-names--warnings.iptables-save');
const SCREENSHOTS = process.env.CONDUIT_SCREENSHOTS ?? '/tmp';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) {
  throw new Error(`e2e: no Chromium at ${CHROMIUM}; install it with: apt-get install -y chromium`);
}
if (!haveChromium) console.warn(`e2e: skipped, no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

/** GET with the path sent exactly as given (no client-side normalisation of `..`). */
function rawGet(
  base: string,
  rawPath: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf-8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ fileName, content }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], fileName, { type: 'text/plain' }));
      return transfer;
    },
    { fileName: name, content: text },
  );
  for (const type of ['dragenter', 'dragover', 'drop'])
    await page.dispatchEvent('main', type, { dataTransfer });
}

/** Opening files shows the zone map; the device cards and import issues are under Import. */
async function showImport(page: Page): Promise<void> {
  await page.getByRole('tab', { name: /^Import/ }).click();
}

/** The main pane scrolls inside the window, so a whole-page shot needs a window as tall as the content. */
async function screenshot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1366, height: 860 };
  const height = await page.evaluate(() => {
    const main = document.querySelector('main');
    return main ? main.scrollHeight + (window.innerHeight - main.clientHeight) : window.innerHeight;
  });
  await page.setViewportSize({
    width: viewport.width,
    height: Math.max(viewport.height, Math.min(height, 4000)),
  });
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
  await page.setViewportSize(viewport);
}

// One retry: under a fully loaded 2-core CI machine (the kernel test and 50 MB CLI tests run in
// parallel) Chromium occasionally misses a keyboard shortcut's file chooser within the timeout.
describe.skipIf(!haveChromium)('web UI in Chromium', { retry: 1 }, () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    server = await startWebServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  beforeEach(async () => {
    problems = [];
    context = await browser.newContext({ viewport: { width: 1366, height: 860 }, acceptDownloads: true });
    // Runs before any page script; reports CSP violations through the console listener below.
    // The first start opens the example site; these tests start from the welcome screen.
    await context.addInitScript((key) => localStorage.setItem(key, 'test'), FIRST_START_KEY);
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
      });
    });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console.${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`unexpected dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Open firewall configurations' }).waitFor();
  });

  afterEach(async () => {
    await context?.close();
    expect(problems).toEqual([]);
  });

  it('serves the built renderer with the CSP header, correct MIME types and no way out of dist/renderer', async () => {
    const index = await rawGet(server.url, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(contentSecurityPolicyHeader());
    expect(index.headers['x-content-type-options']).toBe('nosniff');

    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(index.body)?.[1];
    const style = /href="\.\/(assets\/[^"]+\.css)"/.exec(index.body)?.[1];
    const bundle = await rawGet(server.url, `/${script}`);
    expect(bundle.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(bundle.body, 'a production build of React, even under vitest').not.toContain('jsxDEV');
    expect((await rawGet(server.url, `/${style}`)).headers['content-type']).toBe('text/css; charset=utf-8');

    for (const escape of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/assets/..%5c..%5cpackage.json',
      '/%00',
      '/%E0%A4%A',
    ]) {
      const res = await rawGet(server.url, escape);
      expect([400, 404], escape).toContain(res.status);
      expect(res.body).not.toContain('"name": "conduit"');
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, 'conduit-e2e-welcome.png') });
  });

  it('imports a config chosen in the file picker and lists the device, its rule lists and bindings', async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose files…' }).click();
    await (await chooser).setFiles(HOST1);
    await showImport(page);

    const card = page.getByRole('article', { name: 'batfish-example-host1' });
    await card.waitFor();
    await card.getByText('iptables', { exact: true }).waitFor();

    const input = card.getByRole('row', { name: /^filter\/INPUT/ });
    await expect.poll(() => input.getByRole('cell').nth(0).innerText()).toBe('2');
    await input.getByText('Deny (policy)').waitFor();

    // Empty pass-through lists fold away until asked for.
    await expect.poll(() => card.getByRole('row', { name: /^mangle\/INPUT/ }).count()).toBe(0);
    await card.getByRole('button', { name: 'Show all lists' }).click();
    await card.getByRole('row', { name: /^mangle\/INPUT/ }).waitFor();
    await card
      .getByRole('row', { name: /^filter\/OUTPUT/ })
      .getByText('Permit (policy)')
      .waitFor();

    const bindings = card.getByRole('table', { name: 'Where the lists apply' });
    const toDevice = bindings.getByRole('row', { name: /^To the device/ });
    await expect
      .poll(() => toDevice.locator('.pipeline li').allInnerTexts())
      .toEqual(['mangle/PREROUTING', 'mangle/INPUT', 'filter/INPUT']);
    await bindings
      .getByRole('row', { name: /^Forwarded traffic/ })
      .getByText('filter/FORWARD')
      .waitFor();

    await page.getByText('No issues: every line was understood.').waitFor();
    await expect
      .poll(() => page.getByRole('contentinfo').getByRole('status').innerText())
      .toContain('1 file · 1 device · 2 rules · 0 errors');
    await screenshot(page, 'conduit-e2e-host1.png');
  });

  it('imports a dropped config with hostile names, renders them as text and lists its diagnostics by file and line', async () => {
    const text = await readFile(HOSTILE, 'utf-8');
    await dropFile(page, path.basename(HOSTILE), text);
    await showImport(page);

    const card = page.getByRole('article', { name: 'hostile-names--warnings' });
    await card.waitFor();
    await card.getByRole('rowheader', { name: 'filter/<img_src=x_onerror=alert(1)>' }).waitFor();

    const issues = page.getByRole('region', { name: 'Import issues' });
    const rows = issues.getByRole('row');
    await expect.poll(() => rows.count()).toBe(4); // header + 3 diagnostics
    const unrecognized = issues.getByRole('row', { name: /unrecognized-line/ });
    await expect.poll(() => unrecognized.innerText()).toContain('Warning');
    await expect.poll(() => unrecognized.innerText()).toContain('hostile-names--warnings.iptables-save:13');
    await expect
      .poll(() => unrecognized.innerText())
      .toContain('<script>document.title="pwned"</script> this line is not iptables');
    await expect
      .poll(() => issues.getByRole('row', { name: /uncertain-match/ }).innerText())
      .toContain('iptables-save:10');

    // Nothing from the file became markup or ran.
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(await page.title()).toBe('• Untitled — Conduit'); // ours: a hostile script would have set 'pwned'

    await issues.getByRole('button', { name: /^Error/ }).click();
    await issues.getByText('No issues of this severity.').waitFor();
    await issues.getByRole('button', { name: /^All/ }).click();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export issues (CSV)' }).click();
    const csv = await readFile(await (await download).path(), 'utf-8');
    expect(csv.split('\r\n')[0]).toBe('severity,code,stage,file,line,end_line,message,text');
    expect(csv).toContain('warning,unrecognized-line,parse,hostile-names--warnings.iptables-save,13,13,');
    await page.getByRole('button', { name: 'Dismiss' }).click();

    await screenshot(page, 'conduit-e2e-hostile.png');
  });

  it('opens the bundled example site by itself on the first start only, on the zone map', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const zones = exampleView().zones.map((z) => z.name);
    try {
      const first = await fresh.newPage();
      await first.goto(server.url);
      await expect
        .poll(() => first.getByRole('list', { name: 'Zones' }).locator('.zone-item-name').allInnerTexts(), {
          timeout: 60_000,
        })
        .toEqual(zones);
      expect(await first.getByRole('tab', { name: /Zone map/ }).getAttribute('aria-selected')).toBe('true');
      const second = await fresh.newPage();
      await second.goto(server.url);
      await second.getByRole('heading', { name: 'Open firewall configurations' }).waitFor();
      expect(await second.getByRole('list', { name: 'Zones' }).count()).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('opens the bundled example site from the welcome screen, its devices under Import', async () => {
    const devices = exampleView().rules.map((r) => r.device);
    await page.getByRole('button', { name: 'open the example plant site' }).click();
    await showImport(page);
    const card = page.getByRole('article', { name: devices[0] });
    await card.waitFor();
    await screenshot(page, 'conduit-e2e-example.png');
  });

  it('is keyboard operable: Ctrl+O opens the picker, the sidebar selects a device, files can be closed', async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Control+O');
    await (await chooser).setFiles([HOST1, HOSTILE]);
    await page.getByRole('tab', { name: /Zone map/ }).focus();
    await page.keyboard.press('End'); // the tabs follow the arrow keys, Home and End
    await expect
      .poll(() => page.getByRole('tab', { name: /^Import/ }).getAttribute('aria-selected'))
      .toBe('true');
    await page.getByRole('article', { name: 'hostile-names--warnings' }).waitFor();
    await page.getByRole('article', { name: 'batfish-example-host1' }).waitFor();

    const nav = page.getByRole('navigation', { name: 'Opened files' });
    const device = nav.getByRole('button', { name: /^batfish-example-host1/ });
    await device.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => device.getAttribute('aria-current')).toBe('page');
    await page.getByRole('heading', { level: 2, name: 'batfish-example-host1', exact: true }).waitFor();
    await expect.poll(() => page.getByRole('article').count()).toBe(1);
    await screenshot(page, 'conduit-e2e-device.png');

    await nav.getByRole('button', { name: 'Close batfish-example-host1.iptables' }).click();
    await page.getByRole('heading', { level: 2, name: 'Overview' }).waitFor();
    await page.getByRole('button', { name: /^Project/ }).click();
    await page.getByRole('menuitem', { name: 'Close all files' }).click();
    await page.getByRole('heading', { name: 'Open firewall configurations' }).waitFor();
  });

  it('what-if: disabling the cited rule closes its paths; undo brings them back; the project saves and reopens with the edit', async () => {
    await page.getByRole('button', { name: 'open the example plant site' }).click();
    await page.getByRole('tab', { name: /^Paths/ }).click();
    const firstPath = page.getByRole('list', { name: 'Paths' }).locator('.path-item').first();
    await firstPath.click();
    const hops = page.getByRole('list', { name: 'Hops' });
    await hops.locator('.rule-ref').first().waitFor();
    const cited = (await hops.locator('.rule-ref-loc').first().innerText()).trim();
    // The code viewer shows the cited line with its neighbours.
    await page.locator('.code-viewer').getByText(cited.split(':')[0]!).first().waitFor();

    await hops
      .getByRole('button', { name: /^What if: change/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: 'What if…' });
    await dialog.waitFor();
    // The first field has focus; Escape closes without a change.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await hops
      .getByRole('button', { name: /^What if: change/ })
      .first()
      .click();
    await dialog.getByLabel('Note (saved with the project)').fill('CHG-0042 <script>alert(1)</script>');
    await dialog.getByRole('button', { name: 'Apply and re-analyse' }).click();

    await page.getByRole('tab', { name: /^What-if/ }).click();
    const summary = page.locator('.whatif-summary');
    await expect
      .poll(() => summary.innerText(), { timeout: 60_000 })
      .toMatch(/^\d+ paths? closed, 0 paths opened/);
    const closed = Number(/^(\d+)/.exec(await summary.innerText())![1]);
    expect(closed).toBeGreaterThan(0);
    await page.getByText('CHG-0042 <script>alert(1)</script>').waitFor();
    expect(await page.locator('main script').count()).toBe(0);
    // The header says there are unsaved changes.
    await page.locator('.dirty-mark').waitFor();
    await screenshot(page, 'conduit-e2e-whatif.png');

    await page.getByRole('button', { name: 'Undo', exact: true }).first().click();
    await expect.poll(() => page.getByRole('tab', { name: /^What-if/ }).innerText()).toContain('0');
    await page.getByRole('button', { name: 'Redo', exact: true }).first().click();
    await expect.poll(() => summary.innerText(), { timeout: 60_000 }).toContain(`${closed} path`);

    // Save (a download in the browser) with the keyboard shortcut.
    const download = page.waitForEvent('download');
    await page.keyboard.press('Control+S');
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('plant-site.conduit');
    const file = await saved.path();
    const project = JSON.parse(await readFile(file, 'utf-8')) as {
      edits: { note?: string }[];
      files: unknown[];
    };
    expect(project.edits).toHaveLength(1);
    expect(project.edits[0]!.note).toBe('CHG-0042 <script>alert(1)</script>');
    await expect.poll(() => page.locator('.dirty-mark').count()).toBe(0);

    // A new project, then the saved one through Project > Open project… (keyboard only).
    await page.getByRole('button', { name: /^Project/ }).focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('New project');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open firewall configurations' }).waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'open a saved project' }).click();
    await (await chooser).setFiles(file);
    await page.getByRole('tab', { name: /^What-if 1/ }).click();
    await expect.poll(() => summary.innerText(), { timeout: 60_000 }).toContain(`${closed} path`);
    await page.getByText('CHG-0042 <script>alert(1)</script>').waitFor();

    // It is among the recent projects (kept in IndexedDB), and opens from there.
    await page.getByRole('button', { name: /^Project/ }).click();
    await page.getByRole('menuitem', { name: 'plant-site.conduit' }).waitFor();
    await page.keyboard.press('Escape');

    // A project dropped on the window opens as the project, not as a config to import.
    await page.getByRole('button', { name: /^Project/ }).click();
    await page.getByRole('menuitem', { name: 'New project' }).click();
    await page.getByRole('heading', { name: 'Open firewall configurations' }).waitFor();
    await dropFile(page, 'dropped.conduit', await readFile(file, 'utf-8'));
    await page.getByRole('tab', { name: /^What-if 1/ }).click();
    await expect.poll(() => summary.innerText(), { timeout: 60_000 }).toContain(`${closed} path`);
    expect(await page.locator('.project-name').innerText()).toContain('plant-site');
  });

  it('asks before discarding unsaved changes, and Cancel keeps them', async () => {
    await page.getByRole('button', { name: 'open the example plant site' }).click();
    await page.getByRole('tab', { name: /^Rules/ }).click();
    await page
      .getByRole('button', { name: /^What if: change/ })
      .first()
      .click();
    await page
      .getByRole('dialog', { name: 'What if…' })
      .getByRole('button', { name: 'Apply and re-analyse' })
      .click();
    await page.locator('.dirty-mark').waitFor();
    await page.getByRole('button', { name: /^Project/ }).click();
    await page.getByRole('menuitem', { name: 'New project' }).click();
    const ask = page.getByRole('dialog', { name: 'Save your changes?' });
    await ask.waitFor();
    await screenshot(page, 'conduit-e2e-unsaved.png');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('tab', { name: /^What-if/ }).innerText()).toContain('1');
    await page.getByRole('button', { name: /^Project/ }).click();
    await page.getByRole('menuitem', { name: 'New project' }).click();
    await ask.getByRole('button', { name: 'Don’t save' }).click();
    await page.getByRole('heading', { name: 'Open firewall configurations' }).waitFor();
  });

  it('exports the report as self-contained HTML from the app', async () => {
    await page.getByRole('button', { name: 'open the example plant site' }).click();
    const button = page.getByRole('button', { name: 'Export report…' });
    await expect.poll(() => button.isEnabled(), { timeout: 60_000 }).toBe(true);
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Export report' });
    // PDF needs the desktop app's printer; the browser says so instead of failing later.
    expect(await dialog.getByRole('radio', { name: /PDF report/ }).isDisabled()).toBe(true);
    await dialog
      .getByLabel('Analyst note (on the title page)')
      .fill('Reviewed with the plant <b>OT</b> lead');
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export' }).click();
    const html = await readFile(await (await download).path(), 'utf-8');
    expect(html).toContain('<title>');
    expect(html).toContain('Riverbend Water Treatment');
    expect(html).toContain('Reviewed with the plant &lt;b&gt;OT&lt;/b&gt; lead');
    expect(html).not.toMatch(/<script/i);
  });

  analysisCases(() => page);
});
