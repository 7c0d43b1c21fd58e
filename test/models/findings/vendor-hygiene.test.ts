import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Finding, type FindingCode, hygieneFindings } from '../../../models/findings';
import { importConfig } from '../../../models/import';
import { zoneMatrix } from '../../../models/reach';
import { buildNetwork } from '../../../models/topology';

/** Rule hygiene on the importers' own fixtures (read in place), one vendor at a time. */
const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'import');

function hygiene(fixture: string): Finding[] {
  const name = path.basename(fixture);
  const imported = importConfig({ name, text: fs.readFileSync(path.join(FIXTURES, fixture), 'utf8') });
  const net = buildNetwork({ devices: imported.devices });
  return hygieneFindings(net, zoneMatrix(net), imported.diagnostics);
}

const cited = (fs: readonly Finding[], code: FindingCode): number[][] =>
  fs.filter((f) => f.code === code).map((f) => f.rules.map((r) => r.line));

describe('disabled rules, one neutral finding for every vendor', () => {
  it.each([
    ['cisco-asa/inactive-remarks-standard.cfg', [[6]]],
    // block-ftp is deactivated; block-ssh is deactivated and activated again, so not reported.
    ['junos/insert-deactivate.set', [[17]]],
    ['junos/inactive-and-default.conf', [[17]]],
    ['panos/zone-policies.xml', [[214]]],
    ['fortios/policies.conf', [[148]]],
    ['checkpoint/layers.show-access-rulebase.json', [[90]]],
    ['pfsense/plant-edge.xml', [[202]]],
    ['opnsense/mvc-and-legacy.xml', [[80]]],
  ])('%s', (fixture, lines) => {
    const fs = hygiene(fixture);
    expect(cited(fs, 'disabled-rule')).toEqual(lines);
    expect(fs.find((f) => f.code === 'disabled-rule')!.severity).toBe('info');
  });
});

describe('shadowing in vendor rule lists', () => {
  it('Junos: block-ssh, moved after allow-all by an insert, is shadowed by it; block-telnet, moved before, is not', () => {
    const fs = hygiene('junos/insert-deactivate.set');
    expect(cited(fs, 'shadowed-rule')).toEqual([[13, 5]]);
    expect(fs.find((f) => f.code === 'shadowed-rule')!.message).toContain('allow-all');
  });

  it('pfSense: the interface rule that a group rule decides first is shadowed', () => {
    expect(cited(hygiene('pfsense/plant-edge.xml'), 'shadowed-rule')).toEqual([[166, 154]]);
  });
});

describe('broad rules into OT', () => {
  it('FortiOS: policies are judged, not the local-in rules that share the interface lines', () => {
    const lines = cited(hygiene('fortios/policies.conf'), 'broad-rule-into-ot').flat();
    expect(lines).toEqual([191]);
  });
});
