import type { Route } from '../../../models/device';
import { sourceRef } from '../../../models/diagnostics';
import { generateSiteModel } from '../../../bench/generate-site';
import { importConfig } from '../../../models/import';
import { type Flow, parseAddress, parseProtocol } from '../../../models/net';
import { type HostNetworking, type Network, buildNetwork } from '../../../models/topology';
import type { AssetRecord, SiteFile } from '../../../models/topology/inputs/types';

/** A Linux firewall for tests: iptables-save text, interfaces `name=cidr`, routes `prefix via hop`. */
export interface TestFirewall {
  readonly name: string;
  readonly rules: string;
  /** Interface name -> its address, or its addresses (primary first). */
  readonly interfaces: Readonly<Record<string, string | readonly string[]>>;
  readonly routes?: readonly string[];
}

export function testSite(
  firewalls: readonly TestFirewall[],
  assets: readonly AssetRecord[] = [],
  site: SiteFile | null = null,
): Network {
  const devices = [];
  const host = new Map<string, HostNetworking>();
  for (const fw of firewalls) {
    const file = `${fw.name}.iptables-save`;
    const r = importConfig({ name: file, text: fw.rules });
    if (r.devices.length !== 1) throw new Error(`${file}: ${JSON.stringify(r.diagnostics)}`);
    const d = { ...r.devices[0]!, name: fw.name };
    devices.push(d);
    const routes: Route[] = (fw.routes ?? []).map((text, i) => {
      const [prefix, , hop] = text.split(' ');
      return { prefix: prefix!, nextHop: hop!, source: sourceRef(`${fw.name}.ip-route`, i + 1, text) };
    });
    host.set(fw.name, {
      interfaces: Object.entries(fw.interfaces).map(([name, cidr], i) => ({
        name,
        addresses: typeof cidr === 'string' ? [cidr] : [...cidr],
        loopback: false,
        source: sourceRef(`${fw.name}.ip-addr`, i + 1, `${name} ${String(cidr)}`),
      })),
      routes,
      diagnostics: [],
    });
  }
  return buildNetwork({ devices, hostNetworking: host, assets, site });
}

export function flow(proto: string, src: string, dst: string, dport = 0, sport = 49152): Flow {
  const s = parseAddress(src);
  const d = parseAddress(dst);
  if (!s.ok || !d.ok) throw new Error('bad address');
  return { proto: parseProtocol(proto)!, src: s.value, dst: d.value, sport, dport };
}

export function asset(ip: string, name: string, extra: Partial<AssetRecord> = {}): AssetRecord {
  return { ip, name, services: [], extra: {}, source: sourceRef('assets.csv', 1, ip), ...extra };
}

export const filter = (forward: string, policy = 'DROP'): string =>
  `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ${policy} [0:0]\n:OUTPUT ACCEPT [0:0]\n${forward}${forward.endsWith('\n') || forward === '' ? '' : '\n'}COMMIT\n`;

/**
 * A small site of the benchmark's shape (bench/generate-site: firewalls in a star, two segments
 * each, rules, assets); `unsure` firewalls get a rule with an undecidable match first, and
 * `routeless` ones lose their routes (their egress is then assumed).
 */
export function benchShapedSite(o: {
  seed: number;
  firewalls: number;
  rules: number;
  assets: number;
  hostShare: number;
  unsure?: readonly number[];
  routeless?: readonly number[];
}): Network {
  const g = generateSiteModel({
    seed: o.seed,
    firewalls: o.firewalls,
    segmentsPerFirewall: 2,
    rulesPerFirewall: o.rules,
    assets: o.assets,
    hostShare: o.hostShare,
  });
  const devices = g.configs.flatMap((c, i) => {
    // `-m mark` cannot be decided from a flow: evaluateDevice notes the rule as uncertain.
    const text = o.unsure?.includes(i)
      ? c.text.replace(
          '-A FORWARD -m conntrack',
          '-A FORWARD -m mark --mark 0x1 -j ACCEPT\n-A FORWARD -m conntrack',
        )
      : c.text;
    return importConfig({ name: c.name, text }).devices.map((d) => ({ ...d, name: c.name.split('.')[0]! }));
  });
  const hostNetworking = new Map(
    [...g.hostNetworking].map(([name, h]) => [
      name,
      o.routeless?.includes(Number(name.slice(2))) ? { ...h, routes: [] } : h,
    ]),
  );
  return buildNetwork({ devices, hostNetworking, assets: g.assets, site: g.site });
}
