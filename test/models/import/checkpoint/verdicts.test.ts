/**
 * Verdicts through the converted Device, pinning the action and the cited line for the Check
 * Point traps: first match across sections, the implicit cleanup (no line), negated source /
 * destination / service cells, disabled rules, Reject, groups and groups with exclusion, port
 * ranges, inline layers (their own implicit cleanup decides, never the parent layer's next
 * rule), install-on per gateway, and time-restricted rules (uncertain).
 */
import { describe, expect, it } from 'vitest';
import { evaluateList } from '../../../../models/reach';
import {
  device,
  expectVerdict,
  fixturePackage,
  flow,
  importPackage,
  lineOf,
  packageDevice,
  splitLines,
  verdict,
} from './support';

const F = 'layers.show-access-rulebase.json';
const OT = 'layers.show-access-rulebase-ot.json';

/** The line of the JSON object of the rule named `name` in a fixture. */
function ruleLine(file: string, name: string, files = fixturePackage('layers')): number {
  const lines = splitLines(files.find((f) => f.name === file)!.text);
  let k = lines.findIndex((l) => l.includes(`"name": "${name}"`));
  while (k > 0 && lines[k]!.trim() !== '{') k--;
  return k + 1;
}

describe('one rulebase file on its own', () => {
  const dev = device(F);

  it('the first matching rule decides, across sections (block-bad before lan-web)', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.0.66', '10.2.0.10', 40000, 80)),
      'deny',
      F,
      ruleLine(F, 'block-bad'),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.0.65', '10.2.0.10', 40000, 80)),
      'permit',
      F,
      ruleLine(F, 'lan-web'),
    );
  });

  it('a disabled rule is not enforced (the disabled allow-all does not permit)', () => {
    expect(dev.lists.get('Network')!.rules.some((r) => r.origin.name === 'disabled-allow-all')).toBe(false);
    const v = verdict(dev, flow('tcp', '10.99.0.1', '10.98.0.1', 40000, 3389));
    expectVerdict(v, 'deny', F, null);
    expect(v.reason).toBe('implicit-deny');
  });

  it('a negated source matches every address outside the cell, and Reject denies', () => {
    const v = verdict(dev, flow('tcp', '192.0.2.9', '10.2.0.10', 40000, 80));
    expectVerdict(v, 'deny', F, ruleLine(F, 'not-lan-web'));
    expect(dev.lists.get('Network')!.rules.find((r) => r.origin.name === 'not-lan-web')!.detail).toBe(
      'reject',
    );
    // IPv6 sources are outside the IPv4 lan too.
    expectVerdict(
      verdict(dev, flow('tcp', '2001:db8::9', '2001:db8:2::10', 40000, 80)),
      'deny',
      F,
      ruleLine(F, 'not-lan-web'),
    );
  });

  it('a negated service matches every service but the listed ones', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.0.9', '10.2.0.10', 40000, 22)),
      'deny',
      F,
      ruleLine(F, 'lan-web-other'),
    );
    expectVerdict(
      verdict(dev, flow('udp', '10.1.0.9', '10.2.0.10', 40000, 443)),
      'deny',
      F,
      ruleLine(F, 'lan-web-other'),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.0.9', '10.2.0.10', 40000, 443)),
      'permit',
      F,
      ruleLine(F, 'lan-web'),
    );
  });

  it('a negated destination, and a group with exclusion as source', () => {
    expectVerdict(
      verdict(dev, flow('udp', '10.1.0.9', '8.8.8.8', 40000, 53)),
      'permit',
      F,
      ruleLine(F, 'dns-out'),
    );
    // the printers range is excluded from lan-no-printers: no rule matches, the implicit cleanup drops
    expectVerdict(verdict(dev, flow('udp', '10.1.0.110', '8.8.8.8', 40000, 53)), 'deny', F, null);
  });

  it('groups resolve to their members; a gateway object to its interface addresses', () => {
    const portal = ruleLine(F, 'admin-portal');
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.1.77', '10.30.0.1', 40000, 443), { to: 'to-device' }),
      'permit',
      F,
      portal,
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.0.5', '10.2.0.1', 40000, 80), { to: 'to-device' }),
      'permit',
      F,
      portal,
    );
  });

  it('port >1023 is 1024-65535; a time-restricted rule is uncertain but conservatively matches', () => {
    const v = verdict(dev, flow('tcp', '10.1.0.9', '198.51.100.1', 40000, 1024));
    expectVerdict(v, 'permit', F, ruleLine(F, 'office-hours-out'));
    expect(v.uncertain.join(' ')).toContain('active only at some times');
    expectVerdict(verdict(dev, flow('tcp', '10.1.0.9', '198.51.100.1', 40000, 1023)), 'deny', F, null);
  });

  it('an inline layer that is not in the import makes its rule an uncertain accept', () => {
    const v = verdict(dev, flow('tcp', '10.1.0.9', '10.30.0.15', 40000, 502));
    expectVerdict(v, 'permit', F, ruleLine(F, 'to-ot'));
    expect(v.uncertain.join(' ')).toContain('inline layer is not in the import');
  });

  it('a rule installed only on named gateways is uncertain when the gateway is unknown', () => {
    const v = verdict(dev, flow('tcp', '10.1.0.9', '10.9.9.9', 40000, 22));
    expectVerdict(v, 'permit', F, ruleLine(F, 'backup-on-gw2'));
    expect(v.uncertain.join(' ')).toContain('installed only on fw-gw2');
  });
});

describe('the package: ordered layer, inline layer, gateways', () => {
  const files = fixturePackage('layers');
  const result = importPackage(files);
  const gw = packageDevice(result, 'fw-gw');
  const gw2 = packageDevice(result, 'fw-gw2');

  it('an inline layer decides within it: its rule permits the engineering workstation', () => {
    expectVerdict(
      verdict(gw, flow('tcp', '10.1.0.7', '10.30.0.15', 40000, 502)),
      'permit',
      OT,
      ruleLine(OT, 'eng-modbus'),
      files,
    );
  });

  it("the inline layer's implicit cleanup drops what none of its rules match, citing the rule that applies the layer", () => {
    // Without the inline layer, evaluation would go on to dns-out (udp only) and the layer's own
    // implicit cleanup; the inline layer's cleanup must decide first.
    const v = verdict(gw, flow('tcp', '10.1.0.9', '10.30.0.15', 40000, 502));
    expectVerdict(v, 'deny', F, ruleLine(F, 'to-ot'), files);
    expect(v.ruleId).toBe('OT#cleanup');
    expect(v.uncertain).toEqual([]);
  });

  it('traffic the parent rule does not match never enters the inline layer', () => {
    // icmp to the OT range: the parent rule is for Modbus only, so OT's eng-ping is not reached.
    expectVerdict(verdict(gw, flow('icmp', '10.1.0.7', '10.30.0.15', 0, 8)), 'deny', F, null, files);
    const alone = evaluateList(gw, 'OT', { flow: flow('icmp', '10.1.0.7', '10.30.0.15', 0, 8) });
    expect(alone?.action).toBe('permit');
  });

  it('install-on: a rule installed on fw-gw2 only is enforced there and left out of fw-gw', () => {
    expectVerdict(
      verdict(gw2, flow('tcp', '10.1.0.9', '10.9.9.9', 40000, 22)),
      'permit',
      F,
      ruleLine(F, 'backup-on-gw2'),
      files,
    );
    const v = verdict(gw, flow('tcp', '10.1.0.9', '10.9.9.9', 40000, 22));
    expectVerdict(v, 'deny', F, null, files);
    expect(v.uncertain).toEqual([]);
  });

  it('every gateway evaluates the ordered layer for transit and to-device traffic', () => {
    expect(gw.bindings).toEqual([
      { attachment: 'transit', list: 'Network' },
      { attachment: 'to-device', list: 'Network' },
    ]);
  });
});

describe('an implicit cleanup stated as accept', () => {
  it('a layer with implicit-cleanup-action accept permits what no rule matches (reason default)', () => {
    const text = JSON.stringify(
      {
        uid: 'c0ffee00-0000-4000-8000-0000000000aa',
        name: 'Open',
        'implicit-cleanup-action': 'accept',
        rulebase: [],
        'objects-dictionary': [],
      },
      null,
      2,
    );
    const files = [{ name: 'open.show-access-rulebase.json', text }];
    const dev = importPackage(files).devices[0]!;
    const v = verdict(dev, flow('tcp', '10.0.0.1', '10.0.0.2', 1, 2));
    expect([v.action, v.reason, v.rule]).toEqual(['permit', 'default', null]);
  });
});

describe('fixture line helper', () => {
  it('cites lines by content', () => {
    expect(lineOf(F, '"name": "block-bad"')).toBeGreaterThan(ruleLine(F, 'block-bad'));
  });
});
