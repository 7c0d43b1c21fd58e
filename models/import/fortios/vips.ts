import type { DiagnosticSink } from '../../diagnostics';
import type { NatRule } from '../../device';
import {
  type AddressSet,
  ANY_ADDRESS,
  ANY_SERVICE,
  EMPTY_ADDRESSES,
  addressUnion,
  type ServiceSet,
  formatIpv4,
  icmpService,
  serviceOfProtocol,
} from '../../net';
import type { FortiosVdom } from './model';
import { rangeOf, vipMapped } from './resolve';

const PROTOS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, sctp: 132 };

/** A single-prefix IPv4 range as `A/len`, or null. */
function asPrefix(set: AddressSet): string | null {
  if (set.v4.length !== 2 || set.v6.length !== 0) return null;
  const lo = set.v4[0]!;
  const size = set.v4[1]! - lo;
  const len = 32 - Math.log2(size);
  if (!Number.isInteger(len) || lo % size !== 0) return null;
  return len === 32 ? formatIpv4(lo) : `${formatIpv4(lo)}/${len}`;
}

function portsOf(text: string | undefined): [number, number] | null {
  if (text === undefined) return null;
  const [a = '', b = a] = text.split('-');
  const lo = /^\d{1,5}$/.test(a) ? Number(a) : NaN;
  const hi = /^\d{1,5}$/.test(b) ? Number(b) : NaN;
  return lo <= hi && hi <= 65535 ? [lo, hi] : null;
}

/**
 * `config firewall vip` -> destination NAT records. The translation is given in structured
 * form (`rewrite`) when it is exact: host to host (or prefix to prefix of one length), and a
 * port forward of one port to one port.
 */
export function convertVips(v: FortiosVdom, sink: DiagnosticSink): NatRule[] {
  const out: NatRule[] = [];
  for (const vip of v.vips.values()) {
    const e = vip.entry;
    const val = e.values;
    const first = (k: string): string | undefined => val.get(k)?.values[0];
    const type = first('type') ?? 'static-nat';
    if (type !== 'static-nat') {
      sink.info(
        'unsupported-construct',
        `VIP '${vip.name}': type ${type} is not modelled; not recorded`,
        e.source,
      );
      continue;
    }
    const extText = first('extip') ?? '0.0.0.0';
    const ext = rangeOf(extText);
    const mapped = vipMapped(vip);
    if (ext === null || mapped === null) {
      sink.warning(
        'invalid-value',
        `VIP '${vip.name}': extip or mappedip is not an address or range; not recorded`,
        e.source,
      );
      continue;
    }
    let src: AddressSet = ANY_ADDRESS;
    const filter = val.get('src-filter');
    if (filter !== undefined && filter.values.length > 0) {
      const sets = filter.values.map(rangeOf);
      if (sets.some((s) => s === null))
        sink.warning(
          'invalid-value',
          `VIP '${vip.name}': src-filter '${filter.values.join(' ')}' is not read; taken as any source`,
          filter.source,
        );
      else src = sets.reduce<AddressSet>((a, s) => addressUnion(a, s!), EMPTY_ADDRESSES);
    }
    const portforward = first('portforward') === 'enable';
    const protoName = first('protocol') ?? 'tcp';
    let service: ServiceSet = ANY_SERVICE;
    let port: number | undefined;
    let exactPort = true;
    if (portforward) {
      const extPorts = portsOf(first('extport'));
      const mappedPorts = portsOf(first('mappedport')) ?? extPorts;
      if (protoName === 'icmp') service = icmpService(1);
      else if (extPorts === null || !Object.hasOwn(PROTOS, protoName)) {
        sink.warning(
          'invalid-value',
          `VIP '${vip.name}': port forward with extport '${first('extport') ?? ''}' / protocol '${protoName}' is not read; not recorded`,
          e.source,
        );
        continue;
      } else {
        service = serviceOfProtocol(PROTOS[protoName]!, undefined, [extPorts[0], extPorts[1] + 1]);
        if (mappedPorts !== null && mappedPorts[0] === mappedPorts[1] && extPorts[0] === extPorts[1])
          port = mappedPorts[0];
        else if (mappedPorts === null || mappedPorts[0] !== extPorts[0] || mappedPorts[1] !== extPorts[1])
          exactPort = false;
      }
    }
    const extIntf = val.get('extintf')?.values ?? ['any'];
    const extPrefix = asPrefix(ext);
    const mappedPrefix = asPrefix(mapped);
    const sameSize =
      ext.v4.length === 2 &&
      mapped.v4.length === 2 &&
      ext.v4[1]! - ext.v4[0]! === mapped.v4[1]! - mapped.v4[0]!;
    const exact = extPrefix !== null && mappedPrefix !== null && sameSize && exactPort;
    const mappedText = val.get('mappedip')!.values.join(' ');
    out.push({
      id: `vip/${vip.name}`,
      kind: 'dnat',
      translates: 'destination',
      match: {
        src,
        dst: ext,
        service,
        ...(extIntf.includes('any') ? {} : { inInterface: { names: extIntf, negate: false } }),
        matchesNew: true,
      },
      to: `${mappedText}${portforward && first('mappedport') !== undefined ? `:${first('mappedport')!}` : ''}`,
      ...(exact ? { rewrite: { address: mappedPrefix, ...(port !== undefined ? { port } : {}) } } : {}),
      list: 'firewall vip',
      source: e.source,
    });
  }
  return out;
}
