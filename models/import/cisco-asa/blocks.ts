import type { SourceRef } from '../../diagnostics';
import {
  type AddressSet,
  type Parsed,
  addressRange,
  maskLength,
  parseAddress,
  parseAddressSpec,
  parseIpv4,
} from '../../net';
import type { AsaConfig, AsaInterface, AsaMember, AsaObject, AsaServiceSpec } from './model';
import { asaIcmpType, asaProtocol } from './names';
import type { Words } from './operands';
import { PORT_OPERATORS, hostAddress, maskedAddress, portOperand } from './operands';

/** What a sub-command line became: a member, a setting, deliberately ignored, or an error. */
export type SubResult =
  | { kind: 'used' }
  | { kind: 'ignored' }
  | { kind: 'error'; code: 'unrecognized-line' | 'invalid-value' | 'unsupported-construct'; message: string };

const USED: SubResult = { kind: 'used' };
const IGNORED: SubResult = { kind: 'ignored' };
const bad = (message: string): SubResult => ({ kind: 'error', code: 'invalid-value', message });
const unknown = (message: string): SubResult => ({ kind: 'error', code: 'unrecognized-line', message });

/** Interface sub-commands that do not change what the firewall permits. */
const IGNORED_INTERFACE = new Set([
  'description',
  'speed',
  'duplex',
  'no',
  'vlan',
  'mac-address',
  'channel-group',
  'member-interface',
  'mtu',
  'ospf',
  'pppoe',
  'nve-only',
  'flowcontrol',
  'lacp',
  'authentication',
  'delay',
  'ddns',
  'dhcp',
  'dhcprelay',
  'igmp',
  'pim',
  'multicast',
  'port-channel',
  'bridge-group',
]);

export function interfaceSub(iface: AsaInterface, w: Words, source: SourceRef): SubResult {
  const cmd = w.next()!;
  switch (cmd) {
    case 'nameif': {
      const name = w.next();
      if (name === undefined) return bad('nameif needs a name');
      iface.nameif = name;
      iface.nameifSource = source;
      return USED;
    }
    case 'security-level': {
      const t = w.next() ?? '';
      if (!/^\d{1,3}$/.test(t) || Number(t) > 100) return bad(`security level '${t}' is not 0-100`);
      iface.securityLevel = Number(t);
      iface.securitySource = source;
      return USED;
    }
    case 'shutdown':
      iface.shutdown = true;
      iface.shutdownSource = source;
      return USED;
    case 'management-only':
      return {
        kind: 'error',
        code: 'unsupported-construct',
        message:
          'management-only: the interface carries no transit traffic on the device; not modelled (its traffic is evaluated as any other)',
      };
    case 'ip':
    case 'ipv6': {
      if (w.next() !== 'address') return IGNORED;
      const a = w.next();
      if (a === 'dhcp' || a === 'pppoe' || a === 'autoconfig')
        return {
          kind: 'error',
          code: 'unsupported-construct',
          message: `the address comes from ${a}; it is not known offline`,
        };
      if (cmd === 'ipv6') {
        const p = parseAddressSpec(a ?? '');
        if (!p.ok || !a!.includes('/')) return bad(`'${a ?? ''}' is not an IPv6 prefix`);
        iface.addresses.push(a!);
        return USED;
      }
      const mask = w.next();
      const p = parseAddressSpec(`${a ?? ''}/${mask ?? ''}`);
      if (!p.ok) return bad(p.error);
      const m = parseIpv4(mask ?? '');
      const len = m === null ? null : maskLength(BigInt(m), 4);
      if (len === null) return bad(`'${mask ?? ''}' is not a contiguous netmask`);
      iface.addresses.push(`${a!}/${len}`);
      return USED;
    }
  }
  return IGNORED_INTERFACE.has(cmd) ? IGNORED : unknown(`interface sub-command '${cmd}' is not understood`);
}

function member(obj: AsaObject, m: AsaMember): SubResult {
  obj.members.push(m);
  return USED;
}

/** `object network` / `object-group network` members. */
function networkSub(obj: AsaObject, w: Words, config: AsaConfig, source: SourceRef): SubResult {
  const cmd = w.next()!;
  const set = (p: Parsed<AddressSet>): SubResult =>
    p.ok ? member(obj, { kind: 'addresses', set: p.value, source }) : bad(p.error);
  if (!obj.group) {
    switch (cmd) {
      case 'host':
        return set(hostAddress(w.next(), config));
      case 'subnet':
        return set(maskedAddress(w, config));
      case 'range': {
        const a = parseAddress(w.next() ?? '');
        const b = parseAddress(w.next() ?? '');
        if (!a.ok || !b.ok) return bad('range needs two addresses');
        return set(addressRange(a.value, b.value));
      }
      case 'fqdn': {
        let host = w.next();
        if (host === 'v4' || host === 'v6') host = w.next();
        return host === undefined
          ? bad('fqdn needs a host name')
          : member(obj, { kind: 'fqdn', host, source });
      }
    }
  } else if (cmd === 'network-object') {
    const t = w.peek();
    if (t === 'host') {
      w.next();
      return set(hostAddress(w.next(), config));
    }
    if (t === 'object') {
      w.next();
      const name = w.next();
      return name === undefined
        ? bad('network-object object needs a name')
        : member(obj, { kind: 'ref', name, source });
    }
    return set(maskedAddress(w, config));
  }
  return unknown(`'${cmd}' is not a member of an object${obj.group ? '-group' : ''} network`);
}

/** `service PROTO [source OP] [destination OP]`, `service icmp [TYPE [CODE]]`, as in service objects and `service-object`. */
export function serviceSpec(w: Words): Parsed<AsaServiceSpec> {
  const t = w.next();
  if (t === undefined) return { ok: false, error: 'the protocol is missing' };
  const proto = t === 'tcp-udp' ? 'tcp-udp' : asaProtocol(t);
  if (proto === undefined) return { ok: false, error: `'${t}' is not a protocol` };
  const protocols = proto === 'tcp-udp' ? [6, 17] : proto === null ? null : [proto];
  if (proto === 1 || proto === 58) {
    const ty = w.next();
    if (ty === undefined) return { ok: true, value: { protocols } };
    const type = asaIcmpType(ty, proto);
    if (type === null) return { ok: false, error: `'${ty}' is not an ICMP type` };
    const c = w.next();
    if (c !== undefined && (!/^\d{1,3}$/.test(c) || Number(c) > 255))
      return { ok: false, error: `'${c}' is not an ICMP code` };
    return {
      ok: true,
      value: { protocols, icmpType: type, ...(c !== undefined ? { icmpCode: Number(c) } : {}) },
    };
  }
  let sports;
  let dports;
  while (!w.done) {
    const side = w.next();
    if (side !== 'source' && side !== 'destination') {
      // `service-object tcp eq 80` (no keyword) means the destination port.
      if (side !== undefined && PORT_OPERATORS.has(side) && dports === undefined) {
        w.i--;
      } else return { ok: false, error: `unexpected '${side ?? ''}'` };
    }
    if (protocols === null || protocols.some((p) => p !== 6 && p !== 17 && p !== 132))
      return { ok: false, error: `protocol '${t}' has no ports` };
    const p = portOperand(w, protocols);
    if (!p.ok) return p;
    if (p.value.kind !== 'ports') return { ok: false, error: 'expected ports' };
    if (side === 'source') sports = p.value.ports;
    else dports = p.value.ports;
  }
  return { ok: true, value: { protocols, ...(sports ? { sports } : {}), ...(dports ? { dports } : {}) } };
}

function serviceSub(obj: AsaObject, w: Words, source: SourceRef): SubResult {
  const cmd = w.next()!;
  if (!obj.group && cmd === 'service') {
    const s = serviceSpec(w);
    return s.ok ? member(obj, { kind: 'service', svc: s.value, source }) : bad(s.error);
  }
  if (obj.group && obj.type === 'service' && cmd === 'service-object') {
    if (w.peek() === 'object') {
      w.next();
      const name = w.next();
      return name === undefined
        ? bad('service-object object needs a name')
        : member(obj, { kind: 'ref', name, source });
    }
    const s = serviceSpec(w);
    return s.ok ? member(obj, { kind: 'service', svc: s.value, source }) : bad(s.error);
  }
  if (obj.group && cmd === 'port-object') {
    if (obj.type !== 'port') {
      return {
        kind: 'error',
        code: 'invalid-value',
        message:
          'port-object in a service group without a protocol (tcp, udp, tcp-udp): the ASA rejects it; ignored',
      };
    }
    const op = w.peek();
    if (op !== 'eq' && op !== 'range') return bad(`port-object takes eq or range, not '${op ?? ''}'`);
    const p = portOperand(w, obj.protocols ?? null);
    return p.ok && p.value.kind === 'ports'
      ? member(obj, { kind: 'ports', ports: p.value.ports, source })
      : bad(p.ok ? 'expected ports' : p.error);
  }
  if (obj.group && obj.type === 'protocol' && cmd === 'protocol-object') {
    const p = asaProtocol(w.next() ?? '');
    return p === undefined
      ? bad('protocol-object needs a protocol')
      : member(obj, { kind: 'protocol', proto: p, source });
  }
  if (obj.group && obj.type === 'icmp-type' && cmd === 'icmp-object') {
    const t = asaIcmpType(w.next() ?? '', 1);
    return t === null
      ? bad('icmp-object needs an ICMP type')
      : member(obj, { kind: 'icmp-type', type: t, source });
  }
  return unknown(`'${cmd}' is not a member of this object${obj.group ? '-group' : ''}`);
}

export function objectSub(obj: AsaObject, w: Words, config: AsaConfig, source: SourceRef): SubResult {
  const cmd = w.peek()!;
  if (cmd === 'description') return IGNORED;
  if (cmd === 'group-object' && obj.group) {
    w.next();
    const name = w.next();
    return name === undefined ? bad('group-object needs a name') : member(obj, { kind: 'ref', name, source });
  }
  return obj.type === 'network' ? networkSub(obj, w, config, source) : serviceSub(obj, w, source);
}
