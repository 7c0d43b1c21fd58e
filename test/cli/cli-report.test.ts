import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../cli/report/pdf';
import { exampleDir, hostileDir, parseXml, schemaErrors } from '../models/report/helpers';
import { inkShare, readPng } from '../models/report/png';
import { bin, conduit, ensureCliBuilt, expectOneLineError, repoRoot, tempDir } from './helpers';

/**
 * `conduit analyze ... --html/--pdf/--csv/--report-json/--graphml`: the example site's report in
 * every format; the PDF turned into page images (pdftoppm) and checked page by page; the same
 * inputs and date give the same bytes; hostile names stay text, down to the PDF.
 */

const CHROMIUM = process.env.CONDUIT_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
const havePoppler = spawnSync('pdftoppm', ['-v']).status === 0;
if (process.env.CI && (!haveChromium || !havePoppler))
  throw new Error('report tests need chromium and poppler-utils (apt-get install -y chromium poppler-utils)');
if (!haveChromium || !havePoppler)
  console.warn('cli-report: PDF tests skipped (need /usr/bin/chromium and pdftoppm from poppler-utils)');

const DATE = '2026-03-01T12:00:00Z';
const tmp = tempDir();
const out = (...p: string[]): string => path.join(tmp.dir, ...p);

function report(
  dir: string,
  site: string,
  extra: readonly string[] = [],
  withPdf = haveChromium,
): ReturnType<typeof conduit> {
  return conduit([
    'analyze',
    site,
    '--date',
    DATE,
    '--html',
    path.join(dir, 'report.html'),
    '--report-json',
    path.join(dir, 'report.json'),
    '--csv',
    path.join(dir, 'csv'),
    '--graphml',
    path.join(dir, 'graphml'),
    ...(withPdf ? ['--pdf', path.join(dir, 'report.pdf'), '--chromium', CHROMIUM] : []),
    ...extra,
  ]);
}

/** Every file under a folder, relative name -> bytes. */
function files(dir: string): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else m.set(r, fs.readFileSync(path.join(dir, r)));
    }
  };
  walk('');
  return m;
}

beforeAll(async () => {
  await ensureCliBuilt();
  const r = report(out('a'), exampleDir);
  if (r.code !== 0) throw new Error(`conduit analyze failed: ${r.stderr}`);
}, 240_000);
afterAll(() => tmp.cleanup());

describe('conduit analyze: the example site report in every format', () => {
  it('writes HTML, JSON, CSV tables and GraphML, and says what it wrote', () => {
    const got = files(out('a'));
    for (const name of ['report.html', 'report.json', 'graphml/zones.graphml', 'graphml/assets.graphml'])
      expect(got.has(name), name).toBe(true);
    for (const t of [
      'paths',
      'path-rules',
      'findings',
      'finding-rules',
      'egress',
      'zone-matrix',
      'segments',
      'zones',
      'assets',
      'inputs',
      'issues',
      'assumptions',
    ])
      expect(got.has(`csv/${t}.csv`), t).toBe(true);
    const html = got.get('report.html')!.toString('utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(DATE);
  });

  it('writes JSON that validates against docs/report-schema.json and names every input with its SHA-256', () => {
    const doc = JSON.parse(fs.readFileSync(out('a', 'report.json'), 'utf8')) as {
      inputs: { name: string; sha256: string; vendor: string | null; kind: string }[];
      tool: { version: string };
      generatedAt: string;
    };
    expect(schemaErrors(doc)).toBe('');
    expect(doc.generatedAt).toBe(DATE);
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(doc.tool.version).toBe(pkg.version);
    for (const i of doc.inputs) {
      const sha = execFileSync('sha256sum', [path.join(exampleDir, i.name)], { encoding: 'utf8' }).split(
        ' ',
      )[0];
      expect(i.sha256, i.name).toBe(sha);
    }
    expect(doc.inputs.filter((i) => i.kind === 'config').every((i) => i.vendor !== null)).toBe(true);
  });

  it('writes CSV tables that a CSV reader reads back, paths one row per hop', () => {
    const doc = JSON.parse(fs.readFileSync(out('a', 'report.json'), 'utf8')) as {
      paths: { hops: unknown[] }[];
    };
    const text = fs.readFileSync(out('a', 'csv', 'paths.csv'), 'utf8').replace(/^\ufeff/, '');
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(rows.errors).toEqual([]);
    expect(rows.data).toHaveLength(doc.paths.reduce((n, p) => n + p.hops.length, 0));
  });

  it('writes well-formed GraphML', () => {
    for (const g of ['zones', 'assets']) {
      const x = parseXml(fs.readFileSync(out('a', 'graphml', `${g}.graphml`), 'utf8'));
      expect(x.elements[0]!.name).toBe('graphml');
      expect(x.elements.filter((e) => e.name === 'node').length).toBeGreaterThan(0);
    }
  });

  it.skipIf(!haveChromium || !havePoppler)(
    'writes a PDF whose pages are all non-blank images, numbered, with a table of contents that gives pages',
    () => {
      const pdf = out('a', 'report.pdf');
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
      expect(pages).toBeGreaterThanOrEqual(6);
      expect(info).toMatch(/CreationDate:\s+Sun Mar\s+1 12:00:00 2026/);
      const png = out('png');
      fs.mkdirSync(png);
      execFileSync('pdftoppm', ['-png', '-gray', '-r', '40', pdf, path.join(png, 'page')]);
      const images = fs
        .readdirSync(png)
        .filter((n) => n.endsWith('.png'))
        .sort();
      expect(images).toHaveLength(pages);
      for (const name of images) {
        const img = readPng(fs.readFileSync(path.join(png, name)));
        expect(img.height).toBeGreaterThan(img.width); // A4 portrait
        expect(inkShare(img), name).toBeGreaterThan(0.004);
      }
      const text = (p: number): string =>
        execFileSync('pdftotext', ['-layout', '-f', String(p), '-l', String(p), pdf, '-'], {
          encoding: 'utf8',
        });
      expect(text(1)).toContain(`Page 1 of ${pages}`);
      expect(text(pages)).toContain(`Page ${pages} of ${pages}`);
      const toc = text(2);
      expect(toc).toContain('Contents');
      // Each contents line ends with the page its section starts on, and that page has its heading.
      const entries = [...toc.matchAll(/^\s*(\d)\s+(.+?)\s+(\d+)\s*$/gm)].map((m) => ({
        n: m[1]!,
        title: m[2]!,
        page: Number(m[3]),
      }));
      expect(entries.length).toBe(8);
      for (const e of entries) {
        expect(e.page).toBeLessThanOrEqual(pages);
        expect(text(e.page), `${e.title} on page ${e.page}`).toContain(
          `${e.n} ${e.title.replace(/\s*\(\d+\)$/, '')}`,
        );
      }
    },
    120_000,
  );
});

describe('conduit analyze reports are reproducible', () => {
  it('gives byte-identical reports (PDF included) for the same inputs and date; SOURCE_DATE_EPOCH sets the date', () => {
    const again = report(out('b'), exampleDir);
    expect(again.code).toBe(0);
    const a = files(out('a'));
    const b = files(out('b'));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, bytes] of a) expect(b.get(name)!.equals(bytes), name).toBe(true);
    const epoch = Date.parse(DATE) / 1000;
    const r = spawnSync(process.execPath, [bin, 'analyze', exampleDir, '--report-json', out('c.json')], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch) },
    });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(out('c.json')).equals(a.get('report.json')!)).toBe(true);
  }, 240_000);
});

describe('conduit analyze reports of a hostile site', () => {
  it('show the hostile names as text in every format, the PDF included', () => {
    const note = `<script>alert('note')</script> =1+1`;
    const r = report(out('h'), hostileDir, ['--note', note, '--title', '@title <b>x</b>']);
    expect(r.code).toBe(0);
    const html = fs.readFileSync(out('h', 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<img|<iframe|<svg onload/i);
    expect(html).toContain('&lt;script&gt;alert(&#39;ews&#39;)&lt;/script&gt;');
    expect(html).toContain('&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt; =1+1');
    const paths = fs.readFileSync(out('h', 'csv', 'paths.csv'), 'utf8');
    expect(paths).toContain(`"'=HYPERLINK(""http://evil.invalid"",""click"")"`);
    expect(paths).not.toMatch(/(^|,)"[=+\-@]/m);
    if (haveChromium && havePoppler) {
      const text = execFileSync('pdftotext', [out('h', 'report.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain(`<script>alert('ews')</script>`);
      expect(text).toContain(`<script>alert('note')</script>`);
    }
  }, 120_000);
});

describe('conduit analyze report options', () => {
  it('fails with one line naming the browser when --chromium is not a program', () => {
    const r = conduit(['analyze', exampleDir, '--pdf', out('x.pdf'), '--chromium', out('no-such-chromium')]);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toContain(
      `--chromium: '${out('no-such-chromium')}' is not an executable file`,
    );
    expect(fs.existsSync(out('x.pdf'))).toBe(false);
  });

  it('names every place it looked when no Chromium is found', () => {
    expect(() => findChromium(undefined, { PATH: out('empty') }, [out('nothing-here')])).toThrow(
      new RegExp(`tried ${out('nothing-here')}, chromium on PATH, .*google-chrome on PATH.*--chromium PATH`),
    );
  });

  it('lists a piped input with the SHA-256 of what the analysis read from the pipe (a pipe cannot be read twice)', () => {
    const config = fs.readdirSync(exampleDir).find((n) => /iptables|\.cfg$/.test(n) && !n.includes('ip-'))!;
    // A shell pipe: /dev/stdin is then a FIFO, as when a user pipes an export in.
    const r = spawnSync(
      'sh',
      [
        '-c',
        'cat "$1" | "$2" "$3" analyze /dev/stdin --report-json "$4"',
        'sh',
        path.join(exampleDir, config),
        process.execPath,
        bin,
        out('stdin.json'),
      ],
      { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(0);
    const doc = JSON.parse(fs.readFileSync(out('stdin.json'), 'utf8')) as {
      inputs: { sha256: string; kind: string }[];
    };
    // Hashed as the analysis read the pipe: the digest of the file that was piped in.
    const piped = fs.readFileSync(path.join(exampleDir, config));
    expect(doc.inputs).toMatchObject([
      {
        sha256: createHash('sha256').update(piped).digest('hex'),
        bytes: piped.length,
        kind: 'config (read from a pipe)',
      },
    ]);
    expect(schemaErrors(doc)).toBe('');
  });

  it('rejects a date that is not ISO 8601', () => {
    const r = conduit(['analyze', exampleDir, '--html', out('y.html'), '--date', 'yesterday']);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toContain("--date: 'yesterday' is not an ISO 8601 date");
  });
});
