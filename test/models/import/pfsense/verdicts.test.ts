/**
 * Verdicts of a pfSense firewall on the semantic edges of pf as the GUI writes it: interface
 * rules are quick (first match), floating rules come first and are last-match unless quick,
 * group rules come before interface rules, the default deny, `<not/>`, disabled rules, ICMP
 * types, address families, outbound floating rules, the automatic rules (anti-lockout, private
 * networks, bogons) and port forwards. Each verdict cites the `<rule>` line that decides it.
 */
import { describe, expect, it } from 'vitest';
import { flow, verdict, listVerdict, vendorSupport } from './support';

const S = vendorSupport('pfsense');
const F = 'plant-edge.xml';
const dev = S.device(F);
const rule = (descr: string): number => S.ruleLine(F, descr);
const LAN_TO_OT = { in: 'lan', out: 'opt1' } as const;

describe('pf ordering (plant-edge.xml)', () => {
  it('an interface rule is quick: it overrides an earlier matching non-quick floating pass', () => {
    const v = verdict(dev, flow('tcp', '10.1.1.7', '10.2.2.5', 40000, 502), LAN_TO_OT);
    S.expectVerdict(v, 'deny', F, rule('LAN: block modbus to the cell'));
  });

  it('a non-quick floating pass decides when no later rule matches', () => {
    const v = verdict(dev, flow('tcp', '10.1.1.7', '10.2.2.5', 40000, 20005), LAN_TO_OT);
    S.expectVerdict(v, 'permit', F, rule('Floating non-quick: IT to OT cell modbus'));
  });

  it('of two matching non-quick floating rules the later one wins (last match)', () => {
    const to = { in: 'lan', out: 'opt2' } as const;
    S.expectVerdict(
      verdict(dev, flow('tcp', '10.1.1.7', '10.3.3.5', 40000, 8080), to),
      'permit',
      F,
      rule('Floating non-quick: pass 8080'),
    );
    S.expectVerdict(
      verdict(dev, flow('tcp', '10.1.1.7', '10.3.3.5', 40000, 8090), to),
      'deny',
      F,
      rule('Floating non-quick: block 8000-8100'),
    );
  });

  it('a quick floating rule decides before any interface rule', () => {
    const v = verdict(dev, flow('tcp', '10.1.1.7', '8.8.8.8', 40000, 445), { in: 'lan', out: 'wan' });
    S.expectVerdict(v, 'deny', F, rule('Floating quick: no SMB anywhere'));
  });

  it('group rules come before the interface rules of their members', () => {
    const v = verdict(dev, flow('udp', '10.3.3.9', '10.3.3.1', 40000, 123), { in: 'opt2', to: 'to-device' });
    S.expectVerdict(v, 'permit', F, rule('Group: OT may ask the firewall for time'));
  });

  it('(self) is every address of the firewall, not only the interface the packet came in on', () => {
    const v = verdict(dev, flow('udp', '10.2.2.9', '10.1.1.1', 40000, 123), { in: 'opt1', to: 'to-device' });
    S.expectVerdict(v, 'permit', F, rule('Group: OT may ask the firewall for time'));
  });

  it('nothing matching: the default deny, citing no line', () => {
    const v = verdict(dev, flow('tcp', '10.1.1.7', '10.3.3.5', 40000, 9000), { in: 'lan', out: 'opt2' });
    S.expectVerdict(v, 'deny', F, null);
    expect(v.reason).toBe('implicit-deny');
    S.expectVerdict(
      listVerdict(dev, 'opt2', flow('tcp', '10.3.3.9', '10.1.1.7', 40000, 80)),
      'deny',
      F,
      null,
    );
  });

  it('a disabled rule is not there', () => {
    const v = verdict(dev, flow('udp', '10.1.1.7', '10.3.3.5', 40000, 161), { in: 'lan', out: 'opt2' });
    S.expectVerdict(v, 'deny', F, null);
  });

  it('<not/> negates a destination', () => {
    S.expectVerdict(
      verdict(dev, flow('tcp', '10.1.1.7', '8.8.8.8', 40000, 443), { in: 'lan', out: 'wan' }),
      'permit',
      F,
      rule('LAN: anywhere but the plant networks'),
    );
    S.expectVerdict(
      verdict(dev, flow('tcp', '10.1.1.7', '10.9.9.9', 40000, 443), { in: 'lan' }),
      'deny',
      F,
      null,
    );
  });

  it('aliases: nested host / network aliases, host ranges and port ranges', () => {
    const to = { in: 'lan', out: 'opt2' } as const;
    const line = rule('LAN: engineering stations to OT servers');
    S.expectVerdict(verdict(dev, flow('udp', '10.1.1.52', '10.3.3.20', 40000, 5005), to), 'permit', F, line);
    S.expectVerdict(verdict(dev, flow('tcp', '10.1.1.50', '10.2.2.14', 40000, 5010), to), 'permit', F, line);
    S.expectVerdict(verdict(dev, flow('tcp', '10.1.1.54', '10.3.3.20', 40000, 5005), to), 'deny', F, null);
    S.expectVerdict(verdict(dev, flow('tcp', '10.1.1.50', '10.3.3.20', 40000, 5011), to), 'deny', F, null);
  });

  it('icmp with an icmptype matches that type only', () => {
    const to = { in: 'lan', out: 'opt2' } as const;
    S.expectVerdict(
      verdict(dev, flow('icmp', '10.1.1.7', '10.3.3.5', 0, 8), to),
      'permit',
      F,
      rule('LAN: ping anywhere'),
    );
    S.expectVerdict(verdict(dev, flow('icmp', '10.1.1.7', '10.3.3.5', 0, 13), to), 'deny', F, null);
  });

  it('ipprotocol: inet rules never match IPv6, inet6 rules do', () => {
    const v = verdict(dev, flow('tcp', '2001:db8:1::5', '2001:db8:ff::1', 40000, 443), {
      in: 'lan',
      out: 'wan',
    });
    S.expectVerdict(v, 'permit', F, rule('LAN: IPv6 anywhere'));
    const v2 = verdict(dev, flow('udp', '2001:db8:1::5', '2001:db8:ff::1', 40000, 53), {
      in: 'lan',
      out: 'wan',
    });
    expect(v2.rule?.line).toBe(rule('LAN: IPv6 anywhere'));
  });

  it('an outbound quick floating rule blocks what the inbound interface passed', () => {
    const v = verdict(dev, flow('tcp', '10.1.1.7', '203.0.113.5', 40000, 443), { in: 'lan', out: 'wan' });
    S.expectVerdict(v, 'deny', F, rule('Floating quick out: nothing to 203.0.113.0/24'));
    const ok = verdict(dev, flow('tcp', '10.1.1.7', '8.8.4.4', 40000, 443), { in: 'lan', out: 'wan' });
    S.expectVerdict(ok, 'permit', F, rule('LAN: anywhere but the plant networks'));
  });

  it('outbound: a non-quick floating rule (direction any) overrides the automatic pass out; else pass out', () => {
    S.expectVerdict(
      listVerdict(dev, 'lan:out', flow('tcp', '10.2.2.9', '10.1.1.7', 40000, 8090)),
      'deny',
      F,
      rule('Floating non-quick: block 8000-8100'),
    );
    const other = listVerdict(dev, 'lan:out', flow('tcp', '10.2.2.9', '10.1.1.7', 40000, 9000));
    expect(other.action).toBe('permit');
    expect(other.rule).toBeNull();
    expect(dev.lists.has('opt2:out')).toBe(false);
  });

  it('a reject rule whose alias is filled at run time (urltable) is uncertain, and assumed not to match', () => {
    const v = verdict(dev, flow('tcp', '10.1.1.7', '8.8.4.4', 40000, 80), { in: 'lan', out: 'wan' });
    expect(v.action).toBe('permit');
    expect(v.uncertain.join(' ')).toContain('THREATS');
    const reject = [...dev.lists.get('lan')!.rules].find(
      (r) => r.source.line === rule('LAN: reject the threat list'),
    );
    expect(reject?.detail).toBe('reject');
  });
});

describe('automatic rules (plant-edge.xml)', () => {
  it('anti-lockout: the webGUI port, the HTTP redirect and SSH to the LAN address, citing <webgui>', () => {
    const webgui = S.lineOf(F, '<webgui>');
    for (const port of [8443, 80, 22]) {
      const v = verdict(dev, flow('tcp', '10.1.1.99', '10.1.1.1', 40000, port), {
        in: 'lan',
        to: 'to-device',
      });
      S.expectVerdict(v, 'permit', F, webgui);
    }
    const other = verdict(dev, flow('tcp', '10.1.1.99', '10.2.2.1', 40000, 8443), {
      in: 'lan',
      to: 'to-device',
    });
    S.expectVerdict(other, 'deny', F, null);
  });

  it('blockpriv blocks RFC 1918 sources on WAN, and nothing else', () => {
    const nat = rule('NAT historian web');
    const priv = S.lineOf(F, '<blockpriv/>');
    for (const src of ['10.9.9.9', '172.31.0.1', '192.168.7.7'])
      S.expectVerdict(
        verdict(dev, flow('tcp', src, '10.3.3.20', 40000, 443), { in: 'wan', out: 'opt2' }),
        'deny',
        F,
        priv,
      );
    for (const src of ['172.32.0.1', '100.64.0.1', '198.18.0.1'])
      S.expectVerdict(
        verdict(dev, flow('tcp', src, '10.3.3.20', 40000, 443), { in: 'wan', out: 'opt2' }),
        'permit',
        F,
        nat,
      );
  });

  it('blockbogons is uncertain: the table is downloaded at run time', () => {
    const v = verdict(dev, flow('tcp', '198.18.0.1', '10.3.3.20', 40000, 443), { in: 'wan', out: 'opt2' });
    expect(v.uncertain.join(' ')).toContain('bogons');
  });
});

describe('NAT (plant-edge.xml)', () => {
  it('a port forward is recorded with its exact rewrite, and its associated filter rule passes the translated flow', () => {
    const rdr = dev.nat.find((n) => n.id === 'rdr#1')!;
    expect(rdr.source.line).toBe(S.ruleLine(F, '[historian web]]'));
    expect(rdr.kind).toBe('dnat');
    expect(rdr.rewrite).toEqual({ address: '10.3.3.20', port: 443 });
  });

  it('an "rdr pass" port forward passes its traffic itself, citing the NAT rule', () => {
    const line = S.ruleLine(F, 'vendor support ssh');
    S.expectVerdict(
      verdict(dev, flow('tcp', '192.0.2.5', '10.2.2.9', 40000, 22), { in: 'wan', out: 'opt1' }),
      'permit',
      F,
      line,
    );
    S.expectVerdict(
      verdict(dev, flow('tcp', '203.0.113.9', '10.2.2.9', 40000, 22), { in: 'wan', out: 'opt1' }),
      'deny',
      F,
      null,
    );
    expect(dev.nat.find((n) => n.id === 'rdr#2')!.rewrite).toEqual({ address: '10.2.2.9', port: 22 });
  });

  it('1:1 NAT maps the external address to the internal one', () => {
    const binat = dev.nat.find((n) => n.id === 'binat#1')!;
    expect(binat.translates).toBe('destination');
    expect(binat.rewrite).toEqual({ address: '10.3.3.20' });
    expect(binat.source.line).toBe(S.ruleLine(F, 'historian 1:1', '<onetoone'));
  });
});

describe('interfaces and routes (plant-edge.xml)', () => {
  it('names interfaces by their config key, with their addresses, and the host name as the device name', () => {
    expect(dev.name).toBe('plant-edge');
    expect(dev.interfaces.map((i) => `${i.name} ${i.addresses.join(' ')}`)).toEqual([
      'wan 198.51.100.2/24',
      'lan 10.1.1.1/24 2001:db8:1::1/64',
      'opt1 10.2.2.1/24',
      'opt2 10.3.3.1/24',
    ]);
  });

  it('the GUI names (descriptions) are the zones of the interfaces', () => {
    expect(dev.zones.map((z) => `${z.name}: ${z.interfaces.join(' ')}`)).toEqual([
      'WAN: wan',
      'IT: lan',
      'OT_CELL: opt1',
      'OT_SCADA: opt2',
    ]);
    const v = verdict(dev, flow('tcp', '10.1.1.7', '10.2.2.5', 40000, 502), { fromZone: 'IT', in: 'lan' });
    S.expectVerdict(v, 'deny', F, rule('LAN: block modbus to the cell'));
  });

  it('static routes go via their gateway; the default gateway gives the default route', () => {
    expect(dev.routes.map((r) => `${r.prefix} ${r.nextHop} ${r.interface}`)).toEqual([
      '172.20.0.0/16 10.3.3.254 opt2',
      '0.0.0.0/0 198.51.100.1 wan',
    ]);
  });
});
