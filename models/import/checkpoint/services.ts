import {
  ANY_SERVICE,
  NO_SERVICE,
  PORT_END,
  type PortSet,
  type ServiceSet,
  icmpService,
  portRange,
  serviceOfProtocol,
  serviceUnion,
} from '../../net';
import { num, prop, str } from '../formats/json';
import type { CheckPointObject } from './model';
import type { CheckPointResolver, Resolved } from './objects';

/** The Any object (`All` in NAT and install-on); other CpmiAnyObject names (Internet) are not Any. */
export const isAnyName = (name: string): boolean => name === 'Any' || name === 'All';

/**
 * Service objects to service sets: TCP / UDP / SCTP ports, ICMP types and codes, other IP
 * protocols, and service groups; what matches by content (applications, RPC, protocol
 * signatures, INSPECT expressions) is the widest plausible set, marked uncertain.
 */
export function serviceOfObject(
  o: CheckPointObject,
  depth: number,
  r: CheckPointResolver,
): Resolved<ServiceSet> {
  const n = o.node;
  switch (o.type) {
    case 'CpmiAnyObject':
      return isAnyName(o.name)
        ? { set: ANY_SERVICE }
        : { set: ANY_SERVICE, uncertain: `'${o.name}' is not a service` };
    case 'service-tcp':
      return ported(o, 6, r);
    case 'service-udp':
      return ported(o, 17, r);
    case 'service-sctp':
      return ported(o, 132, r);
    case 'service-icmp':
    case 'service-icmp6': {
      const proto = o.type === 'service-icmp' ? 1 : 58;
      const type = num(n, 'icmp-type');
      const code = num(n, 'icmp-code');
      const ok = (v: number | undefined): boolean =>
        v === undefined || (Number.isInteger(v) && v >= 0 && v < 256);
      if (!ok(type) || !ok(code)) {
        r.once(o, 'invalid-value', `'${o.name}': ICMP type or code out of range`);
        return { set: serviceOfProtocol(proto), uncertain: `'${o.name}' has an invalid ICMP type` };
      }
      return {
        set: icmpService(
          proto,
          type === undefined ? undefined : [type, type + 1],
          code === undefined ? undefined : [code, code + 1],
        ),
      };
    }
    case 'service-other': {
      const proto = num(n, 'ip-protocol');
      const match = str(n, 'match');
      if (proto === undefined || !Number.isInteger(proto) || proto < 0 || proto > 255)
        return {
          set: ANY_SERVICE,
          uncertain: `'${o.name}' matches by an INSPECT expression, not modelled`,
        };
      const set = serviceOfProtocol(proto);
      if (match !== undefined && match.trim() !== '')
        return { set, uncertain: `'${o.name}' adds an INSPECT match expression, not modelled` };
      return { set };
    }
    case 'service-group': {
      let set: ServiceSet = NO_SERVICE;
      let uncertain: string | undefined;
      for (const m of r.members(o, 'members')) {
        const mo = r.lookup(m, 'service group member');
        const one: Resolved<ServiceSet> =
          mo === undefined
            ? { set: ANY_SERVICE, uncertain: `service group member uid ${m.uid} is undefined` }
            : r.service(mo, depth + 1);
        set = serviceUnion(set, one.set);
        uncertain ??= one.uncertain;
      }
      return uncertain === undefined ? { set } : { set, uncertain };
    }
    default:
      return {
        set: ANY_SERVICE,
        uncertain: `'${o.name}' is a '${o.type}' service (application, RPC or the like), matched by content, not by port`,
      };
  }
}

function ported(o: CheckPointObject, proto: number, r: CheckPointResolver): Resolved<ServiceSet> {
  const n = o.node;
  const dport = parsePorts(str(n, 'port') ?? (num(n, 'port') !== undefined ? String(num(n, 'port')) : ''));
  const sportText = str(n, 'source-port') ?? '';
  const sport = sportText.trim() === '' ? ([0, PORT_END] as PortSet) : parsePorts(sportText);
  if (dport === null || sport === null) {
    r.once(
      o,
      'invalid-value',
      `service '${o.name}': port '${str(n, 'port') ?? ''}' is not a port, range, <N or >N`,
    );
    return { set: serviceOfProtocol(proto), uncertain: `service '${o.name}' has an unreadable port` };
  }
  const set = serviceOfProtocol(proto, sport, dport);
  const proto_ = str(n, 'protocol');
  if (prop(n, 'match-by-protocol-signature')?.value === true)
    return {
      set: serviceOfProtocol(proto),
      uncertain: `service '${o.name}' matches by protocol signature${proto_ ? ` (${proto_})` : ''}, on any port`,
    };
  return { set };
}

/** A Check Point port: `22`, `1000-2000`, `>1023`, `<1024` (also `>=` and `<=`). */
export function parsePorts(text: string): PortSet | null {
  const t = text.trim();
  let m = /^(\d{1,5})$/.exec(t);
  if (m) return check(Number(m[1]), Number(m[1]));
  m = /^(\d{1,5})\s*-\s*(\d{1,5})$/.exec(t);
  if (m) return check(Number(m[1]), Number(m[2]));
  m = /^([<>]=?)\s*(\d{1,5})$/.exec(t);
  if (m) {
    const v = Number(m[2]);
    switch (m[1]) {
      case '>':
        return check(v + 1, PORT_END - 1);
      case '>=':
        return check(v, PORT_END - 1);
      case '<':
        return check(0, v - 1);
      default:
        return check(0, v);
    }
  }
  return null;
}

function check(a: number, b: number): PortSet | null {
  if (a < 0 || b >= PORT_END || a > b) return null;
  return portRange(a, b);
}
