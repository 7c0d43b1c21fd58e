import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SMALL_RULESET,
  bin,
  conduit,
  ensureCliBuilt,
  expectOneLineError,
  fileLines,
  iptablesCorpus,
  tempDir,
} from './helpers';

beforeAll(ensureCliBuilt);
const tmp = tempDir();
afterAll(tmp.cleanup);
const fw1 = tmp.write('fw1.rules', SMALL_RULESET);
const factory = path.join(iptablesCorpus, 'topos-imaginary-factory-network.iptables-save');

const PROBES = [
  'id,device,in,out,proto,src,dst,sport,dport',
  'modbus,,lan0,ot0,tcp,10.1.0.5,10.2.0.7,40000,502',
  '"smb, from HMI",,lan0,ot0,tcp,10.1.0.5,10.2.0.7,,445',
  'ping,,lan0,ot0,icmp,10.1.0.5,10.2.0.7,0,8',
  'dns,,lan0,dmz0,udp,10.1.0.5,10.3.0.1,,53',
  '',
].join('\r\n');

describe('conduit query --probes (CSV)', () => {
  it('prints a header and one line per probe in input order, citing file and line', () => {
    const probes = tmp.write('probes.csv', PROBES);
    const r = conduit(['query', fw1, '--probes', probes]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'id,verdict,file,line',
        `modbus,permit,${fw1},12`,
        `"smb, from HMI",deny,${fw1},13`,
        `ping,permit,${fw1},14`,
        `dns,deny,${fw1},4`,
        '',
      ].join('\n'),
    );
  });

  it('leaves file and line empty when no rule decided (--filter on a chain that falls through)', () => {
    const probes = tmp.write(
      'filter.csv',
      'id,device,in,out,proto,src,dst,sport,dport\nweb,,,,tcp,10.1.0.5,10.2.0.7,,80\nsmb,,,,tcp,10.1.0.5,10.2.0.7,,445\n',
    );
    const r = conduit(['query', fw1, '--probes', probes, '--filter', 'ot-in']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`id,verdict,file,line\nweb,deny,,\nsmb,deny,${fw1},13\n`);
  });

  it('cites exact lines of a real export for many probes', () => {
    const rows = ['id,device,in,out,proto,src,dst,sport,dport'];
    for (let k = 0; k < 2000; k++)
      rows.push(`p${k},,AdminPc,MissionControl${1 + (k % 2)},tcp,10.8.0.1,10.8.1.${1 + (k % 3)},,${k}`);
    const probes = tmp.write('many.csv', rows.join('\n'));
    const r = conduit(['query', factory, '--probes', probes]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2001);
    const text = fileLines(factory);
    const counts = new Map<string, number>();
    for (const l of lines.slice(1)) {
      const [, verdict, file, line] = l.split(',');
      expect(file).toBe(factory);
      expect(text[Number(line) - 1]).toMatch(verdict === 'permit' ? /-j ACCEPT$/ : /^:FORWARD DROP/);
      counts.set(verdict!, (counts.get(verdict!) ?? 0) + 1);
    }
    expect(counts.get('permit')).toBeGreaterThan(0);
    expect(counts.get('deny')).toBeGreaterThan(0);
  });
});

describe('conduit query --probes --json', () => {
  it('prints one object per line with id, verdict, device, rule, reason, uncertain', () => {
    const probes = tmp.write('probes.csv', PROBES);
    const r = conduit(['query', fw1, '--probes', probes, '--json']);
    expect(r.code).toBe(0);
    const objects = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(objects.map((o) => [o.id, o.verdict, o.reason, o.rule?.line ?? null])).toEqual([
      ['modbus', 'permit', 'rule', 12],
      ['smb, from HMI', 'deny', 'rule', 13],
      ['ping', 'permit', 'rule', 14],
      ['dns', 'deny', 'default', 4],
    ]);
    for (const o of objects) {
      expect(Object.keys(o)).toEqual(
        expect.arrayContaining(['id', 'verdict', 'device', 'rule', 'reason', 'uncertain']),
      );
      expect(o.device).toBe('fw1');
      expect(o.rule.text).toBe(fileLines(fw1)[o.rule.line - 1]);
    }
  });
});

describe('bad probe files: exit 2, one line naming PROBES.csv and its line, nothing on stdout', () => {
  it.each([
    [
      'a bad address',
      'id,device,in,out,proto,src,dst,sport,dport\n1,,,,tcp,10.0.0.1,10.0.0.2,,80\n2,,,,tcp,10.0.0.1,10.0.0.x,,80\n',
      ":3: dst: '10.0.0.x' is not an IPv4 or IPv6 address",
    ],
    ['a missing column', 'id,device,in,out,proto,src,dst,dport\n', ':1: the header row lacks column sport'],
    ['no header', '1,,,,tcp,10.0.0.1,10.0.0.2,,80\n', ':1: the header row lacks columns'],
    [
      'an unknown device',
      'id,device,in,out,proto,src,dst,sport,dport\n1,fw9,,,tcp,10.0.0.1,10.0.0.2,,80\n',
      ":2: device: no device named 'fw9'",
    ],
    [
      'an unclosed quote',
      'id,device,in,out,proto,src,dst,sport,dport\n"1,,,,tcp,10.0.0.1,10.0.0.2,,80\n',
      ':2: a quoted field is never closed',
    ],
    [
      'a short row',
      'id,device,in,out,proto,src,dst,sport,dport\n1,,,,tcp\n',
      ':2: the row has 5 fields, the header 9',
    ],
    ['an empty file', '', ':1: the file is empty'],
  ])('%s', (name, csv, message) => {
    const probes = tmp.write(`${name.replace(/\W+/g, '-')}.csv`, csv);
    const r = conduit(['query', fw1, '--probes', probes]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(expectOneLineError(r).startsWith(`conduit: ${probes}${message}`)).toBe(true);
  });

  it('a missing probe file', () => {
    const missing = path.join(tmp.dir, 'missing.csv');
    const r = conduit(['query', fw1, '--probes', missing]);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toBe(`conduit: ${missing}: no such file`);
    expect(fs.existsSync(missing)).toBe(false);
  });
});

describe('scale and pipes', () => {
  const rows = ['id,device,in,out,proto,src,dst,sport,dport'];
  const protos = ['tcp', 'udp', 'icmp'];
  for (let k = 0; k < 100_000; k++) {
    const proto = protos[k % 3]!;
    rows.push(
      `p${k},,lan${k % 2},ot0,${proto},10.1.${(k >> 8) & 255}.${k & 255},10.2.0.${k % 250},${proto === 'icmp' ? 0 : ''},${proto === 'icmp' ? 8 : [502, 445, 53, 80][k % 4]}`,
    );
  }
  const big = tmp.write('100k.csv', `${rows.join('\n')}\n`);

  it('answers 100,000 probes in a few seconds', () => {
    const t0 = performance.now();
    const r = conduit(['query', fw1, '--probes', big]);
    const seconds = (performance.now() - t0) / 1000;
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(100_001);
    expect(lines[1]).toBe(`p0,deny,${fw1},4`); // tcp/502 from lan0, but not from the HMI
    expect(lines[3]).toBe(`p2,permit,${fw1},14`); // ping from lan0 to ot0
    expect(seconds).toBeLessThan(20); // generous: the machine running the tests may be busy
  }, 60_000);

  it('stops quietly when the reader of its output goes away', () => {
    const p = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${bin}" query "${fw1}" --probes "${big}" | head -n 2`],
      { encoding: 'utf8' },
    );
    expect(p.status).toBe(0);
    expect(p.stdout.split('\n')[0]).toBe('id,verdict,file,line');
    expect(p.stderr).toBe('');
  }, 60_000);
});
