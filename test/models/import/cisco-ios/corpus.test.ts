/**
 * The shared corpus (cisco-ios/ and Batfish's example networks), read in place: each file is
 * detected as Cisco IOS, imports with no error, accounts for every line, quotes every line it
 * cites, and answers `--filter` queries on its ACLs as the configs say.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { parseCiscoIos, splitLines } from '../../../../models/import/cisco-ios';
import { evaluateList, type Verdict } from '../../../../models/reach';
import { corpusNames, flow, misquotedDiagnostics, readCorpus, unaccountedLines } from './support';

function cites(
  v: Verdict | null,
  lines: readonly string[],
  action: 'permit' | 'deny',
  needle: string | null,
): void {
  expect(v).not.toBeNull();
  expect(v!.action).toBe(action);
  if (needle === null) expect(v!.rule).toBeNull();
  else {
    expect(v!.rule?.text).toContain(needle);
    expect(v!.rule?.text).toBe(lines[v!.rule!.line - 1]);
  }
}

function filter(
  name: string,
  acl: string,
  proto: string,
  src: string,
  dst: string,
  dport: number,
  sport = 40000,
): { v: Verdict | null; lines: string[] } {
  const text = readCorpus(name);
  const dev = importConfig({ name, text }).devices[0]!;
  return {
    v: evaluateList(dev, acl, { flow: flow(proto, src, dst, sport, dport) }),
    lines: splitLines(text),
  };
}

describe('every IOS / NX-OS corpus file', () => {
  const names = corpusNames();

  it('is there to test (the corpus is read in place)', () => {
    expect(names.length).toBeGreaterThanOrEqual(24);
  });

  it.each(names)('%s imports as cisco-ios with one device and no error', (name) => {
    const result = importConfig({ name, text: readCorpus(name) });
    expect(result.vendor).toBe('cisco-ios');
    expect(result.devices).toHaveLength(1);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.devices[0]!.lists.size).toBeGreaterThan(0);
  });

  it.each(names)('%s: every line is accounted for and every citation quotes its line', (name) => {
    const text = readCorpus(name);
    const lines = splitLines(text);
    const parsed = parseCiscoIos(name, text, lines);
    const result = importConfig({ name, text });
    expect(unaccountedLines(lines, parsed.lineKinds, result.diagnostics)).toEqual([]);
    expect(misquotedDiagnostics(name, lines, result.diagnostics)).toEqual([]);
    for (const list of result.devices[0]!.lists.values()) {
      for (const rule of list.rules) expect(rule.source.text).toBe(lines[rule.source.line - 1]);
    }
  });
});

describe('Batfish example networks answer --filter queries', () => {
  it('example-filters: candidate1 opens 18.18.18.0/26, candidate2 only the /27', () => {
    const c1 = filter(
      'batfish-examples/example-filters/candidate1/rtr-with-acl.cfg',
      'acl_in',
      'tcp',
      '10.10.10.10',
      '18.18.18.40',
      80,
    );
    cites(c1.v, c1.lines, 'permit', '462 permit tcp 10.10.10.0/24 18.18.18.0/26 eq 80');
    const c2 = filter(
      'batfish-examples/example-filters/candidate2/rtr-with-acl.cfg',
      'acl_in',
      'tcp',
      '10.10.10.10',
      '18.18.18.40',
      80,
    );
    expect(c2.v!.rule?.text ?? '').not.toContain('18.18.18.0/27');
    const c2in = filter(
      'batfish-examples/example-filters/candidate2/rtr-with-acl.cfg',
      'acl_in',
      'tcp',
      '10.10.10.10',
      '18.18.18.20',
      8080,
    );
    cites(c2in.v, c2in.lines, 'permit', '463 permit tcp 10.10.10.0/24 18.18.18.0/27 eq 8080');
  });

  it('failure-analysis newyork: the discontiguous wildcard 1.0.2.1 0.0.0.2 denies .1 and .3, not .2', () => {
    const name = 'batfish-examples/failure-analysis/newyork.cfg';
    for (const src of ['1.0.2.1', '1.0.2.3']) {
      const r = filter(name, 'AS1_TO_AS2', 'tcp', src, '2.128.0.1', 80);
      cites(r.v, r.lines, 'deny', 'deny   ip 1.0.2.1 0.0.0.2 any');
    }
    const r = filter(name, 'AS1_TO_AS2', 'tcp', '1.0.2.2', '2.128.0.1', 80);
    expect(r.v!.rule?.text ?? '').not.toContain('1.0.2.1 0.0.0.2');
  });

  it('example as2core1: blocktelnet denies telnet and permits the rest', () => {
    const name = 'batfish-examples/example/as2core1.cfg';
    const t = filter(name, 'blocktelnet', 'tcp', '1.1.1.1', '2.2.2.2', 23);
    cites(t.v, t.lines, 'deny', 'eq telnet');
    const s = filter(name, 'blocktelnet', 'tcp', '1.1.1.1', '2.2.2.2', 22);
    cites(s.v, s.lines, 'permit', 'permit ip any any');
  });

  it('safely-refactoring-acls: the original ACL and its compressed form agree on its BGP and DNS lines', () => {
    const o = filter(
      'batfish-examples/safely-refactoring-acls/original_acl.cfg',
      'acl',
      'tcp',
      '11.36.216.170',
      '11.36.216.169',
      179,
    );
    const c = filter(
      'batfish-examples/safely-refactoring-acls/compressed_acl.cfg',
      'acl',
      'tcp',
      '11.36.216.170',
      '11.36.216.169',
      179,
    );
    expect(o.v!.action).toBe('permit');
    expect(c.v!.action).toBe('permit');
    cites(o.v, o.lines, 'permit', 'eq bgp');
  });

  it('the IOS-XE zone-based firewall: admin to z2 DNS is inspected, z3 to admin has no zone-pair', () => {
    const name = 'cisco-ios/batfish-example-filters-zbf-firewall.cfg';
    const text = readCorpus(name);
    const dev = importConfig({ name, text }).devices[0]!;
    expect(dev.zones.map((z) => z.name)).toEqual(['zone-admin', 'zone-z2', 'zone-z3']);
    const fromZ3 = dev.bindings.filter((b) => b.fromZone === 'zone-z3' && b.toZone === 'zone-admin');
    expect(fromZ3.map((b) => b.list)).toEqual(['zbf:no-zone-pair']);
  });
});
