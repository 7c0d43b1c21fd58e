/**
 * The --warnings / --invalid / --recovery fixtures: each diagnostic by code and line, what is
 * still imported, and how the verdicts those lines touch come out (and are marked uncertain).
 */
import { describe, expect, it } from 'vitest';
import { codesAndLines, device, expectVerdict, fixtureNames, flow, load, verdict } from './support';

const FWD = { in: 'eth0', out: 'eth1' } as const;

describe('clean fixtures', () => {
  const clean = fixtureNames().filter((f) => !/--(warnings|invalid|recovery)\./.test(f));

  it.each(clean)('%s imports one device without diagnostics', (name) => {
    const result = load(name);
    expect(result.diagnostics).toEqual([]);
    expect(result.devices).toHaveLength(1);
    expect(result.devices[0]!.name).toBe(name.replace(/\..*$/, ''));
    expect(result.devices[0]!.support.filtering).toBe('full');
  });
});

describe('unknown-module--warnings', () => {
  const F = 'unknown-module--warnings.iptables-save';
  const dev = device(F);

  it('reports each undecidable match on its own line', () => {
    expect(codesAndLines(load(F).diagnostics)).toEqual([
      ['uncertain-match', 9],
      ['uncertain-match', 11],
      ['uncertain-match', 14],
      ['uncertain-match', 16],
      ['uncertain-match', 18],
    ]);
    expect(load(F).diagnostics[3]!.message).toMatch(/--tcp-option/);
    expect(dev.support.filtering).toBe('partial');
  });

  it('assumes an uncertain permit matches, and says so', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.1', 40000, 80), FWD);
    expectVerdict(v, 'permit', F, 9);
    expect(v.uncertain).toHaveLength(1);
    expect(v.uncertain[0]).toMatch(
      /filter\/FORWARD#1 \(unknown-module--warnings\.iptables-save:9\).*limit.*assumed to match/,
    );
  });

  it('assumes an uncertain deny does not match, so the next rule decides, uncertainly', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.2', 40000, 22), FWD);
    expectVerdict(v, 'permit', F, 12);
    expect(v.uncertain.join(' ')).toMatch(/:11\).*assumed not to match/);
  });

  it('an unmodelled option of a modelled module makes the rule uncertain', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.4', 40000, 22), FWD);
    expectVerdict(v, 'permit', F, 16);
    expect(v.uncertain).toHaveLength(1);
    expectVerdict(verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.4', 40000, 23), FWD), 'deny', F, 6);
  });

  it('an uncertain rule that does not decide (LOG) leaves the verdict certain', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.5', 40000, 80), FWD);
    expectVerdict(v, 'permit', F, 19);
    expect(v.uncertain).toEqual([]);
  });

  it('traffic no uncertain rule touches stays certain', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.99', 40000, 80), FWD);
    expectVerdict(v, 'deny', F, 6);
    expect(v.uncertain).toEqual([]);
  });
});

describe('match-set--warnings', () => {
  const F = 'match-set--warnings.iptables-save';
  const dev = device(F);

  it('reports every rule that matches an ipset, not the SET target', () => {
    expect(codesAndLines(load(F).diagnostics)).toEqual([
      ['uncertain-match', 8],
      ['uncertain-match', 10],
      ['uncertain-match', 12],
    ]);
  });

  it('a DROP on a set is assumed not to match; a permit on a set is assumed to match', () => {
    const v = verdict(dev, flow('tcp', '172.16.0.1', '10.1.1.1', 40000, 22), FWD);
    expectVerdict(v, 'permit', F, 10);
    expect(v.uncertain).toHaveLength(2);
  });

  it('SET (the target) does not decide', () => {
    const v = verdict(dev, flow('tcp', '172.16.0.1', '192.0.2.9', 40000, 443), FWD);
    expectVerdict(v, 'permit', F, 15);
    expect(dev.lists.get('filter/FORWARD')!.rules[3]!).toMatchObject({
      action: 'continue',
      detail: 'SET --add-set seen src,dst --exist',
    });
  });
});

describe('unknown-target--warnings', () => {
  const F = 'unknown-target--warnings.iptables-save';
  const dev = device(F);

  it('reports each target that is not modelled, or not valid where it is', () => {
    expect(codesAndLines(load(F).diagnostics)).toEqual([
      ['unsupported-construct', 7],
      ['unsupported-construct', 9],
      ['uncertain-match', 11],
      ['invalid-value', 13],
      ['invalid-value', 22],
    ]);
  });

  it('an unknown target does not decide, and the verdict says it was skipped', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.1', 40000, 80), FWD);
    expectVerdict(v, 'deny', F, 4);
    expect(v.uncertain.join(' ')).toMatch(/filter\/FORWARD#1 .*:7\).*TARPIT/);
  });

  it('NFQUEUE is taken as accept, uncertainly', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.3', 40000, 80), FWD);
    expectVerdict(v, 'permit', F, 11);
    expect(v.uncertain).toHaveLength(1);
  });

  it('DNAT in filter does not decide', () => {
    expectVerdict(verdict(dev, flow('udp', '10.0.0.1', '192.0.2.4', 40000, 53), FWD), 'permit', F, 14);
  });

  it('DROP in the nat table is not a NAT rule and blocks nothing', () => {
    expect(dev.nat).toEqual([]);
    expectVerdict(verdict(dev, flow('udp', '203.0.113.1', '192.0.2.9', 40000, 53), FWD), 'permit', F, 14);
  });
});

describe('undefined-chain--invalid', () => {
  const F = 'undefined-chain--invalid.iptables-save';
  const dev = device(F);

  it('reports each undefined chain as an error on the line that uses it', () => {
    const result = load(F);
    expect(codesAndLines(result.diagnostics)).toEqual([
      ['undefined-reference', 15],
      ['undefined-reference', 17],
      ['undefined-reference', 10],
      ['undefined-reference', 12],
    ]);
    expect(result.diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(result.diagnostics[2]!.message).toMatch(/'missing_chain'.*jump/);
    expect(result.diagnostics[3]!.message).toMatch(/'NoSuchChain'.*goto/);
  });

  it('a jump or goto to an undefined chain is skipped, and the verdict says so', () => {
    const v = verdict(dev, flow('udp', '10.1.0.1', '192.0.2.9', 40000, 53), FWD);
    expectVerdict(v, 'permit', F, 13);
    expect(v.uncertain.join(' ')).toMatch(/missing_chain/);
    const g = verdict(dev, flow('udp', '10.2.0.1', '192.0.2.9', 40000, 53), FWD);
    expectVerdict(g, 'permit', F, 13);
    expect(g.uncertain.join(' ')).toMatch(/NoSuchChain/);
  });

  it('a rule on an undeclared chain is kept but decides nothing, since nothing reaches it', () => {
    expect(dev.lists.get('filter/UNDECLARED')!.rules.map((r) => r.source.line)).toEqual([15]);
    expect(dev.lists.get('filter/PREROUTING')!.fallThrough).toEqual({ kind: 'return' });
    expectVerdict(verdict(dev, flow('tcp', '172.16.0.1', '192.0.2.9', 40000, 80), FWD), 'deny', F, 5);
  });

  it('the defined chain works as usual', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.3.0.1', '192.0.2.9', 40000, 22), FWD), 'permit', F, 18);
  });
});

describe('truncated--recovery', () => {
  const F = 'truncated--recovery.iptables-save';

  it('warns at the next table line and at the last line, and imports every rule read', () => {
    const result = load(F);
    expect(codesAndLines(result.diagnostics)).toEqual([
      ['truncated-input', 11],
      ['truncated-input', 17],
    ]);
    const dev = result.devices[0]!;
    expectVerdict(verdict(dev, flow('tcp', '10.0.0.1', '10.9.0.1', 40000, 80), FWD), 'deny', F, 9);
    expectVerdict(verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.9', 40000, 80), FWD), 'permit', F, 15);
    expectVerdict(verdict(dev, flow('tcp', '172.16.0.1', '192.0.2.1', 40000, 443), FWD), 'permit', F, 17);
    expectVerdict(verdict(dev, flow('tcp', '172.16.0.1', '192.0.2.1', 40000, 80), FWD), 'deny', F, 13);
  });
});

describe('garbage-lines--recovery', () => {
  const F = 'garbage-lines--recovery.iptables-save';

  it('reports each unusable line on its own line number', () => {
    expect(codesAndLines(load(F).diagnostics)).toEqual([
      ['unrecognized-line', 8],
      ['unrecognized-line', 11],
      ['unrecognized-line', 13],
      ['unrecognized-line', 15],
      ['unrecognized-line', 17],
      ['unrecognized-line', 19],
      ['invalid-value', 21],
      ['invalid-value', 23],
      ['unsupported-construct', 25],
      ['invalid-value', 27],
      ['invalid-value', 29],
      ['unrecognized-line', 31],
      ['unrecognized-line', 33],
      ['unrecognized-line', 37],
      ['unrecognized-line', 39],
      ['unrecognized-line', 41],
    ]);
  });

  it('imports the good lines around the bad ones', () => {
    const dev = device(F);
    expect(dev.lists.get('filter/FORWARD')!.rules.map((r) => r.source.line)).toEqual([9, 29, 34]);
    expect(dev.lists.get('filter/INPUT')!.fallThrough).toMatchObject({
      action: 'permit',
      source: { line: 4 },
    });
    expect(dev.lists.get('filter/MYCHAIN')).toBeDefined();
    expectVerdict(verdict(dev, flow('tcp', '10.1.0.1', '192.0.2.9', 40000, 80), FWD), 'permit', F, 9);
    expectVerdict(verdict(dev, flow('tcp', '172.16.0.1', '192.0.2.2', 40000, 80), FWD), 'permit', F, 34);
    expectVerdict(verdict(dev, flow('tcp', '172.30.0.1', '192.0.2.9', 40000, 80), FWD), 'deny', F, 5);
    expectVerdict(verdict(dev, flow('tcp', '172.31.0.1', '192.0.2.9', 40000, 80), FWD), 'permit', F, 29);
  });
});

describe('hostnames--warnings', () => {
  const F = 'hostnames--warnings.iptables-save';
  const dev = device(F);

  it('reports host and service names on their lines', () => {
    expect(codesAndLines(load(F).diagnostics)).toEqual([
      ['hostname-address', 8],
      ['hostname-address', 10],
      ['hostname-address', 12],
      ['invalid-value', 14],
    ]);
  });

  it('a deny on a host name is assumed not to match; a permit on one is assumed to match', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.1', '198.51.100.1', 40000, 443), FWD);
    expectVerdict(v, 'permit', F, 10);
    expect(v.uncertain).toHaveLength(2);
    expectVerdict(verdict(dev, flow('tcp', '10.0.0.1', '198.51.100.1', 40000, 80), FWD), 'deny', F, 5);
  });

  it('a service name leaves the port open, uncertainly', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.2', 40000, 8080), FWD);
    expectVerdict(v, 'permit', F, 14);
    expect(v.uncertain.join(' ')).toMatch(/'scada-historian'/);
  });
});

describe('table-reopened--warnings', () => {
  it('reports the second section of a table as a duplicate on its *table line', () => {
    expect(codesAndLines(load('table-reopened--warnings.iptables-save').diagnostics)).toEqual([
      ['duplicate-definition', 12],
    ]);
  });
});
