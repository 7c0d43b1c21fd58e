/**
 * The shared corpus of real and generated iptables-save files, read in place: each imports,
 * every line is accounted for, every citation quotes its line, and the tricky semantics of the
 * edge-case files come out right.
 */
import { describe, expect, it } from 'vitest';
import type { Device } from '../../../../models/device';
import { importConfig } from '../../../../models/import';
import { parseIptables, splitLines } from '../../../../models/import/iptables';
import { serviceContains } from '../../../../models/net';
import type { Verdict } from '../../../../models/reach';
import {
  corpusNames,
  flow,
  listVerdict,
  misquotedDiagnostics,
  readCorpus,
  renderDevice,
  unaccountedLines,
  verdict,
} from './support';

const NAT_ONLY = 'serverfault-762193-netmap-nat.iptables-save';

function cites(v: Verdict, lines: readonly string[], action: 'permit' | 'deny', line: number | null): void {
  expect({ action: v.action, line: v.rule?.line ?? null }).toEqual({ action, line });
  if (line !== null) expect(v.rule?.text).toBe(lines[line - 1]);
}

describe('every corpus file', () => {
  const names = corpusNames();

  it('is there to test (the corpus is read in place)', () => {
    expect(names.length).toBeGreaterThanOrEqual(11);
  });

  it.each(names)('%s imports as iptables with one device', (name) => {
    const result = importConfig({ name, text: readCorpus(name) });
    expect(result.vendor).toBe('iptables');
    expect(result.devices).toHaveLength(1);
    const dev = result.devices[0]!;
    expect(dev.file).toBe(name);
    if (name === NAT_ONLY) {
      expect(dev.lists.size).toBe(0);
      expect(dev.bindings).toEqual([]);
      expect(dev.nat.length).toBeGreaterThan(0);
    } else {
      expect(dev.lists.get('filter/FORWARD')).toBeDefined();
    }
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each(names)('%s accounts for every line', (name) => {
    const text = readCorpus(name);
    const lines = splitLines(text);
    const parsed = parseIptables(name, text, lines);
    const result = importConfig({ name, text });
    expect(parsed.lineKinds).toHaveLength(lines.length);
    expect([...parsed.lineKinds].some((k) => k === 0)).toBe(false);
    expect(unaccountedLines(lines, parsed.lineKinds, result.diagnostics)).toEqual([]);
    expect(misquotedDiagnostics(name, lines, result.diagnostics)).toEqual([]);
  });

  it.each(names)('%s cites each rule by its exact line', (name) => {
    const lines = splitLines(readCorpus(name));
    const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;
    const refs = [
      ...[...dev.lists.values()].flatMap((l) => [
        ...l.rules.map((r) => r.source),
        ...(l.source ? [l.source] : []),
      ]),
      ...dev.nat.map((n) => n.source),
    ];
    for (const ref of refs) {
      expect(ref.file).toBe(name);
      expect(ref.text).toBe(lines[ref.line - 1]);
    }
  });

  it('the nat-only file still gives a device, which filters nothing', () => {
    const dev = importConfig({ name: NAT_ONLY, text: readCorpus(NAT_ONLY) }).devices[0]!;
    const v = verdict(dev, flow('tcp', '10.0.0.2', '192.168.21.5', 40000, 80), { in: 'eth0', out: 'eth1' });
    expect([v.action, v.reason]).toEqual(['permit', 'unfiltered']);
    expect(v.uncertain).toEqual([]);
    expect(
      verdict(dev, flow('tcp', '10.0.0.2', '192.168.121.5', 40000, 80), {
        in: 'eth0',
        out: 'eth1',
      }).uncertain.join(' '),
    ).toMatch(/nat\/PREROUTING#1/);
  });
});

describe('fffuu parser edge cases', () => {
  const name = 'fffuu-parser-test-edge-cases.iptables-save';
  const lines = splitLines(readCorpus(name));
  const dev = importConfig({ name, text: readCorpus(name) }).devices[0]!;
  // Lines 13-18 accept or drop every new connection; blanked (numbering kept) so that the
  // rules after them can be reached through FORWARD.
  const deep: Device = importConfig({
    name,
    text: lines.map((l, i) => (i >= 12 && i <= 17 ? '' : l)).join('\n'),
  }).devices[0]!;
  const ask = (i: string, o = 'eth1') => ({ in: i, out: o });

  it('converts without diagnostics', () => {
    expect(importConfig({ name, text: readCorpus(name) }).diagnostics).toEqual([]);
  });

  it('a NEW connection is decided by line 14 (tcp) or line 15 (anything else)', () => {
    cites(verdict(dev, flow('tcp', '10.0.0.1', '10.0.0.2', 40000, 8080), ask('eth0')), lines, 'permit', 14);
    cites(verdict(dev, flow('udp', '10.0.0.1', '10.0.0.2', 40000, 53), ask('eth0')), lines, 'deny', 15);
    cites(verdict(dev, flow('tcp', '127.0.0.5', '10.0.0.2', 40000, 80), ask('eth0')), lines, 'deny', 11);
  });

  it('! -i eth+ drops what enters on a non-eth interface', () => {
    cites(verdict(deep, flow('tcp', '131.159.1.1', '10.0.0.2', 40000, 80), ask('wlan0')), lines, 'deny', 19);
  });

  it('a jumped-to chain that falls through returns to FORWARD', () => {
    cites(verdict(deep, flow('tcp', '100.0.0.5', '10.0.0.2', 40000, 22), ask('eth0')), lines, 'permit', 32);
    cites(verdict(deep, flow('tcp', '100.0.0.5', '10.0.0.2', 40000, 0), ask('eth0')), lines, 'deny', 21);
  });

  it('multiport 873:874 includes both ends', () => {
    for (const [port, line] of [
      [872, 49],
      [873, 26],
      [874, 26],
      [875, 49],
    ] as const) {
      cites(
        verdict(deep, flow('tcp', '131.159.1.1', '127.0.0.5', 40000, port), ask('eth0')),
        lines,
        'deny',
        line,
      );
    }
  });

  it('! --dst-range RETURNs out of FORWARD to its DROP policy; inside the range -g Terminal decides', () => {
    cites(verdict(deep, flow('udp', '131.159.1.1', '10.0.0.9', 40000, 5000), ask('eth0')), lines, 'deny', 4);
    cites(
      verdict(deep, flow('udp', '131.159.1.1', '127.0.10.0', 40000, 5000), ask('eth0')),
      lines,
      'deny',
      49,
    );
    cites(
      verdict(deep, flow('udp', '131.159.1.1', '127.0.10.1', 40000, 5000), ask('eth0')),
      lines,
      'deny',
      4,
    );
    cites(
      verdict(deep, flow('udp', '131.159.1.1', '127.0.0.1', 53, 5000), ask('eth0', 'eth9')),
      lines,
      'deny',
      47,
    );
    cites(
      verdict(deep, flow('udp', '131.159.1.1', '127.0.0.1', 40000, 5000), ask('eth0', 'eth1.152')),
      lines,
      'permit',
      24,
    );
    cites(
      verdict(deep, flow('udp', '131.159.1.1', '127.0.0.1', 40000, 4999), ask('eth0', 'eth1.152')),
      lines,
      'deny',
      49,
    );
  });

  it('-A LOGDROP with no target continues to the DROP after it', () => {
    cites(
      listVerdict(dev, 'filter/LOGDROP', flow('tcp', '192.168.0.1', '10.0.0.2', 40000, 80)),
      lines,
      'deny',
      46,
    );
  });

  it('--icmp-type 3/4 matches that code; a quoted "!" comment is no negation', () => {
    const icmp = (type: number, code: number) =>
      listVerdict(dev, 'filter/DOS~Pro-t_ect', flow('icmp', '10.0.0.1', '10.0.0.2', code, type));
    cites(icmp(3, 4), lines, 'permit', 35);
    cites(icmp(3, 3), lines, 'permit', 36);
    cites(icmp(8, 0), lines, 'permit', 36);
  });

  it('RETURN in a chain evaluated on its own falls out without a decision', () => {
    const v = listVerdict(dev, 'filter/DOS~Pro-t_ect', flow('udp', '10.0.0.1', '10.0.0.2', 40000, 53));
    expect([v.action, v.reason, v.rule]).toEqual(['deny', 'no-match', null]);
  });

  it('! --sport 67:68 ! --dport 67:68 leaves out both ends of both ranges (line 44, behind a udp RETURN)', () => {
    const rule = dev.lists.get('filter/DOS~Pro-t_ect')!.rules[12]!;
    expect(rule.source.line).toBe(44);
    const has = (sport: number, dport: number) => serviceContains(rule.match.service, 17, sport, dport);
    expect([has(66, 69), has(67, 1000), has(68, 1000), has(1000, 67), has(1000, 68), has(69, 66)]).toEqual([
      true,
      false,
      false,
      false,
      false,
      true,
    ]);
    expect(rule.match.inInterface).toEqual({ names: ['vocb'], negate: false });
  });
});

describe('topoS factory network', () => {
  const generated = 'topos-imaginary-factory-network.iptables-save';
  const kernel = 'topos-imaginary-factory-network.by-linux-kernel.iptables-save';
  const load = (name: string) => importConfig({ name, text: readCorpus(name) });

  it('the generated file (with -I) and the kernel dump convert to the same rule sequence', () => {
    const matches = (name: string) => {
      const out = renderDevice(load(name)) as {
        devices: Array<{ lists: Array<{ name: string; rules: Array<Record<string, unknown>> }> }>;
      };
      return out.devices[0]!.lists.find((l) => l.name === 'filter/FORWARD')!.rules.map(
        ({ id: _id, line: _line, ...rest }) => rest,
      );
    };
    expect(matches(generated)).toEqual(matches(kernel));
    expect(matches(generated)).toHaveLength(20);
  });

  it('permits the sensor flows and denies the reverse, citing the rule or the policy', () => {
    const lines = splitLines(readCorpus(generated));
    const dev = load(generated).devices[0]!;
    cites(
      verdict(dev, flow('udp', '10.0.1.2', '10.0.0.2', 40000, 9000), { in: 'Webcam', out: 'SensorSink' }),
      lines,
      'permit',
      6,
    );
    cites(
      verdict(dev, flow('udp', '10.0.0.2', '10.0.1.2', 40000, 9000), { in: 'SensorSink', out: 'Webcam' }),
      lines,
      'deny',
      3,
    );
    cites(
      verdict(dev, flow('udp', '10.0.1.2', '10.0.0.2', 40000, 9000), { in: 'Bot1', out: 'SensorSink' }),
      lines,
      'deny',
      3,
    );
  });
});

describe('other corpus semantics', () => {
  const load = (name: string) => ({
    lines: splitLines(readCorpus(name)),
    dev: importConfig({ name, text: readCorpus(name) }).devices[0]!,
  });

  it('batfish host1 accepts DNS and SSH to itself and drops the rest by policy', () => {
    const { lines, dev } = load('batfish-example-host1.iptables');
    cites(
      verdict(dev, flow('udp', '2.128.0.5', '2.128.0.101', 40000, 53), { in: 'eth0', to: 'to-device' }),
      lines,
      'permit',
      15,
    );
    cites(
      verdict(dev, flow('tcp', '2.128.0.5', '2.128.0.101', 40000, 22), { in: 'eth0', to: 'to-device' }),
      lines,
      'permit',
      16,
    );
    cites(
      verdict(dev, flow('tcp', '2.128.0.5', '2.128.0.101', 40000, 80), { in: 'eth0', to: 'to-device' }),
      lines,
      'deny',
      12,
    );
  });

  it('batfish host2 drops what it sends to 2.128.0.101', () => {
    const { lines, dev } = load('batfish-example-host2.iptables');
    cites(
      verdict(dev, flow('tcp', '2.128.0.102', '2.128.0.101', 40000, 22), { out: 'eth0', to: 'from-device' }),
      lines,
      'deny',
      16,
    );
    cites(
      verdict(dev, flow('tcp', '2.128.0.102', '2.128.0.100', 40000, 22), { out: 'eth0', to: 'from-device' }),
      lines,
      'permit',
      14,
    );
  });

  it('aerleon speedway permits SSH from RFC 1918 through a jumped-to chain, and drops the rest by policy', () => {
    const { lines, dev } = load('aerleon-sample-speedway.iptables-restore');
    cites(
      verdict(dev, flow('tcp', '172.20.0.1', '198.51.100.1', 40000, 22), { in: 'eth0', to: 'to-device' }),
      lines,
      'permit',
      23,
    );
    cites(
      verdict(dev, flow('tcp', '8.8.8.8', '198.51.100.1', 40000, 22), { in: 'eth0', to: 'to-device' }),
      lines,
      'deny',
      11,
    );
    cites(
      verdict(dev, flow('tcp', '10.0.0.1', '10.0.0.2', 40000, 22), { in: 'eth0', out: 'eth1' }),
      lines,
      'deny',
      61,
    );
  });

  it('openlab forwards bridged traffic on an uncertain physdev rule, and says so', () => {
    const { lines, dev } = load('openlab-augsburg-router.iptables-save');
    const v = verdict(dev, flow('tcp', '10.11.0.5', '10.10.0.5', 40000, 445), { in: 'eth5', out: 'br0' });
    cites(v, lines, 'permit', 85);
    expect(v.uncertain.join(' ')).toMatch(/physdev/);
  });
});
