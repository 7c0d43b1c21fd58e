import {
  ANY_ADDRESS,
  ANY_IPV4,
  ANY_IPV6,
  type AddressSet,
  type Parsed,
  type PortSet,
  addressRange,
  fromValueMask,
  parseAddress,
  parseAddressSpec,
  parseIpv4,
  portComplement,
  portRange,
} from '../../net';
import type { AsaAddressRef, AsaConfig, AsaPortRef } from './model';
import { asaPort } from './names';

/** A cursor over the words of one line. */
export class Words {
  i = 0;
  constructor(readonly words: readonly string[]) {}
  peek(k = 0): string | undefined {
    return this.words[this.i + k];
  }
  next(): string | undefined {
    return this.words[this.i++];
  }
  get done(): boolean {
    return this.i >= this.words.length;
  }
}

const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** An IPv4 / IPv6 address or a `name` alias. */
export function hostAddress(text: string | undefined, config: AsaConfig): Parsed<AddressSet> {
  if (text === undefined) return fail('an address is missing');
  const alias = config.names.get(text);
  if (alias !== undefined) return { ok: true, value: alias.set };
  if (text.includes('/')) return fail(`'${text}' is not a host address`);
  const a = parseAddressSpec(text);
  return a.ok ? { ok: true, value: a.value.set } : fail(a.error);
}

/** `A MASK` (IPv4, A possibly a `name`) or `A/len` (IPv6), as in `network-object` and ACEs. */
export function maskedAddress(w: Words, config: AsaConfig): Parsed<AddressSet> {
  const first = w.next();
  if (first === undefined) return fail('an address is missing');
  if (first.includes('/')) {
    const a = parseAddressSpec(first);
    return a.ok ? { ok: true, value: a.value.set } : fail(a.error);
  }
  const alias = config.names.get(first);
  const value = alias !== undefined ? alias.set : null;
  const v4 = value === null ? parseIpv4(first) : null;
  if (value === null && v4 === null) return fail(`'${first}' is not an address`);
  const maskText = w.peek();
  const mask = maskText === undefined ? null : parseIpv4(maskText);
  if (mask === null) {
    return fail(
      `'${first}' needs a netmask (${maskText === undefined ? 'none given' : `'${maskText}' is not one`})`,
    );
  }
  w.next();
  if (!/^1*0*$/.test((mask >>> 0).toString(2).padStart(32, '0')))
    return fail(`'${maskText}' is not a contiguous netmask`);
  if (value !== null) {
    if (value.v4.length !== 2 || value.v4[1]! - value.v4[0]! !== 1)
      return fail(`the name '${first}' is not an IPv4 host`);
    return { ok: true, value: fromValueMask(BigInt(value.v4[0]!), BigInt(mask), 4).set };
  }
  return { ok: true, value: fromValueMask(BigInt(v4!), BigInt(mask), 4).set };
}

/** One address operand of an ACE: any, any4, any6, host, mask, object, object-group, interface, (show output) fqdn and range. */
export function addressOperand(w: Words, config: AsaConfig): Parsed<AsaAddressRef> {
  const t = w.peek();
  if (t === undefined) return fail('an address is missing');
  const set = (s: AddressSet): Parsed<AsaAddressRef> => ({ ok: true, value: { kind: 'addresses', set: s } });
  switch (t) {
    case 'any':
      w.next();
      return set(ANY_ADDRESS);
    case 'any4':
      w.next();
      return set(ANY_IPV4);
    case 'any6':
      w.next();
      return set(ANY_IPV6);
    case 'host': {
      w.next();
      const a = hostAddress(w.next(), config);
      return a.ok ? set(a.value) : a;
    }
    case 'object':
    case 'object-group':
    case 'interface': {
      w.next();
      const name = w.next();
      if (name === undefined) return fail(`'${t}' needs a name`);
      return { ok: true, value: { kind: t, name } };
    }
    case 'fqdn': {
      w.next();
      let host = w.next();
      if (host === 'v4' || host === 'v6') host = w.next();
      if (host === undefined) return fail('fqdn needs a host name');
      if (w.peek() === '(unresolved)') w.next();
      return { ok: true, value: { kind: 'fqdn', host } };
    }
    case 'range': {
      w.next();
      const a = parseAddress(w.next() ?? '');
      const b = parseAddress(w.next() ?? '');
      if (!a.ok || !b.ok) return fail('range needs two addresses');
      const r = addressRange(a.value, b.value);
      return r.ok ? set(r.value) : r;
    }
    case 'object-group-user':
    case 'user':
    case 'user-group':
    case 'security-group':
    case 'object-group-security':
      return fail(`'${t}' (identity / TrustSec matching) is not modelled`);
  }
  const a = maskedAddress(w, config);
  return a.ok ? set(a.value) : a;
}

export const PORT_OPERATORS = new Set(['eq', 'lt', 'gt', 'neq', 'range']);

/** `eq|lt|gt|neq P` or `range A B`, names resolved for `protocols`. */
export function portOperand(w: Words, protocols: readonly number[] | null): Parsed<AsaPortRef> {
  const op = w.next();
  const a = w.next();
  if (op === undefined || a === undefined) return fail('a port operator needs a port');
  const pa = asaPort(a, protocols);
  if (pa === null)
    return fail(`'${a}' is not a port${/^\d+$/.test(a) ? '' : ' name the ASA knows for this protocol'}`);
  let ports: PortSet;
  let text = `${op} ${a}`;
  switch (op) {
    case 'eq':
      ports = portRange(pa, pa);
      break;
    case 'lt':
      ports = portRange(0, pa - 1);
      break;
    case 'gt':
      ports = portRange(pa + 1, 65535);
      break;
    case 'neq':
      ports = portComplement(portRange(pa, pa));
      break;
    case 'range': {
      const b = w.next();
      const pb = b === undefined ? null : asaPort(b, protocols);
      if (pb === null)
        return fail(`range needs a second port${b === undefined ? '' : ` ('${b}' is not one)`}`);
      if (pb < pa) return fail(`port range ${a} ${b} ends before it starts`);
      ports = portRange(pa, pb);
      text = `range ${a} ${b}`;
      break;
    }
    default:
      return fail(`'${op}' is not a port operator`);
  }
  return { ok: true, value: { kind: 'ports', ports, text } };
}
