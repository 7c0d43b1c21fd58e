/**
 * Verdicts through the converted Device (evaluateDevice), pinning the action and the cited line
 * for the PAN-OS traps: rule order, zone pairs and `any`, negate-source / negate-destination,
 * disabled rules, drop and reset actions, rule-type intrazone / interzone, intrazone-default
 * (allow) and interzone-default (deny) and their overrides, service groups with the predefined
 * service-http / service-https, ranges and wildcards, source ports, application-default with
 * a known application (uncertain, on its default ports) and an unknown one, FQDNs and dynamic
 * groups (uncertain). The XML and set forms of one policy must give the same verdicts.
 */
import { describe, expect, it } from 'vitest';
import { device, expectVerdict, flow, lineOf, load, verdict } from './support';

describe('zone-policies (XML, set and brace forms)', () => {
  for (const F of ['zone-policies.xml', 'zone-policies.set', 'zone-policies.conf']) {
    const dev = device(F);
    /** The line that defines rule R: its XML entry, its first set line, or its brace block. */
    const rule = (name: string): number =>
      F.endsWith('.xml')
        ? lineOf(F, `<entry name="${name}">`)
        : F.endsWith('.set')
          ? lineOf(F, `rules ${name} `)
          : lineOf(F, ` ${name} {`);

    it(`${F}: the first matching rule decides (admin denied though allow-web covers it)`, () => {
      const v = verdict(dev, flow('tcp', '10.1.0.5', '10.3.0.10', 40000, 443), 'trust', 'dmz');
      expectVerdict(v, 'deny', F, rule('deny-admin-web'));
      expect(v.uncertain).toEqual([]);
      expectVerdict(
        verdict(dev, flow('tcp', '10.1.0.6', '10.3.0.10', 40000, 443), 'trust', 'dmz'),
        'permit',
        F,
        rule('allow-web'),
      );
    });

    it(`${F}: a service group expands service-http (80 and 8080), service-https and a custom service`, () => {
      for (const port of [80, 8080, 443])
        expectVerdict(
          verdict(dev, flow('tcp', '10.1.0.6', '10.3.0.11', 40000, port), 'trust', 'dmz'),
          'permit',
          F,
          rule('allow-web'),
        );
    });

    it(`${F}: a disabled rule is skipped; interzone-default denies what no rule allows`, () => {
      const v = verdict(dev, flow('tcp', '10.1.0.6', '10.3.0.10', 40000, 22), 'trust', 'dmz');
      expect(v.action).toBe('deny');
      expect(v.rule).toBeNull();
      expect(v.reason).toBe('implicit-deny');
    });

    it(`${F}: ip-range, ip-wildcard and a source-port range`, () => {
      const ok = verdict(dev, flow('tcp', '10.1.0.110', '10.3.0.7', 2000, 1500), 'trust', 'dmz');
      expectVerdict(ok, 'permit', F, rule('odd-high-ports'));
      // An even host is outside the wildcard, a port outside the list, a source port below 1024.
      expect(verdict(dev, flow('tcp', '10.1.0.110', '10.3.0.8', 2000, 1500), 'trust', 'dmz').action).toBe(
        'deny',
      );
      expect(verdict(dev, flow('tcp', '10.1.0.110', '10.3.0.7', 2000, 2500), 'trust', 'dmz').action).toBe(
        'deny',
      );
      expect(verdict(dev, flow('tcp', '10.1.0.110', '10.3.0.7', 1000, 3000), 'trust', 'dmz').action).toBe(
        'deny',
      );
      expect(verdict(dev, flow('tcp', '10.1.0.121', '10.3.0.7', 2000, 3000), 'trust', 'dmz').action).toBe(
        'deny',
      );
    });

    it(`${F}: negate-source matches every source outside the object (drop)`, () => {
      const v = verdict(dev, flow('tcp', '172.16.0.9', '198.51.100.7', 40000, 443), 'trust', 'untrust');
      expectVerdict(v, 'deny', F, rule('not-lan-drop'));
      expect(dev.lists.get('trust->untrust')!.rules[0]!.detail).toBe('drop');
    });

    it(`${F}: an application with application-default is uncertain, on its default ports only`, () => {
      const ssh = verdict(dev, flow('tcp', '10.1.0.7', '198.51.100.7', 40000, 22), 'trust', 'untrust');
      expectVerdict(ssh, 'permit', F, rule('ssh-out'));
      expect(ssh.uncertain.join(' ')).toMatch(/App-ID identifies as ssh/);
      // Port 2222 is not ssh's default: ssh-out cannot match; the unknown app's deny is uncertain
      // (assumed not to match), so interzone-default decides.
      const other = verdict(dev, flow('tcp', '10.1.0.7', '10.9.9.9', 40000, 2222), 'trust', 'untrust');
      expect(other.action).toBe('deny');
      expect(other.rule).toBeNull();
      expect(other.uncertain.join(' ')).toMatch(/weird-app/);
    });

    it(`${F}: negate-destination matches every destination outside the listed prefixes`, () => {
      const v = verdict(dev, flow('tcp', '10.1.0.7', '198.51.100.7', 40000, 443), 'trust', 'untrust');
      // ssh-out does not match 443; block-odd-app is uncertain (deny, assumed not to match).
      expectVerdict(v, 'permit', F, rule('not-private-https'));
      const inside = verdict(dev, flow('tcp', '10.1.0.7', '192.168.1.1', 40000, 443), 'trust', 'untrust');
      expect(inside.action).toBe('deny');
      expect(inside.rule).toBeNull();
    });

    it(`${F}: reset-client denies`, () => {
      const v = verdict(dev, flow('udp', '10.1.0.7', '9.9.9.9', 40000, 53), 'trust', 'untrust');
      expectVerdict(v, 'deny', F, rule('dns-out'));
      expect(
        dev.lists.get('trust->untrust')!.rules.find((r) => r.source.line === rule('dns-out'))!.detail,
      ).toBe('reset-client');
    });

    it(`${F}: an FQDN destination makes the rule uncertain`, () => {
      const v = verdict(dev, flow('tcp', '10.1.0.7', '10.9.9.9', 40000, 8080), 'trust', 'untrust');
      expectVerdict(v, 'permit', F, rule('updates-out'));
      expect(v.uncertain.join(' ')).toMatch(/FQDN address updates/);
    });

    it(`${F}: a rule with several from-zones applies to each; other zone pairs fall to the default`, () => {
      for (const from of ['trust', 'dmz'])
        expectVerdict(
          verdict(dev, flow('tcp', '10.1.0.7', '10.4.0.10', 40000, 502), from, 'ot'),
          'permit',
          F,
          rule('hmi-modbus'),
        );
      const v = verdict(dev, flow('tcp', '10.1.0.7', '10.4.0.10', 40000, 502), 'untrust', 'ot');
      expect(v.action).toBe('deny');
      expect(v.reason).toBe('implicit-deny');
    });

    it(`${F}: intrazone-default allows; an intrazone rule-type rule applies only within its zone`, () => {
      const trust = verdict(dev, flow('tcp', '10.1.0.7', '10.1.0.8', 40000, 445), 'trust', 'trust');
      expect(trust.action).toBe('permit');
      expect(trust.reason).toBe('default');
      expectVerdict(
        verdict(dev, flow('tcp', '10.3.0.7', '10.3.0.8', 40000, 445), 'dmz', 'dmz'),
        'deny',
        F,
        rule('dmz-intrazone-deny'),
      );
    });

    it(`${F}: an interzone rule-type rule from any to any applies between zones only`, () => {
      const v = verdict(dev, flow('icmp', '198.51.100.7', '10.4.0.10', 0, 8), 'untrust', 'ot');
      expectVerdict(v, 'permit', F, rule('ping-anywhere'));
      const within = dev.lists.get('untrust->untrust')!.rules.map((r) => r.source.line);
      expect(within).not.toContain(rule('ping-anywhere'));
      expect(within).toContain(rule('quarantine-block'));
    });

    it(`${F}: a dynamic address group's deny is uncertain and assumed not to match`, () => {
      const v = verdict(dev, flow('tcp', '10.1.0.7', '10.1.0.8', 40000, 445), 'trust', 'trust');
      expect(v.uncertain.join(' ')).toMatch(/dynamic address-group quarantine/);
    });

    it(`${F}: security rules match the pre-NAT destination with the post-NAT zone`, () => {
      const v = verdict(dev, flow('tcp', '198.51.100.7', '203.0.113.10', 40000, 80), 'untrust', 'dmz');
      expectVerdict(v, 'permit', F, rule('web-in'));
      expect(v.uncertain.join(' ')).toMatch(/destination NAT nat#1/);
      const nat = dev.nat.find((n) => n.kind === 'dnat')!;
      expect(nat.rewrite).toEqual({ address: '10.3.0.10', port: 8080 });
      expect(nat.list).toContain('from untrust to untrust');
    });

    it(`${F}: a flow whose zones are not known is not filtered by any zone pair`, () => {
      const v = verdict(dev, flow('tcp', '10.1.0.7', '10.4.0.10', 40000, 502), 'nowhere', 'ot');
      expect(v.reason).toBe('unfiltered');
    });
  }

  it('the XML and set forms give the same verdicts for a spread of flows', () => {
    const xml = device('zone-policies.xml');
    const set = device('zone-policies.set');
    const zones = ['trust', 'untrust', 'dmz', 'ot'];
    const hosts = [
      '10.1.0.5',
      '10.1.0.110',
      '10.3.0.7',
      '10.3.0.10',
      '10.4.0.10',
      '198.51.100.7',
      '192.168.1.1',
    ];
    const services: Array<[string, number]> = [
      ['tcp', 22],
      ['tcp', 80],
      ['tcp', 443],
      ['tcp', 502],
      ['tcp', 1500],
      ['udp', 53],
      ['icmp', 8],
    ];
    let n = 0;
    for (const from of zones)
      for (const to of zones)
        for (const src of hosts)
          for (const dst of hosts)
            for (const [proto, port] of services) {
              const f = flow(proto, src, dst, proto === 'icmp' ? 0 : 2000, port);
              const a = verdict(xml, f, from, to);
              const b = verdict(set, f, from, to);
              expect({
                action: b.action,
                reason: b.reason,
                rule: b.rule?.text.includes('rules') ?? null,
              }).toEqual({
                action: a.action,
                reason: a.reason,
                rule: a.rule === null ? null : true,
              });
              // The same rule decides: the set line names the XML entry's rule.
              if (a.rule !== null) expect(b.rule!.text).toContain(/name="([^"]+)"/.exec(a.rule.text)![1]);
              n++;
            }
    expect(n).toBe(zones.length ** 2 * hosts.length ** 2 * services.length);
  });
});

describe('multi-vsys', () => {
  const result = load('multi-vsys.xml');
  const [v1, v2] = result.devices;

  it('imports one device per vsys, named after the hostname and the vsys', () => {
    expect(result.devices.map((d) => d.name)).toEqual(['plant-fw/vsys1', 'plant-fw/vsys2']);
    expect(v1!.interfaces.map((i) => i.name)).toEqual(['ethernet1/1', 'ethernet1/2']);
    expect(v2!.interfaces.map((i) => `${i.name} ${i.addresses.join(' ')}`)).toEqual([
      'ethernet1/3 10.30.0.1/24',
      'loopback.1 10.255.0.1',
    ]);
  });

  it('resolves a vsys object before the shared one of the same name', () => {
    const F = 'multi-vsys.xml';
    // vsys1's mgmt-net is 10.10.99.0/24; vsys2 uses the shared 192.168.100.0/24.
    expectVerdict(
      verdict(v1!, flow('tcp', '10.10.99.4', '10.20.0.9', 40000, 3389), 'it', 'dmz'),
      'permit',
      F,
      lineOf(F, '<entry name="rdp-to-dmz">'),
    );
    expectVerdict(
      verdict(v2!, flow('tcp', '192.168.100.4', '10.30.0.9', 40000, 3389), 'ot-dmz', 'ot'),
      'permit',
      F,
      lineOf(F, '<entry name="rdp-from-mgmt">'),
    );
  });

  it('applies an overridden interzone-default (allow) and intrazone-default (deny), citing the override', () => {
    const F = 'multi-vsys.xml';
    expectVerdict(
      verdict(v1!, flow('tcp', '192.168.100.4', '10.20.0.9', 40000, 3389), 'it', 'dmz'),
      'permit',
      F,
      lineOf(F, '<action>allow</action>', lineOf(F, 'interzone-default')),
    );
    expectVerdict(
      verdict(v2!, flow('tcp', '10.30.0.5', '10.30.0.9', 40000, 22), 'ot', 'ot'),
      'deny',
      F,
      lineOf(F, '<action>deny</action>', lineOf(F, 'intrazone-default')),
    );
  });
});

describe('Panorama device groups', () => {
  const F = 'panorama.xml';
  const result = load(F);
  const byName = (n: string) => result.devices.find((d) => d.name === n)!;
  const rule = (name: string): number => lineOf(F, `<entry name="${name}">`);

  it('imports every device group when none is selected, and says so', () => {
    expect(result.devices.map((d) => d.name)).toEqual(['plants', 'plant-a']);
    const info = result.diagnostics.find((d) => d.code === 'unsupported-construct' && d.severity === 'info');
    expect(info?.message).toMatch(/no device group selected, so all 2 are imported \(plants, plant-a\)/);
  });

  it('orders shared pre, ancestor pre, own pre, own post, ancestor post, shared post', () => {
    const names = byName('plant-a')
      .lists.get('it->ot')!
      .rules.map((r) => r.origin.name);
    expect(names).toEqual([
      'pre-rulebase (shared) security rule shared-pre-block-telnet',
      'pre-rulebase (device-group plants) security rule plants-pre-allow-historian',
      'pre-rulebase (device-group plant-a) security rule plant-a-pre-deny-historian',
      'post-rulebase (device-group plant-a) security rule plant-a-post-allow-ot-ssh',
      'post-rulebase (device-group plants) security rule plants-post-deny-ot',
      'post-rulebase (shared) security rule shared-post-allow-ops',
    ]);
  });

  it('the parent group pre-rule decides before the child group pre-rule', () => {
    const dev = byName('plant-a');
    expectVerdict(
      verdict(dev, flow('tcp', '10.9.1.1', '10.50.0.20', 40000, 443), 'it', 'ot'),
      'permit',
      F,
      rule('plants-pre-allow-historian'),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.9.1.1', '10.50.0.20', 40000, 80), 'it', 'ot'),
      'deny',
      F,
      rule('plant-a-pre-deny-historian'),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.1.1', '10.50.0.20', 40000, 23), 'it', 'ot'),
      'deny',
      F,
      rule('shared-pre-block-telnet'),
    );
  });

  it('post-rules come after the pre-rules; the child post-rule before the parent post-rule', () => {
    expectVerdict(
      verdict(byName('plant-a'), flow('tcp', '10.1.1.1', '10.50.0.30', 40000, 22), 'it', 'ot'),
      'permit',
      F,
      rule('plant-a-post-allow-ot-ssh'),
    );
    expectVerdict(
      verdict(byName('plants'), flow('tcp', '10.1.1.1', '10.50.0.30', 40000, 22), 'it', 'ot'),
      'deny',
      F,
      rule('plants-post-deny-ot'),
    );
  });

  it('a device group object overrides the shared one of the same name, in shared rules too', () => {
    const dev = byName('plants');
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.6.7', '10.1.1.1', 40000, 22), 'ot', 'it'),
      'permit',
      F,
      rule('shared-post-allow-ops'),
    );
    const v = verdict(dev, flow('tcp', '10.0.5.7', '10.1.1.1', 40000, 22), 'ot', 'it');
    expect(v.action).toBe('deny');
    expect(v.reason).toBe('implicit-deny');
  });

  it("a group's default-security-rules override applies to it, not to its parent", () => {
    const f = flow('tcp', '10.1.1.1', '10.7.7.7', 40000, 22);
    expectVerdict(
      verdict(byName('plant-a'), f, 'ot', 'it'),
      'permit',
      F,
      lineOf(F, '<action>allow</action>', lineOf(F, 'interzone-default')),
    );
    expect(verdict(byName('plants'), f, 'ot', 'it').action).toBe('deny');
  });
});
