/**
 * The shared corpus of ASA configs and `show access-list` captures, read in place: each imports
 * as cisco-asa with one device, every line is accounted for, every citation quotes its line,
 * the only errors are the ones the files provoke on purpose, and their semantics come out right.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { parseCiscoAsa, splitLines } from '../../../../models/import/cisco-asa';
import type { Verdict } from '../../../../models/reach';
import {
  corpusNames,
  flow,
  listVerdict,
  misquotedDiagnostics,
  readCorpus,
  unaccountedLines,
  verdict,
} from './support';

/** Errors the corpus files provoke on purpose (Batfish's fixtures test undefined references). */
const EXPECTED_ERRORS: Readonly<Record<string, readonly string[]>> = {
  'batfish-asa-acl-object.cfg': [
    '23 undefined-reference',
    '23 undefined-reference',
    '23 undefined-reference',
  ],
  'batfish-asa-filters-access-groups.cfg': ['36 undefined-reference'],
  'batfish-asa-nat-twice-static.cfg': ['39 undefined-reference'],
  'batfish-asa-nested-service-object-group.cfg': ['28 undefined-reference'],
};

const load = (name: string) => ({
  lines: splitLines(readCorpus(name)),
  result: importConfig({ name, text: readCorpus(name) }),
});

function cites(v: Verdict, lines: readonly string[], action: 'permit' | 'deny', line: number | null): void {
  expect({ action: v.action, line: v.rule?.line ?? null }).toEqual({ action, line });
  if (line !== null) expect(v.rule?.text).toBe(lines[line - 1]);
}

describe('every ASA corpus file', () => {
  const names = corpusNames();

  it('is there to test (read in place)', () => {
    expect(names.length).toBeGreaterThanOrEqual(9);
  });

  it.each(names)('%s imports as cisco-asa with one device and no error of ours', (name) => {
    const { result } = load(name);
    expect(result.vendor).toBe('cisco-asa');
    expect(result.devices).toHaveLength(1);
    expect(result.devices[0]!.file).toBe(name);
    const errors = result.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.source.line} ${d.code}`);
    expect(errors).toEqual(EXPECTED_ERRORS[name] ?? []);
  });

  it.each(names)('%s accounts for every line', (name) => {
    const { lines, result } = load(name);
    const parsed = parseCiscoAsa(name, readCorpus(name), lines);
    expect(unaccountedLines(lines, parsed.lineKinds, result.diagnostics)).toEqual([]);
    expect(misquotedDiagnostics(name, lines, result.diagnostics)).toEqual([]);
  });

  it.each(names)('%s cites each rule by its exact line', (name) => {
    const { lines, result } = load(name);
    const dev = result.devices[0]!;
    for (const list of dev.lists.values()) {
      for (const rule of list.rules) {
        expect(rule.source.file).toBe(name);
        expect(rule.source.text).toBe(lines[rule.source.line - 1]);
      }
    }
    for (const n of dev.nat) expect(n.source.text).toBe(lines[n.source.line - 1]);
  });
});

describe('corpus semantics', () => {
  it('aerleon asa_in: first match, remarks kept as labels, range on the source port', () => {
    const { lines, result } = load('aerleon-sample-multitarget.asa');
    const dev = result.devices[0]!;
    cites(listVerdict(dev, 'asa_in', flow('tcp', '8.8.8.8', '200.1.1.4', 40000, 25)), lines, 'permit', 42);
    cites(listVerdict(dev, 'asa_in', flow('tcp', '10.1.1.1', '200.1.1.4', 40000, 25)), lines, 'deny', 25);
    cites(listVerdict(dev, 'asa_in', flow('udp', '8.8.8.8', '200.1.1.3', 1024, 53)), lines, 'permit', 70);
    cites(listVerdict(dev, 'asa_in', flow('udp', '8.8.8.8', '200.1.1.3', 1023, 53)), lines, 'deny', 76);
    expect(dev.lists.get('asa_in')!.rules.find((r) => r.source.line === 42)!.label).toBe(
      'permit-mail-services',
    );
  });

  it('clear configure access-list starts the list afresh (no entry is lost or doubled)', () => {
    const { result } = load('aerleon-sample-multitarget.asa');
    expect(result.devices[0]!.lists.get('asa_out')!.rules).toHaveLength(21);
  });

  it('batfish filters: ACL in on name1, security levels elsewhere, out ACL on name5', () => {
    const { lines, result } = load('batfish-asa-filters-access-groups.cfg');
    const dev = result.devices[0]!;
    const f = flow('tcp', '192.168.4.10', '192.168.1.10', 40000, 80);
    // name4 (0) -> name1 (50): FILTER_IN4 permits only tcp/123
    cites(verdict(dev, f, { in: 'name4', out: 'name1' }), lines, 'deny', null);
    cites(verdict(dev, { ...f, dport: 123 }, { in: 'name4', out: 'name1' }), lines, 'permit', 39);
    // name4 (0) -> name2 (0): equal levels are dropped even though the ACL permits
    cites(verdict(dev, { ...f, dport: 123 }, { in: 'name4', out: 'name2' }), lines, 'deny', 24);
    // name3 (50) -> name5 (0): permitted by level (the ingress decision is cited), then
    // FILTER_OUT5 permits tcp/123 only
    cites(verdict(dev, { ...f, dport: 123 }, { in: 'name3', out: 'name5' }), lines, 'permit', 19);
    cites(verdict(dev, f, { in: 'name3', out: 'name5' }), lines, 'deny', null);
    // name2 (0) -> name5 (0): equal levels without same-security-traffic
    cites(verdict(dev, f, { in: 'name2', out: 'name5' }), lines, 'deny', 14);
  });

  it('show access-list: the expanded entries are the rules, each cited on its own line', () => {
    const { lines, result } = load('ntc-show-access-list-expanded.txt');
    const dev = result.devices[0]!;
    cites(
      listVerdict(dev, 'NTC_Test-ACL', flow('udp', '11.11.11.7', '8.8.8.8', 40000, 195)),
      lines,
      'deny',
      15,
    );
    cites(
      listVerdict(dev, 'NTC_Test-ACL', flow('tcp', '10.10.10.20', '20.20.20.10', 40000, 22)),
      lines,
      'permit',
      3,
    );
    // line 3 of the ACL is inactive: gt 1024 from 10.10.10.20 falls to later entries
    cites(
      listVerdict(dev, 'NTC_Test-ACL', flow('tcp', '10.10.10.20', '20.20.1.1', 40000, 2000)),
      lines,
      'deny',
      99,
    );
  });

  it('show access-list: address ranges are not taken for port ranges', () => {
    const { lines, result } = load('ntc-show-access-list-fqdn-objects.txt');
    const dev = result.devices[0]!;
    cites(listVerdict(dev, 'test', flow('tcp', '10.1.1.2', '10.1.1.5', 40000, 70)), lines, 'permit', 14);
    cites(listVerdict(dev, 'test', flow('tcp', '10.1.1.2', '10.1.1.9', 40000, 70)), lines, 'deny', 50);
  });
});
