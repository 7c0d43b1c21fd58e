/**
 * The shared corpus of nftables rulesets (text and `nft -j` JSON), read in place: each imports,
 * every line is accounted for, every citation quotes its line, the JSON form of nftables-init
 * gives the same verdicts as its text form, and the OpenWrt fw4 rulesets decide as fw4 means.
 */
import { describe, expect, it } from 'vitest';
import type { Device } from '../../../../models/device';
import { importConfig } from '../../../../models/import';
import type { Flow } from '../../../../models/net';
import type { Verdict } from '../../../../models/reach';
import { lineContaining } from '../shared/corpus';
import {
  type Ask,
  corpusNames,
  flow,
  misquotedDiagnostics,
  readCorpus,
  splitLines,
  unaccountedLines,
  verdict,
} from './support';

const load = (name: string): { dev: Device; lines: string[] } => {
  const text = readCorpus(name);
  return { dev: importConfig({ name, text }).devices[0]!, lines: splitLines(text) };
};

function cites(v: Verdict, lines: readonly string[], action: 'permit' | 'deny', line: number | null): void {
  expect({ action: v.action, line: v.rule?.line ?? null }).toEqual({ action, line });
  if (line !== null) expect(v.rule?.text).toBe(lines[line - 1]);
}

describe('every corpus file', () => {
  const names = corpusNames();

  it('is there to test (the corpus is read in place)', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
  });

  it.each(names)('%s imports as nftables with one device and no error', (name) => {
    const result = importConfig({ name, text: readCorpus(name) });
    expect(result.vendor).toBe('nftables');
    expect(result.devices).toHaveLength(1);
    expect(result.devices[0]!.file).toBe(name);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each(names)('%s accounts for every line and quotes each one it cites', (name) => {
    const text = readCorpus(name);
    const lines = splitLines(text);
    const result = importConfig({ name, text });
    expect(unaccountedLines(name, text, result.diagnostics)).toEqual([]);
    expect(misquotedDiagnostics(name, lines, result.diagnostics)).toEqual([]);
    const dev = result.devices[0]!;
    const refs = [
      ...[...dev.lists.values()].flatMap((l) => [
        ...l.rules.map((r) => r.source),
        ...(l.source ? [l.source] : []),
        ...(l.fallThrough.kind === 'default' && l.fallThrough.source ? [l.fallThrough.source] : []),
      ]),
      ...dev.nat.map((n) => n.source),
    ];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.file).toBe(name);
      expect(ref.text).toBe(lines[ref.line - 1]);
    }
  });
});

describe('nftables-init: the JSON form decides as the text form', () => {
  const text = load('nftables-init.nft');
  const json = load('nftables-init.list-ruleset.json');

  /** Flows around every rule of the two base chains. */
  function flows(): Array<{ f: Flow; ask: Ask }> {
    const out: Array<{ f: Flow; ask: Ask }> = [];
    const srcs = ['10.11.12.13', '12.34.56.75', '172.16.9.9', '192.0.2.1', '127.0.0.1', '2001:db8::1', '::1'];
    const dsts = ['8.8.8.8', '8.8.4.4', '127.0.0.1', '198.51.100.7', '2001:db8::2', '::1'];
    const services: Array<[string, number, number]> = [
      ['tcp', 40000, 22],
      ['tcp', 40000, 80],
      ['tcp', 40000, 443],
      ['tcp', 40000, 53],
      ['tcp', 40000, 25],
      ['tcp', 40000, 587],
      ['tcp', 40000, 8080],
      ['udp', 40000, 53],
      ['udp', 40000, 67],
      ['udp', 40000, 443],
      ['udp', 40000, 5353],
      ['icmp', 0, 8],
      ['icmp', 0, 3],
      ['icmp', 0, 0],
      ['ipv6-icmp', 0, 128],
      ['ipv6-icmp', 0, 1],
      ['ipv6-icmp', 0, 135],
      ['gre', 0, 0],
    ];
    for (const s of srcs)
      for (const d of dsts) {
        if (s.includes(':') !== d.includes(':')) continue;
        for (const [p, sp, dp] of services) {
          if ((p === 'icmp' && s.includes(':')) || (p === 'ipv6-icmp' && !s.includes(':'))) continue;
          for (const ask of [
            { to: 'to-device', in: 'eth0' },
            { to: 'to-device', in: 'lo' },
            { to: 'to-device' },
            { to: 'from-device', out: 'eth0' },
            { to: 'from-device', out: 'lo' },
            { to: 'transit', in: 'eth0', out: 'eth1' },
          ] as Ask[])
            out.push({ f: flow(p, s, d, sp, dp), ask });
        }
      }
    return out;
  }

  it('gives the same verdict, reason, uncertainty and rule for every flow, each citing its own file', () => {
    let decidedByRule = 0;
    for (const { f, ask } of flows()) {
      const a = verdict(text.dev, f, ask);
      const b = verdict(json.dev, f, ask);
      const what = `${JSON.stringify(ask)} ${f.proto} ${String(f.src.value)} -> ${String(f.dst.value)} :${f.dport}`;
      expect([b.action, b.reason, b.ruleId, b.uncertain.length > 0], what).toEqual([
        a.action,
        a.reason,
        a.ruleId,
        a.uncertain.length > 0,
      ]);
      if (a.rule !== null) {
        expect(a.rule.text).toBe(text.lines[a.rule.line - 1]);
        expect(b.rule!.text).toBe(json.lines[b.rule!.line - 1]);
        if (a.ruleId !== null) {
          decidedByRule++;
          expect(b.rule!.text.trim()).toBe('"rule": {');
        }
      }
    }
    expect(decidedByRule).toBeGreaterThan(100);
  });

  it('a new ssh connection to the device is accepted by the tcp dport { ssh, http, https } rule', () => {
    for (const { dev, lines } of [text]) {
      const v = verdict(dev, flow('tcp', '192.0.2.1', '10.0.0.1', 40000, 22), {
        to: 'to-device',
        in: 'eth0',
      });
      cites(v, lines, 'permit', lineContaining(lines, 'nftables-init.nft', 'tcp dport { ssh, http, https }'));
      expect(v.uncertain.join(' ')).toMatch(/blackhole/);
    }
  });

  it('mail to anywhere but the local relay is dropped on output; DNS only to Google', () => {
    const { dev, lines } = text;
    const name = 'nftables-init.nft';
    cites(
      verdict(dev, flow('tcp', '10.0.0.1', '198.51.100.7', 40000, 587), { to: 'from-device', out: 'eth0' }),
      lines,
      'deny',
      lineContaining(lines, name, 'ip daddr != $mailout'),
    );
    cites(
      verdict(dev, flow('udp', '10.0.0.1', '8.8.8.8', 40000, 53), { to: 'from-device', out: 'eth0' }),
      lines,
      'permit',
      lineContaining(lines, name, 'udp dport 53 ip daddr $google_dns accept'),
    );
    // The output policy is accept: DNS elsewhere falls through to it.
    const v = verdict(dev, flow('udp', '10.0.0.1', '9.9.9.9', 40000, 53), { to: 'from-device', out: 'eth0' });
    expect([v.action, v.reason]).toEqual(['permit', 'default']);
  });

  it('the input chain tcp flags rules do not drop the SYN of a new connection', () => {
    const v = verdict(text.dev, flow('tcp', '192.0.2.1', '10.0.0.1', 40000, 443), {
      to: 'to-device',
      in: 'eth0',
    });
    expect(v.trace.some((s) => /SCANNER|NOT SYN/.test(s.source?.text ?? ''))).toBe(false);
    expect(v.action).toBe('permit');
  });

  it('the nat table redirects are recorded as destination NAT', () => {
    expect(text.dev.nat.map((n) => [n.kind, n.translates, n.source.line])).toEqual([
      ['redirect', 'destination', lineContaining(text.lines, 'x', '        redirect')],
      ['redirect', 'destination', lineContaining(text.lines, 'x', 'tcp dport 21 redirect to 21212')],
    ]);
    expect(json.dev.nat.map((n) => [n.kind, n.to])).toEqual(text.dev.nat.map((n) => [n.kind, n.to]));
  });
});

describe('OpenWrt fw4 default ruleset', () => {
  const name = 'openwrt-fw4-default-ruleset.nft';
  const { dev, lines } = load(name);
  const line = (needle: string): number => lineContaining(lines, name, needle);

  it('forwards lan to wan, citing the accept of accept_to_wan', () => {
    cites(
      verdict(dev, flow('tcp', '192.168.1.10', '203.0.113.5', 40000, 443), {
        in: 'br-lan',
        out: 'pppoe-wan',
      }),
      lines,
      'permit',
      line('oifname "pppoe-wan" counter accept'),
    );
  });

  it('rejects wan to lan in handle_reject (tcp reset, anything else port-unreachable)', () => {
    cites(
      verdict(dev, flow('tcp', '203.0.113.5', '192.168.1.10', 40000, 22), { in: 'pppoe-wan', out: 'br-lan' }),
      lines,
      'deny',
      line('meta l4proto tcp reject with tcp reset'),
    );
    cites(
      verdict(dev, flow('udp', '203.0.113.5', '192.168.1.10', 40000, 53), { in: 'pppoe-wan', out: 'br-lan' }),
      lines,
      'deny',
      line('reject with icmpx type port-unreachable'),
    );
  });

  it('accepts IPsec ESP from wan to lan, and pings to the router from wan', () => {
    cites(
      verdict(dev, flow('esp', '203.0.113.5', '192.168.1.10'), { in: 'pppoe-wan', out: 'br-lan' }),
      lines,
      'permit',
      line('oifname "br-lan" counter accept'),
    );
    cites(
      verdict(dev, flow('icmp', '203.0.113.5', '192.168.1.1', 0, 8), { to: 'to-device', in: 'pppoe-wan' }),
      lines,
      'permit',
      line('Allow-Ping'),
    );
  });

  it('an IPv6 ping to the router is not taken by the IPv4-only Allow-Ping rule', () => {
    const v = verdict(dev, flow('ipv6-icmp', '2001:db8::5', '2001:db8::1', 0, 128), {
      to: 'to-device',
      in: 'pppoe-wan',
    });
    expect(v.rule?.line).toBe(line('meta nfproto ipv6 icmpv6 type { 128, 129, 1, 3, 133, 134 }'));
    expect(v.uncertain.join(' ')).toMatch(/rate limit/);
  });

  it('a new TCP connection to the router from wan is rejected, after the syn_flood rate limit', () => {
    const v = verdict(dev, flow('tcp', '203.0.113.5', '192.168.1.1', 40000, 22), {
      to: 'to-device',
      in: 'pppoe-wan',
    });
    expect(v.action).toBe('deny');
    expect(v.trace.some((s) => s.list === 'inet/fw4/syn_flood')).toBe(true);
  });

  it('masquerades IPv4 leaving on wan', () => {
    expect(dev.nat.map((n) => [n.kind, n.match.outInterface?.names])).toEqual([
      ['masquerade', ['pppoe-wan']],
    ]);
  });
});

describe('OpenWrt fw4 port redirects', () => {
  const name = 'openwrt-fw4-port-redirects.nft';
  const { dev, lines } = load(name);

  it('records exact DNAT rewrites for port forwards', () => {
    const n = dev.nat.find((x) => x.source.line === lineContaining(lines, name, 'Redirect test #3"'))!;
    expect([n.kind, n.translates, n.rewrite]).toEqual([
      'dnat',
      'destination',
      { address: '192.168.26.100', port: 22 },
    ]);
  });

  it('marks a transit flow that a DNAT may translate as uncertain', () => {
    const v = verdict(dev, flow('tcp', '203.0.113.5', '10.11.12.194', 40000, 22), {
      in: 'pppoe-wan',
      out: 'br-lan',
    });
    expect(v.uncertain.join(' ')).toMatch(/destination NAT/);
  });
});
