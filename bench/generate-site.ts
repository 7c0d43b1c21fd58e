/**
 * A seeded synthetic industrial site for the site-model benchmark: an edge firewall to the
 * internet, a core transit segment, and N-1 firewalls each guarding S inside segments (/22),
 * grouped into zones by Purdue level (IT, DMZ, operations, OT cells); assets spread over the
 * segments; each firewall an iptables FORWARD chain (policy DROP) of rules on segments, /16
 * blocks and single hosts, ports from an OT-flavoured vocabulary, some interface matches.
 */
import { sourceRef } from '../models/diagnostics';
import type { AssetRecord, HostNetworking, SiteFile, SiteZone } from '../models/topology';
import { rng } from './generate-iptables';

export interface SiteOptions {
  readonly seed: number;
  readonly firewalls: number;
  readonly segmentsPerFirewall: number;
  readonly rulesPerFirewall: number;
  readonly assets: number;
  /** Share of rule addresses that are single hosts (assets). */
  readonly hostShare: number;
}

export interface GeneratedSiteModel {
  readonly configs: { name: string; text: string }[];
  readonly hostNetworking: Map<string, HostNetworking>;
  readonly assets: AssetRecord[];
  readonly site: SiteFile;
  readonly rules: number;
}

const PORTS = [
  22, 23, 80, 102, 135, 139, 443, 445, 502, 1433, 2222, 2404, 3389, 4840, 5900, 5985, 5986, 8080, 20000,
  44818, 47808, 53, 123, 161, 514,
];

const ZONE_PLAN: readonly {
  name: string;
  level: 0 | 1 | 2 | 3 | 3.5 | 4;
  kind: 'it' | 'ot' | 'dmz';
  share: number;
}[] = [
  { name: 'corporate', level: 4, kind: 'it', share: 0.2 },
  { name: 'dmz', level: 3.5, kind: 'dmz', share: 0.1 },
  { name: 'operations', level: 3, kind: 'ot', share: 0.3 },
  { name: 'control', level: 2, kind: 'ot', share: 0.25 },
  { name: 'cell', level: 1, kind: 'ot', share: 0.15 },
];

const ip = (a: number, b: number, c: number, d: number): string => `${a}.${b}.${c}.${d}`;

export function generateSiteModel(o: SiteOptions): GeneratedSiteModel {
  const rand = rng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const fws = o.firewalls;
  const segs: { prefix: string; fw: number; octet2: number; octet3: number }[] = [];
  for (let i = 1; i < fws; i++)
    for (let k = 0; k < o.segmentsPerFirewall; k++)
      segs.push({ prefix: `${ip(10, i, 4 * k, 0)}/22`, fw: i, octet2: i, octet3: 4 * k });

  // Assets: spread evenly; host part avoids .0-.9 of the first /24 (gateway addresses).
  const assets: AssetRecord[] = [];
  for (let n = 0; n < o.assets; n++) {
    const s = segs[n % segs.length]!;
    const slot = Math.floor(n / segs.length);
    const third = s.octet3 + Math.floor((slot + 10) / 250);
    const fourth = ((slot + 10) % 250) + 2;
    const addr = ip(10, s.octet2, third, fourth);
    assets.push({
      ip: addr,
      name: `a${n}`,
      services: [],
      extra: {},
      source: sourceRef('assets.csv', n + 2, addr),
    });
  }
  const hostPool = assets.length > 0 ? assets : [];

  // Zones by firewall group.
  const zones: SiteZone[] = [];
  let start = 1;
  ZONE_PLAN.forEach((z, idx) => {
    const count = idx === ZONE_PLAN.length - 1 ? fws - start : Math.max(1, Math.round((fws - 1) * z.share));
    const members: string[] = [];
    for (let i = start; i < Math.min(fws, start + count); i++) members.push(`${ip(10, i, 0, 0)}/16`);
    start += count;
    zones.push({
      name: z.name,
      level: z.level,
      kind: z.kind,
      segments: members,
      interfaces: [],
      deviceZones: [],
      source: sourceRef('site.yaml', idx + 1, z.name),
    });
  });

  const localHosts = new Map<number, AssetRecord[]>();
  for (const a of assets) {
    const fw = Number(a.ip.split('.')[1]);
    localHosts.set(fw, [...(localHosts.get(fw) ?? []), a]);
  }
  /** A rule address: a host, a segment, a firewall's /16 or any; `fw` > 0 keeps it behind that firewall. */
  const addressChoice = (fw: number): string => {
    const r = rand();
    const hosts = fw > 0 ? (localHosts.get(fw) ?? []) : hostPool;
    const segsHere = fw > 0 ? segs.filter((x) => x.fw === fw) : segs;
    if (r < o.hostShare && hosts.length > 0) return `${pick(hosts).ip}/32`;
    if (r < o.hostShare + 0.45) return pick(segsHere).prefix;
    if (r < o.hostShare + 0.7) return `${ip(10, fw > 0 ? fw : 1 + Math.floor(rand() * (fws - 1)), 0, 0)}/16`;
    return '';
  };

  const configs: { name: string; text: string }[] = [];
  const hostNetworking = new Map<string, HostNetworking>();
  let rules = 0;
  for (let i = 0; i < fws; i++) {
    const name = `fw${i}`;
    const lines = [
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD DROP [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ];
    const ifaces: { name: string; addresses: string[] }[] = [];
    const routes: { prefix: string; nextHop: string }[] = [];
    if (i === 0) {
      ifaces.push(
        { name: 'wan', addresses: ['203.0.113.2/29'] },
        { name: 'core', addresses: ['10.255.0.1/24'] },
      );
      routes.push({ prefix: '0.0.0.0/0', nextHop: '203.0.113.1' });
      for (let j = 1; j < fws; j++)
        routes.push({ prefix: `${ip(10, j, 0, 0)}/16`, nextHop: ip(10, 255, 0, j + 1) });
    } else {
      ifaces.push({ name: 'core', addresses: [`${ip(10, 255, 0, i + 1)}/24`] });
      for (let k = 0; k < o.segmentsPerFirewall; k++)
        ifaces.push({ name: `seg${k}`, addresses: [`${ip(10, i, 4 * k, 1)}/22`] });
      routes.push({ prefix: '0.0.0.0/0', nextHop: '10.255.0.1' });
    }
    for (let r = 0; r < o.rulesPerFirewall; r++) {
      // Inner firewalls: one side is their own network; the edge and core rules are site-wide.
      const inbound = rand() < 0.5;
      const src = addressChoice(i > 0 && !inbound ? i : 0);
      const dst = addressChoice(i > 0 && inbound ? i : 0);
      const port = pick(PORTS);
      const proto = rand() < 0.85 ? 'tcp' : 'udp';
      const ports =
        rand() < 0.1 ? `-m multiport --dports ${port},${pick(PORTS)}` : `-m ${proto} --dport ${port}`;
      const iface = rand() < 0.15 ? ` -i ${pick(ifaces).name}` : '';
      const verdict = rand() < 0.75 ? 'ACCEPT' : 'DROP';
      lines.push(
        `-A FORWARD${iface}${src ? ` -s ${src}` : ''}${dst ? ` -d ${dst}` : ''} -p ${proto} ${ports} -j ${verdict}`,
      );
      rules++;
    }
    lines.push('COMMIT', '');
    configs.push({ name: `${name}.iptables-save`, text: lines.join('\n') });
    hostNetworking.set(name, {
      interfaces: ifaces.map((f, k) => ({
        name: f.name,
        addresses: f.addresses,
        loopback: false,
        source: sourceRef(`${name}.ip-addr`, k + 1, f.name),
      })),
      routes: routes.map((r, k) => ({
        ...r,
        source: sourceRef(`${name}.ip-route`, k + 1, `${r.prefix} via ${r.nextHop}`),
      })),
      diagnostics: [],
    });
  }
  return {
    configs,
    hostNetworking,
    assets,
    site: {
      file: 'site.yaml',
      name: 'bench',
      zones,
      resolvers: [],
      conduits: [],
      footholds: [],
      targets: [],
      jumpHosts: [],
    },
    rules,
  };
}
