/**
 * Bad input: every problem becomes a diagnostic naming its line (by code and line), nothing is
 * dropped silently, and files that are not nftables are refused as such.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectVendor, importConfig } from '../../../../models/import';
import { codesAndLines, corpusDir, load } from './support';

describe('malformed and unsupported input', () => {
  it('malformed text: bad priority, unknown lines, stray braces, truncated blocks', () => {
    const r = load('malformed--invalid.nft');
    expect(r.devices).toHaveLength(1);
    expect(codesAndLines(r.diagnostics)).toEqual([
      ['invalid-value', 3],
      ['unrecognized-line', 8],
      ['unrecognized-line', 11],
      ['truncated-input', 14],
      ['truncated-input', 13],
      ['unrecognized-line', 5],
      ['uncertain-match', 6],
    ]);
  });

  it('constructs that cannot be decided offline are named, each on its line', () => {
    const r = load('uncertain--warnings.nft');
    expect(codesAndLines(r.diagnostics)).toEqual([
      ['uncertain-match', 9],
      ['uncertain-match', 10],
      ['uncertain-match', 11],
      ['uncertain-match', 12],
      ['uncertain-match', 13],
      ['undefined-reference', 15],
      ['unsupported-construct', 16],
      ['uncertain-match', 16],
    ]);
  });

  it('arp, bridge and netdev tables are recorded as not modelled', () => {
    const r = load('bridge-family--warnings.nft');
    expect(codesAndLines(r.diagnostics)).toEqual([
      ['unsupported-construct', 1],
      ['unsupported-construct', 7],
    ]);
  });

  it('add rule to an undefined chain is an error naming the line', () => {
    expect(codesAndLines(load('add-commands.nft').diagnostics)).toEqual([['undefined-reference', 10]]);
  });

  it('broken JSON names the line of the syntax error', () => {
    const text =
      '{\n  "nftables": [\n    { "table": { "family": "inet", "name": "t" } },\n    { "chain": oops }\n  ]\n}\n';
    const r = importConfig({ name: 'bad.json', text }, { vendor: 'nftables' });
    expect(r.diagnostics.find((d) => d.code === 'malformed-input')?.source.line).toBe(4);
  });

  it('JSON without the nftables array, and text without a table, are not nftables', () => {
    const json = importConfig({ name: 'x.json', text: '{"foo": 1}\n' }, { vendor: 'nftables' });
    expect(json.devices).toEqual([]);
    expect(json.diagnostics.map((d) => d.code)).toContain('malformed-input');
    const text = importConfig({ name: 'x.nft', text: 'hello world\n' }, { vendor: 'nftables' });
    expect(text.devices).toEqual([]);
    expect(codesAndLines(text.diagnostics).at(-1)).toEqual(['vendor-mismatch', 1]);
  });

  it('an nft ruleset is detected as nftables, text and JSON', () => {
    for (const name of ['base-chains-priority.nft', 'json-rules.json', 'add-commands.nft'])
      expect(load(name).vendor).toBe('nftables');
  });
});

describe('detection', () => {
  it('no file of another vendor in the shared corpus is taken for nftables', () => {
    const root = path.dirname(corpusDir);
    const taken: string[] = [];
    const walk = (dir: string, rel: string): void => {
      for (const f of readdirSync(dir)) {
        const file = path.join(dir, f);
        if (statSync(file).isDirectory()) walk(file, `${rel}${f}/`);
        else if (detectVendor(readFileSync(file, 'utf8')) === 'nftables') taken.push(`${rel}${f}`);
      }
    };
    for (const d of readdirSync(root).filter(
      (d) => d !== 'nftables' && statSync(path.join(root, d)).isDirectory(),
    ))
      walk(path.join(root, d), `${d}/`);
    expect(taken).toEqual([]);
  });

  it('every nftables corpus file is detected as nftables', () => {
    for (const f of readdirSync(corpusDir))
      expect(detectVendor(readFileSync(path.join(corpusDir, f), 'utf8'))).toBe('nftables');
  });
});
