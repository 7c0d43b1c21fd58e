import {
  parseAddressSpec,
  parseIpv4,
  fromValueMask,
  ANY_IPV4,
  ANY_IPV6,
  addressRange,
  parseAddress,
} from '../../net';
import { parsePortSpec } from './ace';
import { resolveProtocol, CISCO_ICMP } from './keywords';
import { LineKind } from './lines';
import type { IosNetworkGroup, IosPortGroup, IosServiceGroup, IosZbfAction } from './model';
import type { IosParser } from './parse';

/** Interface sub-commands that bear on filtering but are not modelled: flagged, not silently ignored. */
const UNMODELLED_IF =
  /^(ip (nat|inspect|verify|policy)|ipv6 (verify|policy)|ip port access-group|service-policy)\b/i;

/** An indented line: a child of the block the parser is in. */
export function childLine(p: IosParser, i: number, line: string): void {
  const ctx = p.context;
  const words = line.split(/\s+/);
  const w0 = words[0]!.toLowerCase();
  switch (ctx.kind) {
    case 'none':
    case 'ignored':
      if (w0 === 'access-class' || (w0 === 'ipv6' && words[1]?.toLowerCase() === 'access-class')) {
        return p.report(
          i,
          'unsupported-construct',
          'access-class (management access to the router) is not modelled',
          'info',
        );
      }
      return p.mark(i, LineKind.Ignored);
    case 'unknown':
      return p.mark(i, LineKind.Diagnostic);
    case 'acl':
      return p.entry(i, ctx.acl, line);
    case 'network-group':
      return networkMember(p, i, words, p.config.networkGroups.get(ctx.name)!, ctx.nxos);
    case 'service-group':
      return serviceMember(p, i, words, p.config.serviceGroups.get(ctx.name)!);
    case 'port-group':
      return portMember(p, i, words, p.config.portGroups.get(ctx.name)!);
    case 'interface':
      return interfaceLine(p, i, line, words);
    case 'zone':
      return p.mark(i, w0 === 'description' ? LineKind.Property : LineKind.Ignored);
    case 'zone-pair': {
      if (w0 === 'description') return p.mark(i, LineKind.Property);
      const pair = p.config.zonePairs[ctx.index]!;
      if (
        w0 === 'service-policy' &&
        words[1]?.toLowerCase() === 'type' &&
        words[2]?.toLowerCase() === 'inspect' &&
        words[3] !== undefined
      ) {
        pair.policy = { name: words[3], source: p.ref(i) };
        return p.mark(i, LineKind.Binding);
      }
      return p.report(i, 'unrecognized-line', 'not a zone-pair sub-command this importer knows');
    }
    case 'class-map': {
      if (w0 === 'description') return p.mark(i, LineKind.Property);
      const cm = p.config.classMaps.get(ctx.name)!;
      const w = words.map((x) => x.toLowerCase());
      if (w0 === 'match' && w[1] === 'access-group' && w[2] === 'name' && words[3] !== undefined)
        cm.matches.push({ kind: 'acl', name: words[3], source: p.ref(i) });
      else if (w0 === 'match' && w[1] === 'access-group' && /^\d+$/.test(w[2] ?? ''))
        cm.matches.push({ kind: 'acl', name: words[2]!, source: p.ref(i) });
      else if (w0 === 'match' && w[1] === 'protocol' && words[2] !== undefined)
        cm.matches.push({ kind: 'protocol', name: w[2]!, source: p.ref(i) });
      else if (w0 === 'match' && w[1] === 'class-map' && words[2] !== undefined)
        cm.matches.push({ kind: 'class', name: words[2], source: p.ref(i) });
      else
        return p.report(
          i,
          'unsupported-construct',
          `class-map match '${words.slice(1).join(' ')}' is not modelled; the class is evaluated without it`,
        );
      return p.mark(i, LineKind.Member);
    }
    case 'policy-map': {
      const pm = p.config.policyMaps.get(ctx.name)!;
      const w = words.map((x) => x.toLowerCase());
      if (w0 === 'description') return p.mark(i, LineKind.Property);
      if (w0 === 'class') {
        const name = w[1] === 'type' ? words[3] : words[1];
        if (name === undefined) return p.report(i, 'invalid-value', 'class without a name');
        pm.classes.push({ className: name, action: null, source: p.ref(i) });
        return p.mark(i, LineKind.Member);
      }
      const current = pm.classes[pm.classes.length - 1];
      if ((w0 === 'inspect' || w0 === 'pass' || w0 === 'drop') && current !== undefined) {
        current.action = { kind: w0 as IosZbfAction, source: p.ref(i) };
        return p.mark(i, LineKind.Member);
      }
      if (w0 === 'police' || w0 === 'log' || w0 === 'urlfilter' || w0 === 'service-policy')
        return p.report(i, 'unsupported-construct', `'${line}' is not modelled`, 'info');
      return p.report(i, 'unrecognized-line', 'not a policy-map sub-command this importer knows');
    }
  }
}

function networkMember(
  p: IosParser,
  i: number,
  words: readonly string[],
  g: IosNetworkGroup,
  nxos: boolean,
): void {
  const w = [...words];
  if (/^\d+$/.test(w[0]!)) w.shift();
  const k = (w[0] ?? '').toLowerCase();
  const add = (m: IosNetworkGroup['members'][number]): void => (
    g.members.push(m),
    p.mark(i, LineKind.Member)
  );
  if (k === 'description') return p.mark(i, LineKind.Property);
  if (k === 'group-object' || k === 'addrgroup')
    return w[1] === undefined
      ? p.report(i, 'invalid-value', 'group name missing')
      : add({ kind: 'group', name: w[1], source: p.ref(i) });
  if (k === 'any') return add({ kind: 'set', set: ANY_IPV4, source: p.ref(i) });
  if (k === 'host' && w[1] !== undefined) {
    const a = parseAddressSpec(w[1]);
    return a.ok
      ? add({ kind: 'set', set: a.value.set, source: p.ref(i) })
      : p.report(i, 'invalid-value', a.error);
  }
  if (k === 'range' && w[1] !== undefined && w[2] !== undefined) {
    const a = parseAddress(w[1]);
    const b = parseAddress(w[2]);
    const r = a.ok && b.ok ? addressRange(a.value, b.value) : null;
    return r?.ok
      ? add({ kind: 'set', set: r.value, source: p.ref(i) })
      : p.report(i, 'invalid-value', `'${w[1]} ${w[2]}' is not an address range`);
  }
  if (w[0] !== undefined && w[0].includes('/')) {
    const a = parseAddressSpec(w[0]);
    return a.ok
      ? add({ kind: 'set', set: a.value.set, source: p.ref(i) })
      : p.report(i, 'invalid-value', a.error);
  }
  const addr = w[0] === undefined ? null : parseIpv4(w[0]);
  const second = w[1] === undefined ? null : parseIpv4(w[1]);
  if (addr !== null && second !== null) {
    // IOS object-group network takes a netmask; NX-OS object-group ip address a wildcard.
    const mask = nxos ? ~second >>> 0 : second;
    const r = fromValueMask(BigInt(addr), BigInt(mask), 4);
    if (r.approximate)
      p.report(
        i,
        'lossy-conversion',
        'mask with too many non-contiguous bits; approximated by its covering range',
      );
    return add({ kind: 'set', set: r.set, source: p.ref(i) });
  }
  if (k === 'any6' || (k === 'any' && nxos)) return add({ kind: 'set', set: ANY_IPV6, source: p.ref(i) });
  p.report(
    i,
    'unrecognized-line',
    'not a network object-group member (host, ADDR MASK, ADDR/LEN, range, group-object)',
  );
}

function serviceMember(p: IosParser, i: number, words: readonly string[], g: IosServiceGroup): void {
  const k = words[0]!.toLowerCase();
  if (k === 'description') return p.mark(i, LineKind.Property);
  if (k === 'group-object') {
    if (words[1] === undefined) return p.report(i, 'invalid-value', 'group name missing');
    g.members.push({ kind: 'group', name: words[1], source: p.ref(i) });
    return p.mark(i, LineKind.Member);
  }
  const protos: number[] | null =
    k === 'tcp-udp'
      ? [6, 17]
      : (() => {
          const n = resolveProtocol(k, 4);
          return n === null ? [] : n === 'all' ? null : [n];
        })();
  if (protos !== null && protos.length === 0)
    return p.report(i, 'invalid-value', `'${words[0]}' is not a protocol`);
  const report = p.reporter(i);
  let rest = words.slice(1);
  let srcPorts;
  let dstPorts;
  let icmp;
  const portProto = k === 'tcp-udp' ? 'tcp-udp' : protos?.[0] === 6 || protos?.[0] === 17 ? protos[0] : null;
  if (portProto !== null) {
    if (rest[0]?.toLowerCase() === 'source') {
      const s = parsePortSpec(rest.slice(1), portProto, report);
      if (s === null) return p.report(i, 'invalid-value', 'source port operator expected');
      srcPorts = s.ports;
      rest = rest.slice(1 + s.rest);
    }
    if (rest[0]?.toLowerCase() === 'destination') rest = rest.slice(1);
    if (rest.length > 0) {
      const d = parsePortSpec(rest, portProto, report);
      if (d === null) return p.report(i, 'invalid-value', `'${rest.join(' ')}' is not a port operator`);
      dstPorts = d.ports;
      rest = rest.slice(d.rest);
    }
  } else if (protos?.[0] === 1 && rest[0] !== undefined) {
    const t = rest[0].toLowerCase();
    const hit = Object.hasOwn(CISCO_ICMP, t)
      ? CISCO_ICMP[t]!
      : /^\d+$/.test(t)
        ? ([Number(t)] as const)
        : null;
    if (hit === null) return p.report(i, 'invalid-value', `'${rest[0]}' is not an ICMP type`);
    icmp = hit[1] === undefined ? { type: hit[0] } : { type: hit[0], code: hit[1] };
    rest = rest.slice(1);
  }
  if (rest.length > 0)
    return p.report(
      i,
      'unrecognized-line',
      `'${rest.join(' ')}' is not understood in a service object-group member`,
    );
  g.members.push({
    kind: 'service',
    protocols: protos,
    ...(srcPorts ? { srcPorts } : {}),
    ...(dstPorts ? { dstPorts } : {}),
    ...(icmp ? { icmp } : {}),
    source: p.ref(i),
  });
  p.mark(i, LineKind.Member);
}

function portMember(p: IosParser, i: number, words: readonly string[], g: IosPortGroup): void {
  const w = /^\d+$/.test(words[0]!) ? words.slice(1) : words;
  const s = parsePortSpec(w, 'tcp-udp', p.reporter(i));
  if (s === null || s.rest !== w.length)
    return p.report(i, 'invalid-value', 'a port operator (eq, range, lt, gt, neq) expected');
  g.members.push({ ports: s.ports, source: p.ref(i) });
  p.mark(i, LineKind.Member);
}

function interfaceLine(p: IosParser, i: number, line: string, words: readonly string[]): void {
  if (p.context.kind !== 'interface') return;
  const iface = p.context.iface;
  const w = words.map((x) => x.toLowerCase());
  if (w[0] === 'description') {
    iface.description = line.slice(words[0]!.length).trim();
    return p.mark(i, LineKind.Property);
  }
  if (w[0] === 'shutdown') return ((iface.shutdown = true), p.mark(i, LineKind.Property));
  if (w[0] === 'no' && w[1] === 'shutdown') return ((iface.shutdown = false), p.mark(i, LineKind.Property));
  if ((w[0] === 'ip' || w[0] === 'ipv6') && w[1] === 'address' && words[2] !== undefined) {
    if (w[2] === 'dhcp' || w[2] === 'negotiated' || w[2] === 'autoconfig')
      return p.report(i, 'unsupported-construct', 'a dynamic address cannot be known offline', 'info');
    const spec =
      words[2].includes('/') || words[3] === undefined || !/^\d+\.\d+\.\d+\.\d+$/.test(words[3])
        ? words[2]
        : `${words[2]}/${words[3]}`;
    const a = parseAddressSpec(spec);
    if (!a.ok) return p.report(i, 'invalid-value', a.error);
    iface.addresses.push(
      spec.includes('/') && /\/\d+\.\d/.test(spec) ? `${words[2]}/${maskBits(words[3]!)}` : spec,
    );
    return p.mark(i, LineKind.Property);
  }
  const group = (w[0] === 'ip' && w[1] === 'access-group') || (w[0] === 'ipv6' && w[1] === 'traffic-filter');
  if (group) {
    const dir = w[3];
    if (words[2] === undefined || (dir !== 'in' && dir !== 'out'))
      return p.report(i, 'invalid-value', `${words[0]} ${words[1]} NAME in|out expected`);
    iface.accessGroups.push({
      acl: words[2],
      direction: dir,
      family: w[0] === 'ipv6' ? 6 : 4,
      source: p.ref(i),
    });
    return p.mark(i, LineKind.Binding);
  }
  if (w[0] === 'zone-member' && w[1] === 'security' && words[2] !== undefined) {
    iface.zone = { name: words[2], source: p.ref(i) };
    return p.mark(i, LineKind.Binding);
  }
  if (w[0] === 'ip' && w[1] === 'nat' && (w[2] === 'inside' || w[2] === 'outside') && w[3] === undefined) {
    iface.nat = { role: w[2], source: p.ref(i) };
    return p.mark(i, LineKind.Binding);
  }
  if (w[0] === 'ip' && w[1] === 'inspect')
    return p.report(
      i,
      'unsupported-construct',
      `CBAC '${words.slice(0, 4).join(' ')}' is not modelled: it opens the way back for sessions it inspects and permits no new connection, so first-packet verdicts come from the ACLs alone`,
      'info',
    );
  if (UNMODELLED_IF.test(line))
    return p.report(
      i,
      'unsupported-construct',
      `'${words.slice(0, 3).join(' ')}' on an interface is not modelled`,
      'info',
    );
  p.mark(i, LineKind.Ignored);
}

function maskBits(mask: string): number {
  const m = parseIpv4(mask) ?? 0;
  let n = 0;
  for (let b = 31; b >= 0 && (m >>> b) & 1; b--) n++;
  return n;
}
