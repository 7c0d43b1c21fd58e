/**
 * The corpus suite both flavours run: every file of the vendor's shared-corpus folder (read in
 * place) is detected as the vendor and imports one device without errors; every diagnostic and
 * every rule quotes its line exactly; skipped sections give at most one diagnostic each; and no
 * file of another vendor is taken for this one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectVendor, importConfig } from '../../../../models/import';
import { misquotedDiagnostics, splitLines, vendorSupport } from './support';

export function describeCorpus(vendor: 'pfsense' | 'opnsense', minimum: number): void {
  const S = vendorSupport(vendor);
  const names = S.corpusNames();

  describe(`every ${vendor} corpus file`, () => {
    it('is there to test (the corpus is read in place)', () => {
      expect(names.length).toBeGreaterThanOrEqual(minimum);
    });

    it.each(names)(`%s is detected as ${vendor} and imports one device without errors`, (name) => {
      const result = importConfig({ name, text: S.readCorpus(name) });
      expect(result.vendor).toBe(vendor);
      expect(result.devices).toHaveLength(1);
      expect(result.devices[0]!.lists.size).toBeGreaterThan(0);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });

    it.each(names)('%s quotes every cited line exactly (diagnostics, rules, NAT, routes)', (name) => {
      const text = S.readCorpus(name);
      const lines = splitLines(text);
      const result = importConfig({ name, text });
      expect(misquotedDiagnostics(name, lines, result.diagnostics)).toEqual([]);
      const dev = result.devices[0]!;
      for (const l of dev.lists.values())
        for (const r of l.rules) {
          expect(r.source.text).toBe(lines[r.source.line - 1]);
          expect(r.source.file).toBe(name);
        }
      for (const n of dev.nat) expect(n.source.text).toBe(lines[n.source.line - 1]);
      for (const r of dev.routes) if (r.source) expect(r.source.text).toBe(lines[r.source.line - 1]);
    });

    it.each(names)('%s: a user rule cites the line of its <rule> element', (name) => {
      const result = importConfig({ name, text: S.readCorpus(name) });
      const dev = result.devices[0]!;
      const userRules = [...dev.lists.values()]
        .flatMap((l) => l.rules)
        .filter((r) => r.source.text.includes('<rule'));
      for (const r of userRules) expect(r.source.text.trim()).toMatch(/^<rule[\s>]/);
    });

    it.each(names)('%s: skipped sections give at most one diagnostic each', (name) => {
      const result = importConfig({ name, text: S.readCorpus(name) });
      const info = result.diagnostics.filter((d) => d.code === 'unsupported-construct');
      const lines = info.map((d) => d.source.line);
      expect(new Set(lines).size).toBe(lines.length);
      expect(info.length).toBeLessThanOrEqual(12);
    });
  });

  describe(`detection (${vendor})`, () => {
    it(`no file of another vendor in the shared corpus is taken for ${vendor}`, () => {
      const root = path.dirname(S.corpusDir);
      const taken: string[] = [];
      for (const dir of readdirSync(root).filter(
        (d) => d !== vendor && statSync(path.join(root, d)).isDirectory(),
      )) {
        for (const f of readdirSync(path.join(root, dir))) {
          const file = path.join(root, dir, f);
          if (statSync(file).isFile() && detectVendor(readFileSync(file, 'utf8')) === vendor)
            taken.push(`${dir}/${f}`);
        }
      }
      expect(taken).toEqual([]);
    });
  });
}
