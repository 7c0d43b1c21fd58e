/**
 * The shared corpus of PAN-OS exports, read in place: each is detected as panos and imports
 * without errors, every citation quotes its line, the 700 KB generated export (~3,000 address
 * objects) imports in well under a second, and the real exports give the verdicts their configs say.
 */
import { describe, expect, it } from 'vitest';
import { detectVendor, importConfig } from '../../../../models/import';
import type { Verdict } from '../../../../models/reach';
import { corpusNames, flow, misquoted, readCorpus, splitLines, verdict } from './support';

function cites(v: Verdict, lines: readonly string[], action: 'permit' | 'deny', needle: string | null): void {
  expect(v.action).toBe(action);
  if (needle === null) expect(v.rule).toBeNull();
  else {
    expect(v.rule?.text).toBe(lines[v.rule!.line - 1]);
    expect(v.rule?.text).toContain(needle);
  }
}

describe('every corpus file', () => {
  const names = corpusNames();

  it('is there to test (the corpus is read in place)', () => {
    expect(names.length).toBeGreaterThanOrEqual(9);
  });

  it.each(names)('%s is detected as panos and imports devices without errors', (name) => {
    const text = readCorpus(name);
    expect(detectVendor(text)).toBe('panos');
    const result = importConfig({ name, text });
    expect(result.vendor).toBe('panos');
    expect(result.devices.length).toBeGreaterThan(0);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each(names)('%s quotes every cited line exactly', (name) => {
    const text = readCorpus(name);
    const lines = splitLines(text);
    const result = importConfig({ name, text });
    expect(misquoted(name, lines, result.diagnostics)).toEqual([]);
    for (const dev of result.devices) {
      for (const l of dev.lists.values())
        for (const r of l.rules) expect(r.source.text).toBe(lines[r.source.line - 1]);
      for (const n of dev.nat) expect(n.source.text).toBe(lines[n.source.line - 1]);
      for (const z of dev.zones) if (z.source) expect(z.source.text).toBe(lines[z.source.line - 1]);
    }
  });

  it('imports the 700 KB export of ~3,000 address objects in under a second', () => {
    const name = 'aerleon-stateful-multitarget-complex.xml';
    const text = readCorpus(name);
    // The best of three runs (the first warms up the JIT; the machine may be shared).
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const result = importConfig({ name, text });
      best = Math.min(best, performance.now() - t0);
      expect(result.devices).toHaveLength(1);
    }
    expect(best).toBeLessThan(1000);
  });
});

describe('lab-pavm-fwl01 (PA-VM, set format)', () => {
  const name = 'lab-pavm-fwl01-set-format.txt';
  const lines = splitLines(readCorpus(name));
  const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;

  it('is named after its hostname and puts interfaces in their zones', () => {
    expect(dev.name).toBe('fwl01');
    expect(dev.interfaces.find((i) => i.name === 'ethernet1/3')).toMatchObject({
      zone: 'OUTSIDE',
      addresses: ['10.2.1.4/31'],
    });
  });

  it('allows DNS to the listed resolvers and blocks it elsewhere, first match first', () => {
    cites(
      verdict(dev, flow('udp', '10.1.1.1', '8.8.8.8', 40000, 53), 'INSIDE', 'OUTSIDE'),
      lines,
      'permit',
      'IN_TO_OUT_DNS',
    );
    cites(
      verdict(dev, flow('udp', '10.1.1.1', '9.9.9.9', 40000, 53), 'INSIDE', 'OUTSIDE'),
      lines,
      'deny',
      'IN_TO_OUT_BLOCK_OTHER_DNS',
    );
  });

  it('blocks the bad TCP ports of a service group, and allows web in to the web servers only', () => {
    cites(
      verdict(dev, flow('tcp', '10.1.1.1', '198.51.100.1', 40000, 3389), 'INSIDE', 'OUTSIDE'),
      lines,
      'deny',
      'IN_TO_OUT_BLOCK_BAD_TCP',
    );
    cites(
      verdict(dev, flow('tcp', '198.51.100.1', '10.200.2.9', 40000, 443), 'OUTSIDE', 'INSIDE'),
      lines,
      'permit',
      'OUT_TO_IN_WEB',
    );
    const v = verdict(dev, flow('tcp', '198.51.100.1', '10.1.1.1', 40000, 443), 'OUTSIDE', 'INSIDE');
    expect(v.action).toBe('deny');
    expect(v.reason).toBe('implicit-deny');
  });
});

describe('lab-pavm-nat (PA-VM, brace format)', () => {
  const name = 'lab-pavm-nat-brace-format.txt';
  const lines = splitLines(readCorpus(name));
  const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;

  it('reads zones, the rule and the source NAT with its zones', () => {
    expect(dev.name).toBe('PA-5020');
    expect(dev.zones.map((z) => `${z.name}:${z.interfaces.join(',')}`)).toEqual([
      'z1:ethernet1/1',
      'z2:ethernet1/3',
      'z3:ethernet1/5',
    ]);
    cites(
      verdict(dev, flow('tcp', '10.11.1.20', '10.13.13.2', 40000, 80), 'z1', 'z2'),
      lines,
      'permit',
      'r1',
    );
    expect(verdict(dev, flow('tcp', '10.11.11.2', '10.13.13.2', 40000, 80), 'z1', 'z2').reason).toBe(
      'implicit-deny',
    );
    expect(dev.nat).toHaveLength(1);
    expect(dev.nat[0]).toMatchObject({
      kind: 'snat',
      translates: 'source',
      list: 'nat rulebase: from z1 to z2',
    });
  });
});

describe('ntc show running security-policy / nat-policy (dataplane output)', () => {
  it('reads the records with their tuples and the default rules', () => {
    const name = 'ntc-show-running-security-policy.txt';
    const lines = splitLines(readCorpus(name));
    const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;
    cites(
      verdict(dev, flow('tcp', '10.1.1.7', '200.10.10.10', 40000, 8080), 'Trust', 'Untrust'),
      lines,
      'permit',
      'Outside Web Server',
    );
    cites(
      verdict(dev, flow('udp', '10.1.1.7', '8.8.4.4', 40000, 53), 'Trust', 'Untrust'),
      lines,
      'permit',
      'DNS Outbound',
    );
    cites(
      verdict(dev, flow('tcp', '198.51.100.1', '10.1.2.10', 40000, 22), 'Untrust', 'DMZ'),
      lines,
      'deny',
      'Inbound to DMZ Deny',
    );
    // interzone-default is a record of its own here: its action line is cited.
    cites(
      verdict(dev, flow('udp', '10.1.1.7', '9.9.9.9', 40000, 53), 'Trust', 'Untrust'),
      lines,
      'deny',
      'action deny;',
    );
  });

  it('records the NAT rules, with the exact destination translation as a rewrite', () => {
    const name = 'ntc-show-running-nat-policy.txt';
    const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;
    expect(dev.nat.map((n) => [n.kind, n.translates, n.rewrite ?? null])).toEqual([
      ['masquerade', 'source', null],
      ['dnat', 'destination', { address: '10.1.2.10' }],
    ]);
  });
});

describe('Panorama (pan-os-php device groups)', () => {
  const name = 'panos-php-panorama-10.0-device-groups.xml';
  const result = importConfig({ name, text: readCorpus(name) });

  it('imports one device per device group and says that all were imported', () => {
    expect(result.devices.map((d) => d.name)).toEqual([
      'Perimeter-FWs',
      'Datacenter-Firewalls',
      'FR Datacenter',
      'DE-Berlin Office',
      'testDG',
    ]);
    expect(
      result.diagnostics.some((d) => d.severity === 'info' && /no device group selected/.test(d.message)),
    ).toBe(true);
  });

  it('flags dynamic address groups as uncertain', () => {
    expect(result.diagnostics.some((d) => d.code === 'uncertain-match' && /is dynamic/.test(d.message))).toBe(
      true,
    );
  });
});
