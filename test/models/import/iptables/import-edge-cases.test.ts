/**
 * importConfig, detectVendor and looksBinary at the edges: empty and binary files, another
 * vendor's text (detected or forced as iptables), and a line far too long to be a rule.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectVendor, importConfig, looksBinary, vendorScore } from '../../../../models/import';
import { MAX_LINE_LENGTH, splitLines } from '../../../../models/import/iptables';
import { codesAndLines, corpusDir, misquotedDiagnostics, readCorpus, readFixture } from './support';

const otherVendor = (dir: string, name: string): string =>
  readFileSync(path.resolve(corpusDir, '..', dir, name), 'utf8');
const FFFUU = 'fffuu-parser-test-edge-cases.iptables-save';
/** A format Conduit does not read (hand-written MikroTik RouterOS export). */
const UNSUPPORTED = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'fixtures',
  'import',
  'unsupported',
  'mikrotik-routeros.rsc',
);

describe('detectVendor', () => {
  it('recognises every iptables corpus file and fixture', () => {
    expect(detectVendor(readCorpus(FFFUU))).toBe('iptables');
    expect(detectVendor(readCorpus('aerleon-sample-speedway.iptables-restore'))).toBe('iptables');
    expect(detectVendor(readFixture('insert-order.iptables-save'))).toBe('iptables');
  });

  it('recognises a restore file made mostly of -I, -N and -P lines', () => {
    const text = [
      '*filter',
      '-P FORWARD DROP',
      '-N A',
      '-N B',
      '-I FORWARD -j A',
      '-I FORWARD 2 -j B',
      '-I A -s 10.0.0.0/8 -j ACCEPT',
      'COMMIT',
    ].join('\n');
    expect(detectVendor(text)).toBe('iptables');
  });

  it('does not take another vendor for iptables', () => {
    expect(detectVendor(otherVendor('cisco-asa', 'batfish-asa-filters-access-groups.cfg'))).toBe('cisco-asa');
    expect(detectVendor(otherVendor('fortios', 'batfish-firewall-policy.conf'))).toBe('fortios');
    expect(detectVendor(otherVendor('nftables', 'aerleon-sample-nftables.nft'))).toBe('nftables');
    expect(detectVendor(readFileSync(UNSUPPORTED, 'utf8'))).toBeNull();
    expect(vendorScore('iptables', otherVendor('nftables', 'aerleon-sample-nftables.nft'))).toBeLessThan(0.2);
  });

  it('sees past a huge first line', () => {
    expect(detectVendor(`# ${'x'.repeat(100_000)}\n${readCorpus(FFFUU)}`)).toBe('iptables');
  });
});

describe('looksBinary', () => {
  it('is false for text, tabs and CRLF included', () => {
    expect(looksBinary(readCorpus(FFFUU))).toBe(false);
    expect(looksBinary('*filter\r\n-A X\t-j ACCEPT\r\nCOMMIT\r\n')).toBe(false);
    expect(looksBinary('')).toBe(false);
  });

  it('is true for NUL bytes, many control characters or many undecodable bytes', () => {
    expect(looksBinary(`*filter\n\u0000\n`)).toBe(true);
    expect(looksBinary('\u0001\u0002\u0003\u0004 some text')).toBe(true);
    expect(looksBinary('\ufffd\ufffd\ufffd\ufffd PK')).toBe(true);
  });
});

describe('importConfig edge cases', () => {
  it('an empty file is an empty-input error with no devices', () => {
    for (const text of ['', '\n\n', '   \r\n\t\n']) {
      const result = importConfig({ name: 'empty.iptables-save', text });
      expect(result.devices).toEqual([]);
      expect(result.diagnostics.map((d) => [d.code, d.severity, d.source.line])).toEqual([
        ['empty-input', 'error', 1],
      ]);
      expect(misquotedDiagnostics('empty.iptables-save', splitLines(text), result.diagnostics)).toEqual([]);
    }
  });

  it('a binary file is a binary-input error with no devices, even when iptables is forced', () => {
    const text = `\u0000\u0001PK\u0003\u0004${'\u0000'.repeat(40)}*filter\nCOMMIT\n`;
    for (const options of [{}, { vendor: 'iptables' as const }]) {
      const result = importConfig({ name: 'dump.bin', text }, options);
      expect(result.devices).toEqual([]);
      expect(codesAndLines(result.diagnostics)).toEqual([['binary-input', 1]]);
      expect(result.diagnostics[0]!.severity).toBe('error');
    }
  });

  it("another vendor's text is a vendor-mismatch error with no devices", () => {
    const result = importConfig({
      name: 'mikrotik.rsc',
      text: readFileSync(UNSUPPORTED, 'utf8'),
    });
    expect(result.vendor).toBeNull();
    expect(result.devices).toEqual([]);
    expect(codesAndLines(result.diagnostics)).toEqual([['vendor-mismatch', 1]]);
  });

  it("another vendor's text forced as iptables: vendor-mismatch warning and error, no devices, exact citations", () => {
    // CRLF on purpose: a cited line never carries its \r.
    const name = 'flatasaacl-sample-objects-and-acls.cfg';
    const text = otherVendor('cisco-asa', name);
    const result = importConfig({ name, text }, { vendor: 'iptables' });
    expect(result.vendor).toBe('iptables');
    expect(result.devices).toEqual([]);
    const mismatch = result.diagnostics.filter((d) => d.code === 'vendor-mismatch');
    expect(mismatch.map((d) => [d.severity, d.stage])).toEqual([
      ['warning', 'detect'],
      ['error', 'convert'],
    ]);
    const lines = splitLines(text);
    expect(misquotedDiagnostics(name, lines, result.diagnostics)).toEqual([]);
    expect(result.diagnostics.every((d) => !d.source.text.endsWith('\r'))).toBe(true);
    expect(result.diagnostics.filter((d) => d.code === 'unrecognized-line').length).toBeGreaterThan(0);
  });

  it('nftables text forced as iptables gives no devices', () => {
    const result = importConfig(
      { name: 'fw.nft', text: otherVendor('nftables', 'aerleon-sample-nftables.nft') },
      { vendor: 'iptables' },
    );
    expect(result.devices).toEqual([]);
    expect(result.diagnostics.some((d) => d.code === 'vendor-mismatch' && d.severity === 'error')).toBe(true);
  });

  it('a 100,000-character line is skipped as line-too-long and the rest is imported', () => {
    const lines = splitLines(readCorpus(FFFUU));
    const long = `-A FORWARD -m comment --comment "${'x'.repeat(100_000)}" -j DROP`;
    expect(long.length).toBeGreaterThan(MAX_LINE_LENGTH);
    const text = [...lines.slice(0, 20), long, ...lines.slice(20)].join('\n');
    const result = importConfig({ name: FFFUU, text });
    expect(codesAndLines(result.diagnostics)).toEqual([['line-too-long', 21]]);
    expect(result.diagnostics[0]!.source.text).toBe(long);
    const before = importConfig({ name: FFFUU, text: readCorpus(FFFUU) }).devices[0]!;
    const after = result.devices[0]!;
    const count = (d: typeof after) => [...d.lists.values()].reduce((n, l) => n + l.rules.length, 0);
    expect(count(after)).toBe(count(before));
    expect(
      after.lists
        .get('filter/FORWARD')!
        .rules.slice(10, 12)
        .map((r) => r.source.line),
    ).toEqual([20, 22]);
  });

  it('a huge first line does not stop detection or import', () => {
    const text = `${'#'.repeat(100_000)}\n${readCorpus(FFFUU)}`;
    const result = importConfig({ name: FFFUU, text });
    expect(result.vendor).toBe('iptables');
    expect(result.devices).toHaveLength(1);
    expect(codesAndLines(result.diagnostics)).toEqual([['line-too-long', 1]]);
  });

  it('a file of comments only is not mistaken for an empty one, nor imported', () => {
    const result = importConfig(
      { name: 'c.iptables-save', text: '# Generated by iptables-save v1.8.7\n# nothing else\n' },
      { vendor: 'iptables' },
    );
    expect(result.devices).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toContain('vendor-mismatch');
  });
});
