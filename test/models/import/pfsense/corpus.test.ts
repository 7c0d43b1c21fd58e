/**
 * The shared pfSense corpus, read in place, and what its real configurations say: the GUI's
 * default LAN rules, floating non-quick rules, (self), port forwards with associated rules.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { describeCorpus } from './corpus-suite';
import { flow, splitLines, verdict, vendorSupport } from './support';

describeCorpus('pfsense', 5);

const S = vendorSupport('pfsense');
const load = (name: string) => {
  const text = S.readCorpus(name);
  return { lines: splitLines(text), dev: importConfig({ name, text }).devices[0]! };
};
const ruleAbove = (lines: readonly string[], needle: string): number => {
  let at = lines.findIndex((l) => l.includes(needle));
  while (at >= 0 && !lines[at]!.trim().startsWith('<rule')) at--;
  return at + 1;
};

describe('pfsense-factory-default-config.xml', () => {
  const { lines, dev } = load('pfsense-factory-default-config.xml');

  it('LAN to any is passed by the default rule (IPv4 and IPv6), WAN in is denied by default', () => {
    const v4 = verdict(dev, flow('tcp', '192.168.1.10', '8.8.8.8', 40000, 443), { in: 'lan', out: 'wan' });
    expect(v4.action).toBe('permit');
    expect(v4.rule?.line).toBe(ruleAbove(lines, 'Default allow LAN to any rule'));
    expect(v4.rule?.text).toBe(lines[v4.rule!.line - 1]);
    // tcp/22: the LAN's IPv6 address is tracked (track6), so the anti-lockout rule (tcp 80, 443 to
    // it) may match any IPv6 destination on those ports, and would be cited first (uncertain).
    const v6 = verdict(dev, flow('tcp', '2001:db8::5', '2001:db8:9::1', 40000, 22), {
      in: 'lan',
      out: 'wan',
    });
    expect(v6.action).toBe('permit');
    expect(v6.rule?.line).toBe(ruleAbove(lines, 'Default allow LAN IPv6 to any rule'));
    const wan = verdict(dev, flow('tcp', '8.8.8.8', '192.168.1.10', 40000, 22), { in: 'wan', out: 'lan' });
    expect(wan.action).toBe('deny');
  });

  it('the anti-lockout rule passes the webGUI to the LAN address from a host outside the LAN subnet', () => {
    const v = verdict(dev, flow('tcp', '10.99.0.1', '192.168.1.1', 40000, 443), {
      in: 'lan',
      to: 'to-device',
    });
    expect(v.action).toBe('permit');
    expect(v.rule?.text.trim()).toBe('<webgui>');
  });

  it('blockpriv on the DHCP WAN blocks RFC 1918 sources', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.1', '192.168.1.10', 40000, 22), { in: 'wan', out: 'lan' });
    expect(v.action).toBe('deny');
    expect(v.rule?.text.trim()).toBe('<blockpriv/>');
  });
});

describe('opndossier-pfsense-2.4-config.xml', () => {
  const { lines, dev } = load('opndossier-pfsense-2.4-config.xml');

  it('the WAN passes the port-forwarded web server (associated filter rule, translated address)', () => {
    const v = verdict(dev, flow('tcp', '203.0.113.9', '10.0.2.2', 40000, 443), { in: 'wan', out: 'opt4' });
    expect(v.action).toBe('permit');
    expect(v.rule?.line).toBe(ruleAbove(lines, 'NAT HTTPS to webserver'));
  });

  it('LAN DNS to any firewall address is blocked by the (self) rule, and the rule line is cited', () => {
    const v = verdict(dev, flow('udp', '192.168.1.20', '10.0.3.1', 40000, 53), {
      in: 'lan',
      to: 'to-device',
    });
    expect(v.action).toBe('deny');
    expect(v.rule?.text.trim()).toBe('<rule>');
    expect(lines.slice(v.rule!.line, v.rule!.line + 30).join('\n')).toContain('(self)');
  });

  it('the tagged non-quick floating block on WAN is uncertain and does not decide', () => {
    const v = verdict(dev, flow('tcp', '192.168.1.20', '8.8.8.8', 40000, 443), { in: 'lan', out: 'wan' });
    expect(v.action).toBe('permit');
    expect(v.rule?.line).toBe(ruleAbove(lines, 'Send LAN over MULLVAD2'));
    expect(v.uncertain.join(' ')).toContain('MULLVAD_NO_WAN_EGRESS');
  });
});

describe('opndossier-pfsense-aliases.xml', () => {
  const { lines, dev } = load('opndossier-pfsense-aliases.xml');

  it('a host alias and a port alias decide the WAN rule; the undefined lan network is uncertain', () => {
    const v = verdict(dev, flow('tcp', '10.20.30.41', '192.168.1.5', 40000, 443), { in: 'wan' });
    expect(v.action).toBe('permit');
    expect(v.rule?.line).toBe(lines.findIndex((l) => l.includes('<rule>')) + 1);
    const other = verdict(dev, flow('tcp', '10.20.30.42', '192.168.1.5', 40000, 443), { in: 'wan' });
    expect(other.action).toBe('deny');
  });
});

describe('opndossier-pfsense-2.6-config.xml (no <ipv6allow>)', () => {
  const { lines, dev } = load('opndossier-pfsense-2.6-config.xml');

  it('"Allow IPv6" is off: every IPv6 flow is blocked first, citing <system>', () => {
    const v = verdict(dev, flow('tcp', '2001:db8::5', '2001:db8:9::1', 40000, 443), {
      in: 'lan',
      out: 'wan',
    });
    expect(v.action).toBe('deny');
    expect(v.rule?.text.trim()).toBe('<system>');
    expect(v.rule?.text).toBe(lines[v.rule!.line - 1]);
    const v4 = verdict(dev, flow('tcp', '8.8.8.8', '192.168.1.1', 40000, 443), {
      in: 'lan',
      to: 'to-device',
    });
    expect(v4.action).toBe('permit');
  });
});
