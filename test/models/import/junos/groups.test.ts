/**
 * Configuration groups (`groups`, `apply-groups`, `apply-groups-except`): inheritance at the top
 * level and deeper, group priority, explicit configuration winning, `<ge-*>` wildcards, and the
 * cited line being the statement inside the group. Both input forms.
 */
import { describe, expect, it } from 'vitest';
import { parseJunos } from '../../../../models/import/junos';
import {
  codesAndLines,
  device,
  expectVerdict,
  flow,
  lineOf,
  load,
  readFixture,
  renderDevice,
  stableJson,
  verdict,
} from './support';

describe('groups fixture (set and curly forms)', () => {
  const TRUST_DMZ = { in: 'ge-0/0/0.0', out: 'ge-0/0/2.0' } as const;
  for (const F of ['groups.set', 'groups.conf']) {
    const dev = device(F);
    const cited = (text: string): number => lineOf(F, text);

    it(`${F}: a policy inherited from a group cites the line inside the group`, () => {
      const v = verdict(dev, flow('tcp', '10.1.0.5', '10.2.0.10', 40000, 22), TRUST_DMZ);
      expectVerdict(
        v,
        'permit',
        F,
        cited(F.endsWith('.set') ? 'policy grp-ssh match source-address' : 'policy grp-ssh'),
      );
      // Zone interfaces and the global address `lan` came from the group too.
      expect(dev.interfaces.find((i) => i.name === 'ge-0/0/0.0')!.zone).toBe('trust');
    });

    it(`${F}: explicit policies come first, inherited ones after`, () => {
      const rules = dev.lists.get('trust->dmz')!.rules.map((r) => r.source.line);
      expect(rules[0]).toBe(cited('policy allow-dns'));
      expectVerdict(
        verdict(dev, flow('udp', '10.1.0.5', '10.2.0.10', 40000, 53), TRUST_DMZ),
        'permit',
        F,
        cited('policy allow-dns'),
      );
    });

    it(`${F}: the first listed group wins a single-valued setting (grp-telnet: deny from 'common')`, () => {
      const v = verdict(dev, flow('tcp', '10.1.0.5', '10.2.0.10', 40000, 23), TRUST_DMZ);
      expect(v.action).toBe('deny');
      expectVerdict(
        v,
        'deny',
        F,
        cited(F.endsWith('.set') ? 'policy grp-telnet then deny' : 'policy grp-telnet'),
      );
    });

    it(`${F}: explicit configuration wins (default-policy deny-all over the group's permit-all)`, () => {
      const v = verdict(dev, flow('tcp', '10.1.0.5', '10.2.0.10', 40000, 9999), TRUST_DMZ);
      expectVerdict(v, 'deny', F, cited('deny-all'));
    });

    it(`${F}: apply-groups below the top level inherits only that subtree`, () => {
      expectVerdict(
        verdict(dev, flow('tcp', '10.1.0.5', '10.2.0.10', 40000, 80), TRUST_DMZ),
        'permit',
        F,
        cited(F.endsWith('.set') ? 'policy grp-web match source-address' : 'policy grp-web'),
      );
      expect(parseJunos(F, readFixture(F)).config.hostName).toBe('groups');
    });

    it(`${F}: <ge-*> matches configured interfaces; apply-groups-except excludes`, () => {
      const filtered = dev.bindings.filter((b) => b.list === 'PROTECT').map((b) => b.inInterface);
      expect([...new Set(filtered)]).toEqual(['ge-0/0/0.0']);
      expect(dev.interfaces.map((i) => i.name).sort()).toEqual(['ge-0/0/0.0', 'ge-0/0/2.0', 'xe-0/0/3.0']);
    });

    it(`${F}: nested apply-groups, undefined groups and junos-defaults are reported`, () => {
      expect(codesAndLines(load(F).diagnostics)).toEqual([
        ['unsupported-construct', lineOf(F, 'apply-groups filters')],
        ['undefined-reference', lineOf(F, 'missing')],
        ['unsupported-construct', lineOf(F, 'junos-defaults')],
      ]);
    });
  }

  it('both forms give the same neutral model', () => {
    expect(stableJson(renderDevice(load('groups.conf'), false))).toBe(
      stableJson(renderDevice(load('groups.set'), false)),
    );
  });
});

describe('expansion rules', () => {
  const parse = (text: string) => parseJunos('x.set', text);

  it('merges sets of values from groups with explicit ones', () => {
    const { config } = parse(
      [
        'set groups g security zones security-zone z interfaces ge-0/0/1.0',
        'set apply-groups g',
        'set security zones security-zone z interfaces ge-0/0/0.0',
      ].join('\n'),
    );
    expect(config.zones.get('z')!.interfaces.map((i) => [i.name, i.source.line])).toEqual([
      ['ge-0/0/0.0', 3],
      ['ge-0/0/1.0', 1],
    ]);
  });

  it('explicit single values win; inherited ones fill gaps', () => {
    const a = parse(
      'set groups g system host-name from-group\nset apply-groups g\nset system host-name mine\n',
    );
    expect(a.config.hostName).toBe('mine');
    const b = parse('set groups g system host-name from-group\nset apply-groups g\n');
    expect(b.config.hostName).toBe('from-group');
  });

  it('an apply-groups-except deeper than the apply-groups excludes that subtree only', () => {
    const { config } = parse(
      [
        'set groups g interfaces <*> unit 0 family inet filter input F',
        'set apply-groups g',
        'set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24',
        'set interfaces ge-0/0/1 apply-groups-except g',
        'set interfaces ge-0/0/1 unit 0 family inet address 10.0.1.1/24',
      ].join('\n'),
    );
    expect(config.interfaces.get('ge-0/0/0.0')!.filters.map((f) => [f.name, f.source.line])).toEqual([
      ['F', 1],
    ]);
    expect(config.interfaces.get('ge-0/0/1.0')!.filters).toEqual([]);
  });

  it('a group that is not applied is not inherited, and a deactivated group statement neither', () => {
    const a = parse('set groups g system host-name x\n');
    expect(a.config.hostName).toBe(null);
    const b = parse(
      'set groups g system host-name x\nset apply-groups g\ndeactivate groups g system host-name\n',
    );
    expect(b.config.hostName).toBe(null);
  });

  it('wildcards use ?, * and character classes', () => {
    const { config } = parse(
      [
        'set groups g interfaces "<ge-0/0/[02]>" unit 0 family inet filter input F',
        'set groups g interfaces <xe-?/*> unit 0 family inet filter input F',
        'set apply-groups g',
        'set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24',
        'set interfaces ge-0/0/1 unit 0 family inet address 10.0.1.1/24',
        'set interfaces ge-0/0/2 unit 0 family inet address 10.0.2.1/24',
        'set interfaces xe-1/0/0 unit 0 family inet address 10.0.3.1/24',
        'set interfaces xe-10/0/0 unit 0 family inet address 10.0.4.1/24',
      ].join('\n'),
    );
    expect([...config.interfaces.values()].filter((i) => i.filters.length > 0).map((i) => i.name)).toEqual([
      'ge-0/0/0.0',
      'ge-0/0/2.0',
      'xe-1/0/0.0',
    ]);
  });
});

describe('groups that cannot be expanded', () => {
  it('apply-groups "${node}" (chassis cluster) is reported, nothing inherited', () => {
    const { config, diagnostics } = parseJunos(
      'x.set',
      'set groups node0 system host-name a\nset apply-groups "${node}"\n',
    );
    expect(config.hostName).toBe(null);
    expect(codesAndLines(diagnostics.diagnostics)).toEqual([['unsupported-construct', 2]]);
  });
});
