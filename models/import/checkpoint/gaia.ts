import { DiagnosticSink, sourceRef, type SourceRef } from '../../diagnostics';
import type { Route } from '../../device';
import { parseAddress, parseAddressSpec, toCidrs } from '../../net';
import type { HostInterface, HostNetworking } from '../../topology/inputs/types';
import { splitLines } from './parse-json';

/**
 * Check Point Gaia `show configuration` (clish): the gateway's interfaces with their addresses
 * and its static routes. Everything else (system settings, users, SNMP, dynamic routing) is
 * parsed and deliberately ignored: it does not change what the firewall lets through.
 */

/** What each line is, for the tests' line accounting. */
export const GaiaLine = { Unclassified: 0, Blank: 1, Used: 2, Ignored: 3, Diagnosed: 4 } as const;

export const GAIA_MAX_LINE = 10_000;

export interface GaiaParse extends HostNetworking {
  readonly hostname: string | null;
  readonly hostnameSource: SourceRef | null;
  /** Line 1, for file-level notes. */
  readonly first: SourceRef;
  readonly lineKinds: Uint8Array;
}

interface IfaceDraft {
  name: string;
  addresses: string[];
  source: SourceRef;
  off: boolean;
}

const COMMAND = /^(set|add|delete) \S/;

export function parseGaia(file: string, text: string): GaiaParse {
  const lines = splitLines(text);
  const kinds = new Uint8Array(lines.length);
  const sink = new DiagnosticSink('parse');
  const ifaces = new Map<string, IfaceDraft>();
  const routes = new Map<string, Route>();
  let hostname: string | null = null;
  let hostnameSource: SourceRef | null = null;
  const iface = (name: string, src: SourceRef): IfaceDraft => {
    let d = ifaces.get(name);
    if (d === undefined) {
      d = { name, addresses: [], source: src, off: false };
      ifaces.set(name, d);
    }
    return d;
  };

  lines.forEach((line, i) => {
    const src = sourceRef(file, i + 1, line);
    const t = line.trim();
    if (t === '' || t.startsWith('#')) {
      kinds[i] = GaiaLine.Blank;
      return;
    }
    const diag = (
      code: 'invalid-value' | 'unrecognized-line' | 'unsupported-construct' | 'line-too-long',
      msg: string,
      info = false,
    ): void => {
      kinds[i] = GaiaLine.Diagnosed;
      if (info) sink.info(code, msg, src);
      else sink.warning(code, msg, src);
    };
    if (t.length > GAIA_MAX_LINE)
      return diag('line-too-long', `a line of ${t.length} characters; it was skipped`);
    if (!COMMAND.test(t))
      return diag('unrecognized-line', 'not a Gaia clish command (set / add / delete); skipped');
    const w = t.split(/\s+/);
    kinds[i] = GaiaLine.Ignored;
    if (w[0] === 'set' && w[1] === 'hostname' && w[2] !== undefined) {
      hostname = w[2];
      hostnameSource = src;
      kinds[i] = GaiaLine.Used;
      return;
    }
    if (w[0] === 'set' && w[1] === 'interface' && w[2] !== undefined) {
      const d = iface(w[2], src);
      kinds[i] = GaiaLine.Used;
      if (w[3] === 'ipv4-address' || w[3] === 'ipv6-address') {
        const addr = w[4] ?? '';
        const len = w[5] === 'mask-length' || w[5] === 'subnet-mask' ? (w[6] ?? '') : '';
        const p = parseAddressSpec(`${addr}/${len}`);
        const a = parseAddress(addr);
        if (!p.ok || !a.ok || len === '')
          return diag('invalid-value', `'${addr} ${w[5] ?? ''} ${len}' is not an interface address`);
        const prefix = toCidrs(p.value.set)[0] ?? '';
        d.addresses.push(`${addr}/${prefix.split('/')[1] ?? ''}`);
        if (d.addresses.length === 1) d.source = src;
      } else if (w[3] === 'state' && w[4] === 'off') {
        d.off = true;
        d.source = src;
      }
      return;
    }
    if (
      w[0] === 'add' &&
      w[1] === 'interface' &&
      w[2] !== undefined &&
      w[3] === 'vlan' &&
      /^\d+$/.test(w[4] ?? '')
    ) {
      iface(`${w[2]}.${w[4]}`, src);
      kinds[i] = GaiaLine.Used;
      return;
    }
    if (w[0] === 'add' && w[1] === 'interface' && w[2] !== undefined && w[3] === 'alias') {
      const p = parseAddressSpec(w[4] ?? '');
      if (!p.ok || !(w[4] ?? '').includes('/'))
        return diag('invalid-value', `'${w[4] ?? ''}' is not an alias address`);
      iface(w[2], src).addresses.push(w[4]!);
      kinds[i] = GaiaLine.Used;
      return;
    }
    if (
      w[0] === 'add' &&
      w[1] === 'bonding' &&
      w[2] === 'group' &&
      /^\d+$/.test(w[3] ?? '') &&
      w[4] === undefined
    ) {
      iface(`bond${w[3]}`, src);
      kinds[i] = GaiaLine.Used;
      return;
    }
    const v6 = w[1] === 'ipv6' ? 1 : 0;
    if (w[0] === 'set' && w[1 + v6] === 'static-route' && w[2 + v6] !== undefined) {
      kinds[i] = GaiaLine.Used;
      staticRoute(w.slice(2 + v6), v6 === 1, src, routes, diag);
      return;
    }
  });

  const interfaces: HostInterface[] = [];
  for (const d of ifaces.values()) {
    if (d.off) {
      kinds[d.source.line - 1] = GaiaLine.Diagnosed;
      sink.info(
        'unsupported-construct',
        `interface ${d.name} is disabled (state off); it was left out`,
        d.source,
      );
      continue;
    }
    interfaces.push({
      name: d.name,
      addresses: d.addresses,
      loopback: d.name === 'lo' || d.name.startsWith('loop'),
      source: d.source,
    });
  }
  return {
    interfaces,
    routes: [...routes.values()],
    diagnostics: sink.diagnostics,
    hostname,
    hostnameSource,
    first: sourceRef(file, 1, lines[0] ?? ''),
    lineKinds: kinds,
  };
}

type Diag = (code: 'invalid-value' | 'unsupported-construct', msg: string, info?: boolean) => void;

/** `PREFIX|default nexthop gateway [address] IP|logical IFACE [priority N] on|off`, `nexthop blackhole|reject`. */
function staticRoute(
  w: readonly string[],
  v6: boolean,
  src: SourceRef,
  routes: Map<string, Route>,
  diag: Diag,
): void {
  const dest = w[0]!;
  const prefixText = dest === 'default' ? (v6 ? '::/0' : '0.0.0.0/0') : dest;
  const p = parseAddressSpec(prefixText);
  if (!p.ok || !prefixText.includes('/')) return diag('invalid-value', `'${dest}' is not a route prefix`);
  const prefix = toCidrs(p.value.set)[0] ?? prefixText;
  if (w[1] !== 'nexthop') return; // comment, rank, scopelocal, or the route as a whole on/off
  const last = w[w.length - 1];
  if (w[2] === 'blackhole' || w[2] === 'reject')
    return diag(
      'unsupported-construct',
      `a ${w[2]} route for ${prefix} is not modelled (traffic to it is dropped by the gateway)`,
      true,
    );
  if (w[2] !== 'gateway') return diag('unsupported-construct', `next hop '${w[2] ?? ''}' is not modelled`);
  let nextHop: string | undefined;
  let iface: string | undefined;
  if (w[3] === 'logical') iface = w[4];
  else {
    const text = w[3] === 'address' ? w[4] : w[3];
    const a = parseAddress(text ?? '');
    if (!a.ok) return diag('invalid-value', `'${text ?? ''}' is not a next-hop address`);
    nextHop = text;
  }
  const key = `${prefix} ${nextHop ?? ''} ${iface ?? ''}`;
  if (last === 'off') {
    routes.delete(key);
    return;
  }
  if (!routes.has(key))
    routes.set(key, {
      prefix,
      ...(nextHop !== undefined ? { nextHop } : {}),
      ...(iface !== undefined ? { interface: iface } : {}),
      source: src,
    });
}

/** The interfaces and static routes of a Gaia `show configuration`, as the site model reads host networking. */
export function parseGaiaConfiguration(file: string, text: string): HostNetworking {
  const { interfaces, routes, diagnostics } = parseGaia(file, text);
  return { interfaces, routes, diagnostics };
}

const GAIA_FEATURES =
  /^(set|add|delete) (interface|static-route|ipv6|hostname|installer|arp|message|core-dump|clienv|expert-password-hash|expert-password|format|allowed-client|web|inactivity-timeout|ipv6-state|command|net-access|ntp|password-controls|user|max-path-splits|tracefile|router-options|routedsyslog|syslog|timezone|aaa|inbound-route-filter|management|ospf|rip|snmp|bonding|dns|domainname|bgp|route-redistribution|lom|dhcp-server|dhcp-client|pbr|vrrp|mcvr|cluster|lldp|proxy|host|backup-scheduled|edition|kernel-routes|static-mroute|igmp|pim|routemap|routemaps|bootp|iphelper|rdisc|netflow|sysenv|cpu-conf|rba|group|expert-user|dynamic-routing|mail-notification|ipv4-address|aggregate|prefix-list|cloning-group|vpn|dhcp6|virtual-system)\b/;

/**
 * How much the first lines look like Gaia clish: the header Gaia writes (`# Language version`)
 * or interface / static-route / hostname commands, and most command lines of Gaia features.
 */
export function gaiaScore(lines: readonly string[]): number {
  let seen = 0;
  let hits = 0;
  let strong = 0;
  for (const line of lines) {
    const t = line.trim();
    if (/^# Language version: \S+/.test(t) || /^# Configuration of \S+$/.test(t)) strong++;
    if (t === '' || t.startsWith('#')) continue;
    if (++seen > 200) break;
    if (GAIA_FEATURES.test(t)) hits++;
    if (
      /^set interface \S+ ipv[46]-address /.test(t) ||
      /^set static-route \S+ nexthop /.test(t) ||
      /^set (installer policy|clienv|password-controls|expert-password-hash) /.test(t)
    )
      strong++;
  }
  return seen === 0 || strong === 0 ? 0 : Math.min(1, hits / seen);
}
