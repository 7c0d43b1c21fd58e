import { existsSync } from 'node:fs';
import Papa from 'papaparse';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  renderAssetGraphml,
  renderCsvTables,
  renderHtml,
  renderJson,
  renderZoneGraphml,
  renderZoneMapSvg,
  visibleLine,
} from '../../../models/report';
import { hostileDir, parseXml, reportOf, schemaErrors } from './helpers';

/**
 * A site whose asset names, zone names, site name, rule comments, analyst note and title carry
 * HTML, script tags, event-handler attributes, javascript: links, spreadsheet formulas
 * (= + - @) and control characters (ESC, BEL, a right-to-left override). Every report shows
 * them as text and executes nothing.
 */

const NOTE = `<script>alert('note')</script>\n=1+1 \u001b[2J <img src=x onerror=alert('note')>`;
const TITLE = `@title <iframe src="javascript:alert(7)"></iframe>`;
const doc = reportOf(hostileDir, '2026-03-01T12:00:00Z', { note: NOTE, title: TITLE });

/** The hostile strings the fixture puts in the report, as they must read. */
const HOSTILE = [
  `=HYPERLINK("http://evil.invalid","click")`,
  `+cmd|' /C calc'!A0`,
  `<script>alert('ews')</script>`,
  `<b>corp</b>=1+1`,
  `wan<iframe src=x>`,
];

const ALLOWED_TAGS = new Set(
  'html head meta title style body section nav ol ul li a span p h1 h2 h3 table colgroup col thead tbody tr th td code div b br time figure svg defs marker path g rect text line'.split(
    ' ',
  ),
);

const CHROMIUM = process.env.CONDUIT_CHROMIUM ?? '/usr/bin/chromium';

describe('a hostile site', () => {
  it('reaches the report: the hostile names are in paths, zones, findings and egress gaps', () => {
    expect(doc.paths.length).toBeGreaterThan(0);
    expect(doc.egress.length).toBeGreaterThan(0);
    expect(doc.findings.length).toBeGreaterThan(0);
    const json = renderJson(doc);
    for (const s of HOSTILE) expect(json).toContain(JSON.stringify(s).slice(1, -1));
    expect(schemaErrors(JSON.parse(json))).toBe('');
    // JSON keeps the exact text (control characters escaped by JSON itself).
    expect((JSON.parse(json) as { note: string }).note).toBe(NOTE);
  });

  it('gives HTML in which every tag is the report’s own: no script, no handler, no link out', () => {
    const html = renderHtml(doc);
    const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());
    expect(new Set(tags.filter((t) => !ALLOWED_TAGS.has(t)))).toEqual(new Set());
    expect(html).not.toMatch(/<script|<iframe|<img/i);
    // Inside tags (input text, escaped, may say `onload=` as text): no handler, no javascript: URL.
    const inTags = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);
    expect(inTags.filter((t) => /\son[a-z]+\s*=/i.test(t))).toEqual([]);
    expect(inTags.filter((t) => /javascript:/i.test(t))).toEqual([]);
    // Escaped, not dropped: the text shows.
    for (const s of HOSTILE)
      expect(html).toContain(
        s
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/"/g, '&quot;')
          .replace(/'/g, '&#39;'),
      );
    // Control characters never reach the page; they show as symbols.
    // eslint-disable-next-line no-control-regex
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202e]/);
    expect(html).toContain('[U+001B][31m');
    expect(html).toContain('[U+202E]');
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'parses in Chromium, with the CSP bypassed, into no script and no handler, and runs nothing',
    async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      try {
        // bypassCSP: the proof is the escaping, not the Content-Security-Policy that also forbids scripts.
        const page = await browser.newPage({ bypassCSP: true, javaScriptEnabled: true });
        const dialogs: string[] = [];
        const requests: string[] = [];
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        page.on('request', (r) => {
          if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
        });
        await page.setContent(renderHtml(doc), { waitUntil: 'load' });
        await page.waitForTimeout(200);
        const seen = await page.evaluate(() => {
          const all = Array.from(document.querySelectorAll('*'));
          return {
            scripts: document.querySelectorAll('script').length,
            handlers: all.flatMap((e) =>
              Array.from(e.attributes)
                .filter((a) => /^on/i.test(a.name))
                .map((a) => a.name),
            ),
            links: all.flatMap((e) =>
              ['href', 'src', 'xlink:href'].flatMap((n) => {
                const v = e.getAttribute(n);
                return v !== null && !v.startsWith('#') ? [v] : [];
              }),
            ),
            embedded: document.querySelectorAll('iframe, img, object, embed, foreignObject, video, audio')
              .length,
            text: document.body.innerText,
          };
        });
        expect(seen.scripts).toBe(0);
        expect(seen.handlers).toEqual([]);
        expect(seen.links).toEqual([]);
        expect(seen.embedded).toBe(0);
        expect(dialogs).toEqual([]);
        expect(requests).toEqual([]);
        for (const s of HOSTILE) expect(seen.text).toContain(s);
        expect(seen.text).toContain(`<script>alert('note')</script>`);
      } finally {
        await browser.close();
      }
    },
  );

  it('gives CSV whose cells never start a formula, per OWASP', () => {
    const tables = renderCsvTables(doc);
    const cells: string[] = [];
    for (const t of tables) {
      const parsed = Papa.parse<string[]>(t.text.replace(/^\ufeff/, ''), { skipEmptyLines: true });
      expect(parsed.errors, t.name).toEqual([]);
      for (const row of parsed.data) cells.push(...row);
    }
    expect(cells.length).toBeGreaterThan(100);
    for (const c of cells) expect(c, JSON.stringify(c)).not.toMatch(/^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/);
    // eslint-disable-next-line no-control-regex
    for (const c of cells) expect(c).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
    // The neutralised text is still all there, after the apostrophe.
    expect(cells).toContain(`'=HYPERLINK("http://evil.invalid","click")`);
    expect(cells).toContain(`'+cmd|' /C calc'!A0`);
    expect(cells.some((c) => c.startsWith(`'-PLC[U+0007][U+202E]<img`))).toBe(true);
    expect(cells.some((c) => c.startsWith(`'@PLC2 "quoted", comma`))).toBe(true);
    expect(cells).toContain(`<b>corp</b>=1+1`);
  });

  it('gives well-formed SVG and GraphML with the names as text only', () => {
    for (const [name, text] of [
      ['svg', renderZoneMapSvg(doc)],
      ['zones.graphml', renderZoneGraphml(doc)],
      ['assets.graphml', renderAssetGraphml(doc)],
    ] as const) {
      const xml = parseXml(text);
      const names = new Set(xml.elements.map((e) => e.name));
      for (const bad of ['script', 'foreignObject', 'iframe', 'img', 'b', 'svg:script'])
        expect(names.has(bad), `${name} <${bad}>`).toBe(false);
      expect(xml.elements.flatMap((e) => Object.keys(e.attributes).filter((a) => /^on/i.test(a)))).toEqual(
        [],
      );
      expect(xml.text + xml.elements.map((e) => Object.values(e.attributes).join(' ')).join(' ')).toContain(
        visibleLine(`ot\u001b[31m<svg onload=alert(4)>`).slice(0, 12),
      );
    }
  });
});
