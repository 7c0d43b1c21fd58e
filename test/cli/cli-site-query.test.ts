import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { conduit, ensureCliBuilt, repoRoot, tempDir } from './helpers';

beforeAll(ensureCliBuilt);

/**
 * test/fixtures/scenarios/linux-pair: two iptables firewalls in series, dumped from real network
 * namespaces with iptables-save, `ip addr` and `ip -j route`:
 *   10.1.0.0/24 --eth-it fw1 eth-dmz-- 10.2.0.0/24 --eth-dmz fw2 eth-ot-- 10.3.0.0/24
 */
const SITE = path.join(repoRoot, 'test', 'fixtures', 'scenarios', 'linux-pair');
const rel = (f: string): string => path.join(SITE, f);
const lineOf = (file: string, n: number): string => fs.readFileSync(rel(file), 'utf8').split('\n')[n - 1]!;

const query = (dst: string, dport: string, extra: string[] = []) =>
  conduit([
    'query',
    SITE,
    '--src',
    '10.1.0.5',
    '--dst',
    dst,
    '--proto',
    'tcp',
    '--dport',
    dport,
    '--json',
    ...extra,
  ]);

describe('conduit query FOLDER (end to end across a site)', () => {
  it('permits through both firewalls and lists each hop with its rule', () => {
    const r = query('10.3.0.7', '3389');
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.verdict).toBe('permit');
    expect(v.hops.map((h: { device: string; in: string; out: string }) => [h.device, h.in, h.out])).toEqual([
      ['fw1', 'eth-it', 'eth-dmz'],
      ['fw2', 'eth-dmz', 'eth-ot'],
    ]);
    for (const h of v.hops) expect(h.rule.text).toBe(lineOf(path.basename(h.rule.file), h.rule.line));
    expect(v.device).toBe('fw2');
  });

  it('denies at the second firewall, citing its REJECT rule', () => {
    const v = JSON.parse(query('10.3.0.7', '502').stdout);
    expect(v.verdict).toBe('deny');
    expect(v.device).toBe('fw2');
    expect(v.rule.text).toContain('REJECT');
    expect(v.rule.text).toBe(lineOf('fw2.iptables-save', v.rule.line));
  });

  it('denies at the first firewall by its chain policy', () => {
    const v = JSON.parse(query('10.3.0.7', '22').stdout);
    expect([v.verdict, v.device, v.reason, v.rule.text]).toEqual([
      'deny',
      'fw1',
      'default',
      ':FORWARD DROP [0:0]',
    ]);
  });

  it('permits same-segment traffic without any firewall', () => {
    const v = JSON.parse(query('10.1.0.9', '445').stdout);
    expect([v.verdict, v.reason, v.hops]).toEqual(['permit', 'same-segment', []]);
  });

  it('still answers for one device when --device and interfaces are given', () => {
    const v = JSON.parse(
      query('10.3.0.7', '22', ['--device', 'fw2', '--in', 'eth-dmz', '--out', 'eth-ot']).stdout,
    );
    expect([v.verdict, v.device]).toEqual(['deny', 'fw2']);
    expect(v.hops).toBeUndefined();
  });

  it('answers probes with empty device/in/out end to end', () => {
    const dir = tempDir();
    const probes = dir.write(
      'probes.csv',
      'id,device,in,out,proto,src,dst,sport,dport\n' +
        'a,,,,tcp,10.1.0.5,10.3.0.7,40000,3389\n' +
        'b,,,,tcp,10.1.0.5,10.3.0.7,40001,502\n' +
        'c,fw1,eth-it,eth-dmz,tcp,10.1.0.5,10.3.0.7,40002,502\n' +
        'd,,,,tcp,10.3.0.7,10.1.0.5,40003,22\n',
    );
    const r = conduit(['query', SITE, '--probes', probes]);
    dir.cleanup();
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'id,verdict,file,line',
      `a,permit,fw2.iptables-save,6`,
      `b,deny,fw2.iptables-save,7`,
      `c,permit,fw1.iptables-save,8`,
      `d,deny,fw2.iptables-save,3`,
    ]);
  });
});
