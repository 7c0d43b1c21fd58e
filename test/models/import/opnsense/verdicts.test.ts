/**
 * Verdicts of an OPNsense firewall where it differs from pfSense: interface rules may be
 * non-quick (`<quick>0</quick>`, last match) and outbound (`<direction>out</direction>`), the
 * MVC rules (ordered by `sequence`) come before the legacy ones, MVC aliases resolve like
 * legacy ones, `noantilockout` removes the anti-lockout rule. Each verdict cites its `<rule>` line.
 */
import { describe, expect, it } from 'vitest';
import { flow, verdict, vendorSupport } from '../pfsense/support';

const S = vendorSupport('opnsense');
const F = 'mvc-and-legacy.xml';
const dev = S.device(F);
const rule = (descr: string): number => S.ruleLine(F, descr);

describe('OPNsense rule semantics (mvc-and-legacy.xml)', () => {
  it('non-quick interface rules are last match: the later block wins over the earlier pass', () => {
    const v = verdict(dev, flow('tcp', '10.10.3.3', '10.20.0.5', 40000, 3389), { in: 'lan', out: 'opt1' });
    S.expectVerdict(v, 'deny', F, rule('lan non-quick block rdp to OT'));
  });

  it('a non-quick pass decides when no later rule matches', () => {
    const v = verdict(dev, flow('tcp', '10.10.3.3', '8.8.8.8', 40000, 443), { in: 'lan', out: 'wan' });
    S.expectVerdict(v, 'permit', F, rule('lan non-quick pass any'));
  });

  it('an interface rule with direction out filters traffic leaving that interface', () => {
    const v = verdict(dev, flow('tcp', '10.10.3.3', '10.20.0.5', 40000, 5986), { in: 'lan', out: 'opt1' });
    S.expectVerdict(v, 'deny', F, rule('OT out: no WinRM into OT'));
  });

  it('MVC rules come first, in sequence order (not file order)', () => {
    const to = { in: 'lan', out: 'opt1' } as const;
    S.expectVerdict(
      verdict(dev, flow('tcp', '10.10.5.21', '10.20.0.5', 40000, 2404), to),
      'deny',
      F,
      rule('MVC: not the second historian on 2404'),
    );
    S.expectVerdict(
      verdict(dev, flow('tcp', '10.10.5.20', '10.20.0.5', 40000, 2404), to),
      'permit',
      F,
      rule('MVC: historians poll SCADA'),
    );
    S.expectVerdict(
      verdict(dev, flow('tcp', '10.10.5.21', '10.20.0.5', 40000, 502), to),
      'permit',
      F,
      rule('MVC: historians poll SCADA'),
    );
  });

  it('a disabled MVC rule (enabled 0) and a disabled legacy rule are not there', () => {
    const v = verdict(dev, flow('tcp', '10.20.0.9', '8.8.8.8', 40000, 443), { in: 'opt1', out: 'wan' });
    S.expectVerdict(v, 'deny', F, null);
  });

  it('MVC aliases resolve in legacy rules', () => {
    const v = verdict(dev, flow('udp', '10.20.0.9', '10.10.5.21', 40000, 161), { in: 'opt1', out: 'lan' });
    S.expectVerdict(v, 'permit', F, rule('OT to historians (MVC alias)'));
  });

  it('noantilockout: no automatic pass to the LAN address', () => {
    const v = verdict(dev, flow('tcp', '192.168.99.9', '10.10.0.1', 40000, 443), {
      in: 'lan',
      to: 'to-device',
    });
    S.expectVerdict(v, 'deny', F, null);
  });

  it('blockpriv on a DHCP WAN still blocks RFC 1918 sources', () => {
    const v = verdict(dev, flow('tcp', '172.16.5.5', '10.20.0.5', 40000, 443), { in: 'wan', out: 'opt1' });
    S.expectVerdict(v, 'deny', F, S.lineOf(F, '<blockpriv>'));
  });

  it('the vendor is opnsense and the device is named by its host name', () => {
    expect(dev.vendor).toBe('opnsense');
    expect(dev.name).toBe('ot-gw');
  });
});
