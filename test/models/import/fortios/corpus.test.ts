/**
 * The shared corpus of FortiOS configurations, read in place: each imports as fortios with one
 * device and no error, fast; every line is accounted for; every citation quotes its line; and
 * the lab firewalls' verdicts come out as their configs say.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectVendor, importConfig } from '../../../../models/import';
import { splitLines } from '../../../../models/import/fortios';
import type { Verdict } from '../../../../models/reach';
import { corpusDir, corpusNames, flow, misquoted, readCorpus, unaccountedLines, verdict } from './support';

function cites(v: Verdict, lines: readonly string[], action: 'permit' | 'deny', needle: string | null): void {
  expect(v.action).toBe(action);
  if (needle === null) expect(v.rule).toBeNull();
  else {
    expect(v.rule?.text).toBe(lines[v.rule!.line - 1]);
    expect(v.rule?.text).toContain(needle);
  }
  expect(v.uncertain).toEqual([]);
}

describe('every corpus file', () => {
  const names = corpusNames();

  it('is there to test (the corpus is read in place)', () => {
    expect(names.length).toBeGreaterThanOrEqual(5);
  });

  it.each(names)('%s is detected as fortios and imports one device without errors', (name) => {
    const result = importConfig({ name, text: readCorpus(name) });
    expect(result.vendor).toBe('fortios');
    expect(result.devices).toHaveLength(1);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each(names)('%s accounts for every line and quotes every cited line', (name) => {
    const text = readCorpus(name);
    const lines = splitLines(text);
    const result = importConfig({ name, text });
    expect(unaccountedLines(name, text, result.diagnostics)).toEqual([]);
    expect(misquoted(name, lines, result.diagnostics)).toEqual([]);
    const dev = result.devices[0]!;
    for (const l of dev.lists.values())
      for (const r of l.rules) expect(r.source.text).toBe(lines[r.source.line - 1]);
  });

  it('imports a 275 KB full configuration quickly', () => {
    const name = 'lab-fgvm-6.4-fw-policy-basic-full.conf';
    const text = readCorpus(name);
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) importConfig({ name, text });
    expect((performance.now() - t0) / 5).toBeLessThan(2000);
  });

  it('reports no section of the full configurations line by line', () => {
    for (const name of names.filter((n) => n.startsWith('lab-'))) {
      const result = importConfig({ name, text: readCorpus(name) });
      expect(result.diagnostics.length).toBeLessThan(10);
    }
  });
});

describe('lab-fgvm-6.4-fw-policy-basic-full (FortiGate-VM 6.4.4)', () => {
  const name = 'lab-fgvm-6.4-fw-policy-basic-full.conf';
  const lines = splitLines(readCorpus(name));
  const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;

  it('is named after its hostname and puts ports in their zones', () => {
    expect(dev.name).toBe('fw');
    expect(dev.interfaces.find((i) => i.name === 'port1')?.zone).toBe('inside');
    expect(dev.interfaces.find((i) => i.name === 'port3')?.zone).toBe('outside');
    expect(dev.interfaces.find((i) => i.name === 'port2')?.addresses).toEqual(['192.168.123.2/30']);
  });

  it('ALLOW_CUSTOM_SERVICES permits the custom UDP and TCP services inside -> outside, by the file definitions', () => {
    const Q = { in: 'port2', out: 'port3' };
    cites(
      verdict(dev, flow('udp', '192.168.123.1', '192.168.123.6', 40000, 9200), Q),
      lines,
      'permit',
      'edit 1',
    );
    cites(
      verdict(dev, flow('tcp', '192.168.123.1', '192.168.123.6', 40000, 9100), Q),
      lines,
      'permit',
      'edit 1',
    );
  });

  it('DENY_CUSTOM_SERVICES has no action, so it denies (the FortiOS default)', () => {
    const Q = { in: 'port3', out: 'port1' };
    cites(
      verdict(dev, flow('tcp', '192.168.123.1', '192.168.123.6', 40000, 9101), Q),
      lines,
      'deny',
      'edit 2',
    );
  });

  it('ALLOW_PING_SSH (any -> any) permits ssh and echo requests, nothing else', () => {
    const Q = { in: 'port3', out: 'port1' };
    cites(verdict(dev, flow('tcp', '192.0.2.1', '192.168.122.9', 40000, 22), Q), lines, 'permit', 'edit 3');
    cites(verdict(dev, flow('icmp', '192.0.2.1', '192.168.122.9', 0, 8), Q), lines, 'permit', 'edit 3');
    cites(verdict(dev, flow('tcp', '192.0.2.1', '192.168.122.9', 40000, 23), Q), lines, 'deny', null);
  });

  it('intrazone allow passes traffic between the two inside ports after the policies', () => {
    cites(
      verdict(dev, flow('tcp', '192.168.122.9', '192.168.123.1', 40000, 23), { in: 'port1', out: 'port2' }),
      lines,
      'permit',
      'set intrazone allow',
    );
  });
});

describe('traffic to the FortiGate itself (allowaccess, lab-fgvm-6.4-fw-policy-basic-full)', () => {
  const name = 'lab-fgvm-6.4-fw-policy-basic-full.conf';
  const lines = splitLines(readCorpus(name));
  const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;
  const toDevice = (iface: string, f: ReturnType<typeof flow>): Verdict =>
    verdict(dev, f, { in: iface, to: 'to-device' });

  it("permits the services of the interface's allowaccess to its own address, citing that line", () => {
    cites(
      toDevice('port2', flow('tcp', '192.168.123.1', '192.168.123.2', 40000, 22)),
      lines,
      'permit',
      'set allowaccess ping https ssh http fgfm',
    );
    cites(
      toDevice('port1', flow('icmp', '192.168.122.9', '192.168.122.2', 0, 8)),
      lines,
      'permit',
      'set allowaccess ping',
    );
  });

  it('refuses the administrative services allowaccess does not name, citing the interface', () => {
    cites(
      toDevice('port1', flow('tcp', '192.168.122.9', '192.168.122.2', 40000, 22)),
      lines,
      'deny',
      'edit "port1"',
    );
    cites(
      toDevice('port3', flow('icmp', '192.168.123.6', '192.168.123.5', 0, 8)),
      lines,
      'deny',
      'edit "port3"',
    );
  });

  it('other traffic to the device is an uncertain permit (VPN, routing and local services are not modelled)', () => {
    const v = toDevice('port1', flow('udp', '192.168.122.9', '192.168.122.2', 500, 500));
    expect(v.action).toBe('permit');
    expect(v.uncertain.join(' ')).toContain('not modelled');
  });
});

describe('lab-fgvm-6.4-first-basic-full (FortiGate-VM 6.4.4)', () => {
  const name = 'lab-fgvm-6.4-first-basic-full.conf';
  const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;

  it('records the static routes with their gateway and device', () => {
    expect(dev.routes.map((r) => [r.prefix, r.nextHop, r.interface])).toEqual([
      ['192.168.123.1/32', '10.12.12.1', 'port2'],
      ['0.0.0.0/0', '10.23.31.2', 'port3'],
    ]);
  });

  it('marks the loopback interface', () => {
    expect(dev.interfaces.find((i) => i.name === 'loopback123')?.loopback).toBe(true);
  });
});

describe('detection', () => {
  it('no file of another vendor in the shared corpus is taken for FortiOS', () => {
    const root = path.dirname(corpusDir);
    const taken: string[] = [];
    for (const dir of readdirSync(root).filter(
      (d) => d !== 'fortios' && statSync(path.join(root, d)).isDirectory(),
    )) {
      for (const f of readdirSync(path.join(root, dir))) {
        const file = path.join(root, dir, f);
        if (statSync(file).isFile() && detectVendor(readFileSync(file, 'utf8')) === 'fortios')
          taken.push(`${dir}/${f}`);
      }
    }
    expect(taken).toEqual([]);
  });
});
