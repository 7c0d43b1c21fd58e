import type { SourceRef } from '../../diagnostics';
import { type Parsed, parseAddress } from '../../net';
import type { AsaAce, AsaConfig, AsaIcmpRef, AsaPortRef, AsaProtocolRef } from './model';
import { LOG_LEVELS, asaIcmpType, asaProtocol } from './names';
import type { Words } from './operands';
import { PORT_OPERATORS, addressOperand, portOperand } from './operands';

export interface AceContext {
  readonly list: string;
  readonly label: string | undefined;
  readonly source: SourceRef;
  /** The protocols of a protocol / service object-group, when known (for port names). */
  readonly protocolsOf: (name: string) => readonly number[] | null;
}

const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** `standard permit|deny ADDR`: a standard ACL matches the destination address only. */
export function parseStandardAce(w: Words, config: AsaConfig, ctx: AceContext): Parsed<AsaAce> {
  const action = w.next();
  if (action !== 'permit' && action !== 'deny') return fail(`'${action ?? ''}' is not permit or deny`);
  const dst = addressOperand(w, config);
  if (!dst.ok) return dst;
  if (dst.value.kind !== 'addresses') return fail(`a standard ACE takes an address, not '${dst.value.kind}'`);
  if (!w.done) return fail(`unexpected '${w.peek()!}' after the address`);
  return {
    ok: true,
    value: {
      list: ctx.list,
      action,
      type: 'standard',
      protocol: { kind: 'protocol', protocols: null },
      src: { kind: 'addresses', set: { v4: [0, 2 ** 32], v6: [0n, 1n << 128n] } },
      dst: dst.value,
      inactive: false,
      source: ctx.source,
      ...(ctx.label !== undefined ? { label: ctx.label } : {}),
    },
  };
}

function protocolOperand(w: Words): Parsed<AsaProtocolRef> {
  const t = w.next();
  if (t === undefined) return fail('the protocol is missing');
  if (t === 'object' || t === 'object-group') {
    const name = w.next();
    return name === undefined ? fail(`'${t}' needs a name`) : { ok: true, value: { kind: t, name } };
  }
  const p = asaProtocol(t);
  if (p === undefined) return fail(`'${t}' is not a protocol`);
  return { ok: true, value: { kind: 'protocol', protocols: p === null ? null : [p] } };
}

/** `extended permit|deny PROTO SRC [SPORT] DST [DPORT|ICMP] [log ...] [time-range N] [inactive]`. */
export function parseExtendedAce(w: Words, config: AsaConfig, ctx: AceContext): Parsed<AsaAce> {
  const action = w.next();
  if (action !== 'permit' && action !== 'deny') return fail(`'${action ?? ''}' is not permit or deny`);
  const protocol = protocolOperand(w);
  if (!protocol.ok) return protocol;
  const p = protocol.value;
  const protocols =
    p.kind === 'protocol' ? p.protocols : p.kind === 'object-group' ? ctx.protocolsOf(p.name) : null;
  const src = addressOperand(w, config);
  if (!src.ok) return src;
  const srcPort = portAt(w, config, protocols);
  if (srcPort !== null && !srcPort.ok) return srcPort;
  const dst = addressOperand(w, config);
  if (!dst.ok) return dst;
  const dstPort = portAt(w, config, protocols);
  if (dstPort !== null && !dstPort.ok) return dstPort;
  let icmp: AsaIcmpRef | undefined;
  const icmpOnly = protocols !== null && protocols.length > 0 && protocols.every((q) => q === 1 || q === 58);
  const icmpProto = icmpOnly ? (protocols.includes(1) ? 1 : 58) : null;
  if (dstPort === null && icmpProto !== null) {
    const t = w.peek();
    if (t === 'object-group' && config.objects.get(w.peek(1) ?? '')?.type === 'icmp-type') {
      w.next();
      icmp = { kind: 'object-group', name: w.next()! };
    } else if (t !== undefined && !OPTION_WORDS.has(t)) {
      const type = asaIcmpType(t, icmpProto);
      if (type === null) return fail(`'${t}' is not an ICMP type`);
      w.next();
      const c = w.peek();
      if (c !== undefined && /^\d{1,3}$/.test(c) && Number(c) <= 255) {
        w.next();
        icmp = { kind: 'type', type, code: Number(c) };
      } else icmp = { kind: 'type', type };
    }
  }
  const options = trailingOptions(w);
  if (!options.ok) return options;
  return {
    ok: true,
    value: {
      list: ctx.list,
      action,
      type: 'extended',
      protocol: p,
      src: src.value,
      ...(srcPort !== null ? { srcPort: srcPort.value } : {}),
      dst: dst.value,
      ...(dstPort !== null ? { dstPort: dstPort.value } : {}),
      ...(icmp !== undefined ? { icmp } : {}),
      inactive: options.value.inactive,
      ...(options.value.timeRange !== undefined ? { timeRange: options.value.timeRange } : {}),
      source: ctx.source,
      ...(ctx.label !== undefined ? { label: ctx.label } : {}),
    },
  };
}

const OPTION_WORDS = new Set(['log', 'inactive', 'time-range']);

/** A port operand, or an `object-group` that names a port group; null when neither follows. */
function portAt(w: Words, config: AsaConfig, protocols: readonly number[] | null): Parsed<AsaPortRef> | null {
  const t = w.peek();
  if (t === undefined) return null;
  // `range A B` of two addresses is an address range (in `show access-list` output), not ports.
  if (t === 'range' && parseAddress(w.peek(1) ?? '').ok) return null;
  if (PORT_OPERATORS.has(t)) {
    if (protocols !== null && protocols.some((p) => p !== 6 && p !== 17 && p !== 132)) {
      return fail(`port operator '${t}' with a protocol that has no ports`);
    }
    return portOperand(w, protocols);
  }
  if (t === 'object-group') {
    const name = w.peek(1);
    const obj = name === undefined ? undefined : config.objects.get(name);
    if (obj?.type === 'port') {
      w.next();
      w.next();
      return { ok: true, value: { kind: 'object-group', name: name! } };
    }
  }
  return null;
}

function trailingOptions(w: Words): Parsed<{ inactive: boolean; timeRange?: string }> {
  let inactive = false;
  let timeRange: string | undefined;
  while (!w.done) {
    const t = w.next()!;
    if (t === 'inactive') inactive = true;
    else if (t === 'time-range') {
      timeRange = w.next();
      if (timeRange === undefined) return fail('time-range needs a name');
    } else if (t === 'log') {
      if (w.peek() !== undefined && (LOG_LEVELS.has(w.peek()!) || /^[0-7]$/.test(w.peek()!))) w.next();
      if (w.peek() === 'interval') {
        w.next();
        if (!/^\d+$/.test(w.next() ?? '')) return fail('log interval needs a number');
      }
      if (w.peek() === 'disable' || w.peek() === 'default') w.next();
    } else return fail(`unexpected '${t}'`);
  }
  return { ok: true, value: { inactive, ...(timeRange !== undefined ? { timeRange } : {}) } };
}
