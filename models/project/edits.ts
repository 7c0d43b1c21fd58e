import type { RuleEdit } from '../paths/remediate';
import {
  ANY_ADDRESS,
  ANY_IPV4,
  ANY_IPV6,
  ANY_PORT,
  ANY_SERVICE,
  type AddressSet,
  type Intervals,
  type Parsed,
  type ServiceSet,
  addressEquals,
  addressRange,
  addressUnion,
  formatIpv4,
  formatIpv6,
  hasPorts,
  icmpService,
  intervalsEqual,
  isIcmp,
  parseAddress,
  parseAddressSpec,
  parseProtocol,
  planeEnd,
  protocolName,
  serviceEquals,
  serviceOfProtocol,
  serviceUnion,
  toCidrs,
  unionIntervals,
  EMPTY_ADDRESSES,
  NO_SERVICE,
} from '../net';
import type { ProjectEdit } from './types';

/**
 * What-if edits between their saved form (text: `10.0.0.0/8`, `tcp/22`) and models/paths'
 * RuleEdit (address and service sets). `fromRuleEdit` then `toRuleEdit` gives back equal sets.
 */

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** One address item: `any`, `any4`, `any6`, an address, a CIDR, or a range `FIRST-LAST`. */
export function parseAddressItem(text: string): Parsed<AddressSet> {
  if (text === 'any') return { ok: true, value: ANY_ADDRESS };
  if (text === 'any4') return { ok: true, value: ANY_IPV4 };
  if (text === 'any6') return { ok: true, value: ANY_IPV6 };
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const first = parseAddress(text.slice(0, dash));
    const last = parseAddress(text.slice(dash + 1));
    if (!first.ok) return first;
    if (!last.ok) return last;
    const range = addressRange(first.value, last.value);
    return range.ok ? range : fail(`'${text}': ${range.error}`);
  }
  if (!/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(text))
    return fail(`'${text}' is not an address, a CIDR prefix or a range`);
  const spec = parseAddressSpec(text);
  if (!spec.ok) return spec;
  if (spec.value.hostBits) {
    const fixed = toCidrs(spec.value.set)[0] ?? '';
    return fail(`'${text}' has host bits set beyond its prefix (the network is ${fixed})`);
  }
  return { ok: true, value: spec.value.set };
}

/** The union of a list of address items. */
export function parseAddressList(items: readonly string[]): Parsed<AddressSet> {
  let set = EMPTY_ADDRESSES;
  for (const [i, item] of items.entries()) {
    const p = parseAddressItem(item);
    if (!p.ok) return fail(`[${i}]: ${p.error}`);
    set = addressUnion(set, p.value);
  }
  return { ok: true, value: set };
}

/** An address set as items: `any`, `any4`/`any6`, addresses, CIDRs, and ranges where a range is not one prefix. */
export function formatAddressList(set: AddressSet): string[] {
  if (addressEquals(set, ANY_ADDRESS)) return ['any'];
  const out: string[] = [];
  const fullV4 = set.v4.length === 2 && set.v4[0] === 0 && set.v4[1] === ANY_IPV4.v4[1];
  const fullV6 = set.v6.length === 2 && set.v6[0] === 0n && set.v6[1] === ANY_IPV6.v6[1];
  if (fullV4) out.push('any4');
  else
    for (let i = 0; i < set.v4.length; i += 2) {
      const lo = set.v4[i]!;
      const hi = set.v4[i + 1]!;
      out.push(item(toCidrs({ v4: [lo, hi], v6: [] }), formatIpv4(lo), formatIpv4(hi - 1), hi - lo === 1));
    }
  if (fullV6) out.push('any6');
  else
    for (let i = 0; i < set.v6.length; i += 2) {
      const lo = set.v6[i]!;
      const hi = set.v6[i + 1]!;
      out.push(item(toCidrs({ v4: [], v6: [lo, hi] }), formatIpv6(lo), formatIpv6(hi - 1n), hi - lo === 1n));
    }
  return out;
}

function item(cidrs: readonly string[], first: string, last: string, single: boolean): string {
  if (single) return first;
  return cidrs.length === 1 ? cidrs[0]! : `${first}-${last}`;
}

/** `any`, or `N`, `N-M` items separated by commas, within [0, end). */
function parseNumberList(text: string, end: number, what: string): Parsed<Intervals<number>> {
  if (text === 'any') return { ok: true, value: [0, end] };
  let set: Intervals<number> = [];
  for (const part of text.split(',')) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (!m) return fail(`'${part}' is not a ${what} or a range of them`);
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    if (first >= end || last >= end)
      return fail(`${what} ${Math.max(first, last)} is out of range (0-${end - 1})`);
    if (first > last) return fail(`the range '${part}' ends before it starts`);
    set = unionIntervals(set, [first, last + 1]);
  }
  return { ok: true, value: set };
}

function formatNumberList(set: Intervals<number>, end: number): string {
  if (intervalsEqual(set, [0, end])) return 'any';
  const parts: string[] = [];
  for (let i = 0; i < set.length; i += 2) {
    const a = set[i]!;
    const b = set[i + 1]! - 1;
    parts.push(a === b ? String(a) : `${a}-${b}`);
  }
  return parts.join(',');
}

const SERVICE = /^([A-Za-z0-9][A-Za-z0-9._+-]*)(?:\/(\S+))?(?: (from|code) (\S+))?$/;

/**
 * One service item: `any`; a protocol (`icmp`, `gre`, `47`); a protocol with ports
 * (`tcp/22`, `udp/53`, `tcp/5900-5903`, `tcp/80,443`, `tcp/any from 1024-65535`); ICMP with
 * types and codes (`icmp/8`, `icmp/3 code 4`).
 */
export function parseServiceItem(text: string): Parsed<ServiceSet> {
  if (text === 'any') return { ok: true, value: ANY_SERVICE };
  const m = SERVICE.exec(text);
  if (!m) return fail(`'${text}' is not a service (tcp/22, udp/53, tcp/5900-5903, icmp, any)`);
  const [, protoText = '', yText, keyword, xText] = m;
  const proto = parseProtocol(protoText);
  if (proto === null) return fail(`'${protoText}' is not a protocol name or number`);
  if (hasPorts(proto)) {
    if (keyword === 'code') return fail(`'${text}': ${protoText} has ports, not ICMP codes`);
    if (yText === undefined && keyword === undefined) return { ok: true, value: serviceOfProtocol(proto) };
    const dports = parseNumberList(yText ?? 'any', planeEnd(proto), 'port');
    if (!dports.ok) return fail(`'${text}': ${dports.error}`);
    const sports =
      xText === undefined
        ? { ok: true as const, value: ANY_PORT }
        : parseNumberList(xText, planeEnd(proto), 'port');
    if (!sports.ok) return fail(`'${text}': ${sports.error}`);
    return { ok: true, value: serviceOfProtocol(proto, sports.value, dports.value) };
  }
  if (isIcmp(proto)) {
    if (keyword === 'from') return fail(`'${text}': ${protoText} has ICMP types and codes, not ports`);
    const types = parseNumberList(yText ?? 'any', planeEnd(proto), 'ICMP type');
    if (!types.ok) return fail(`'${text}': ${types.error}`);
    const codes = xText === undefined ? undefined : parseNumberList(xText, planeEnd(proto), 'ICMP code');
    if (codes && !codes.ok) return fail(`'${text}': ${codes.error}`);
    return { ok: true, value: icmpService(proto, types.value, codes?.value) };
  }
  if (yText !== undefined || keyword !== undefined)
    return fail(`'${text}': protocol ${protoText} has neither ports nor ICMP types`);
  return { ok: true, value: serviceOfProtocol(proto) };
}

/** The union of a list of service items. */
export function parseServiceList(items: readonly string[]): Parsed<ServiceSet> {
  let set: ServiceSet = NO_SERVICE;
  for (const [i, text] of items.entries()) {
    const p = parseServiceItem(text);
    if (!p.ok) return fail(`[${i}]: ${p.error}`);
    set = serviceUnion(set, p.value);
  }
  return { ok: true, value: set };
}

/** A service set as items, protocols in numeric order; `parseServiceList` reads them back to an equal set. */
export function formatServiceList(set: ServiceSet): string[] {
  if (serviceEquals(set, ANY_SERVICE)) return ['any'];
  const out: string[] = [];
  for (const proto of [...set.keys()].sort((a, b) => a - b)) {
    const plane = set.get(proto)!;
    const end = planeEnd(proto);
    const name = protocolName(proto);
    const full =
      plane.length === 1 &&
      plane[0]!.x0 === 0 &&
      plane[0]!.x1 === end &&
      intervalsEqual(plane[0]!.y, [0, end]);
    if (full || (!hasPorts(proto) && !isIcmp(proto))) {
      out.push(name);
      continue;
    }
    for (const s of plane) {
      const x =
        s.x0 === 0 && s.x1 === end
          ? ''
          : ` ${isIcmp(proto) ? 'code' : 'from'} ${formatNumberList([s.x0, s.x1], end)}`;
      out.push(`${name}/${formatNumberList(s.y, end)}${x}`);
    }
  }
  return out;
}

function nonEmpty(value: string, what: string): string | null {
  return value.length === 0 ? `${what} is empty` : null;
}

/** One saved edit as a RuleEdit; an error names the field (`src[1]: ...`). */
export function toRuleEdit(edit: ProjectEdit): Parsed<RuleEdit> {
  const bad = nonEmpty(edit.device, 'device') ?? nonEmpty(edit.rule, 'rule');
  if (bad !== null) return fail(bad);
  const { device, rule } = edit;
  if (edit.kind === 'disable') return { ok: true, value: { kind: 'disable', device, rule } };
  const sets: { src?: AddressSet; dst?: AddressSet; service?: ServiceSet } = {};
  for (const key of ['src', 'dst'] as const) {
    const items = edit[key];
    if (items === undefined) continue;
    const p = parseAddressList(items);
    if (!p.ok) return fail(`${key}${p.error}`);
    sets[key] = p.value;
  }
  if (edit.service !== undefined) {
    const p = parseServiceList(edit.service);
    if (!p.ok) return fail(`service${p.error}`);
    sets.service = p.value;
  }
  if (edit.kind === 'narrow') return { ok: true, value: { kind: 'narrow', device, rule, ...sets } };
  return {
    ok: true,
    value: {
      kind: 'deny-above',
      device,
      rule,
      src: sets.src ?? ANY_ADDRESS,
      dst: sets.dst ?? ANY_ADDRESS,
      service: sets.service ?? ANY_SERVICE,
    },
  };
}

export type RuleEditsResult =
  | { readonly ok: true; readonly value: RuleEdit[] }
  | { readonly ok: false; readonly index: number; readonly error: string };

/** Every saved edit as a RuleEdit, or the first that cannot be: `edits[2].service[0]: 'tcp/99999': ...`. */
export function toRuleEdits(edits: readonly ProjectEdit[]): RuleEditsResult {
  const out: RuleEdit[] = [];
  for (const [index, edit] of edits.entries()) {
    const p = toRuleEdit(edit);
    if (!p.ok) return { ok: false, index, error: `edits[${index}].${p.error}` };
    out.push(p.value);
  }
  return { ok: true, value: out };
}

/** A RuleEdit in its saved form, with an optional note. */
export function fromRuleEdit(edit: RuleEdit, note?: string): ProjectEdit {
  const withNote = note === undefined ? {} : { note };
  const { device, rule } = edit;
  if (edit.kind === 'disable') return { kind: 'disable', device, rule, ...withNote };
  if (edit.kind === 'deny-above')
    return {
      kind: 'deny-above',
      device,
      rule,
      src: formatAddressList(edit.src),
      dst: formatAddressList(edit.dst),
      service: formatServiceList(edit.service),
      ...withNote,
    };
  return {
    kind: 'narrow',
    device,
    rule,
    ...(edit.src ? { src: formatAddressList(edit.src) } : {}),
    ...(edit.dst ? { dst: formatAddressList(edit.dst) } : {}),
    ...(edit.service ? { service: formatServiceList(edit.service) } : {}),
    ...withNote,
  };
}
