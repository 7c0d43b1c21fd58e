import type { DiagnosticSink, SourceRef } from '../../diagnostics';
import type { NatRule } from '../../device';
import {
  ANY_ADDRESS,
  ANY_SERVICE,
  type AddressSet,
  type Parsed,
  type ServiceSet,
  parseAddressSpec,
  portRange,
  serviceOfProtocol,
  toCidrs,
} from '../../net';
import { dropAmbiguousRewrites, sameDestination } from '../nat-rewrites';
import type { AsaConfig, AsaLegacyStatic } from './model';
import { asaPort } from './names';
import type { Words } from './operands';
import { interfaceAddresses } from './rules';

/**
 * ASA / PIX NAT before 8.3: `static`, `nat (if) ID`, `global (if) ID`, `nat-control`.
 *
 * Cisco's 8.3 migration guide: before 8.3, "you used to have to specify the mapped addresses and
 * ports in an access list"; from 8.3 on, access rules use the real address. So a pre-8.3 device
 * filters what arrives on the mapped interface by its mapped (original) destination:
 * `natPolicyMatch: 'original'`.
 */

const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** The words after `static`. */
export function parseLegacyStatic(w: Words, source: SourceRef): Parsed<AsaLegacyStatic> {
  const ifs = /^\(([^,()]+),([^,()]+)\)$/.exec(w.next() ?? '');
  if (ifs === null) return fail('static takes (real_ifc,mapped_ifc) first');
  const proto = w.peek() === 'tcp' || w.peek() === 'udp' ? (w.next() as 'tcp' | 'udp') : null;
  const protoNumbers = proto === 'tcp' ? [6] : proto === 'udp' ? [17] : null;
  const mapped = w.next();
  if (mapped === undefined) return fail('static needs a mapped address');
  const port = (what: string): Parsed<number> => {
    const t = w.next();
    const n = t === undefined ? null : asaPort(t, protoNumbers);
    return n === null
      ? fail(`static ${proto ?? ''} needs a ${what} port, not '${t ?? ''}'`)
      : { ok: true, value: n };
  };
  let mappedPort: number | null = null;
  if (proto !== null) {
    const p = port('mapped');
    if (!p.ok) return p;
    mappedPort = p.value;
  }
  const base = { realIf: ifs[1]!, mappedIf: ifs[2]!, protocol: proto, mapped, mappedPort, source };
  if (w.peek() === 'access-list') {
    w.next();
    const acl = w.next();
    if (acl === undefined) return fail('static ... access-list needs an ACL name');
    return { ok: true, value: { ...base, real: null, realPort: null, netmask: null, acl } };
  }
  const real = w.next();
  if (real === undefined) return fail('static needs a real address');
  let realPort: number | null = null;
  if (proto !== null) {
    const p = port('real');
    if (!p.ok) return p;
    realPort = p.value;
  }
  let netmask: string | null = null;
  if (w.peek() === 'netmask') {
    w.next();
    netmask = w.next() ?? null;
    if (netmask === null) return fail('netmask needs a mask');
  }
  // The rest (dns, norandomseq, connection limits) does not change what is translated.
  return { ok: true, value: { ...base, real, realPort, netmask, acl: null } };
}

/** `A` (a host, a `name`) under `mask` as one prefix, or an error. */
function prefixOf(text: string, mask: string | null, config: AsaConfig): Parsed<string> {
  const alias = config.names.get(text);
  const host = alias !== undefined ? toCidrs(alias.set)[0]?.replace(/\/32$/, '') : text;
  if (host === undefined || host.includes('/')) return fail(`'${text}' is not one host address`);
  const spec = parseAddressSpec(`${host}/${mask ?? '255.255.255.255'}`);
  if (!spec.ok) return fail(spec.error);
  const cidrs = toCidrs(spec.value.set);
  if (cidrs.length !== 1 || spec.value.set.v6.length > 0)
    return fail(`netmask ${mask ?? ''} is not a contiguous IPv4 mask`);
  return { ok: true, value: cidrs[0]! };
}

interface Converted {
  readonly rules: NatRule[];
  /** True when the configuration uses pre-8.3 NAT commands: ACLs then match mapped addresses. */
  readonly legacy: boolean;
}

/**
 * `static` as two NatRules: the destination rewrite of traffic entering the mapped interface for
 * the mapped address (and port), applied exactly (a prefix maps host bits 1:1, as the ASA does
 * with `netmask`), and the source translation of the real side, recorded. `nat` / `global` /
 * `nat-control` and policy statics are flagged.
 */
export function convertLegacyNat(config: AsaConfig, sink: DiagnosticSink): Converted {
  const rules: NatRule[] = [];
  config.legacyStatics.forEach((s, k) => {
    const id = `static#${k + 1}`;
    if (s.acl !== null) {
      sink.warning(
        'unsupported-construct',
        `policy static NAT (access-list ${s.acl}) is not applied: verdicts see the mapped address`,
        s.source,
      );
      return;
    }
    let mappedText = s.mapped;
    if (s.mapped === 'interface') {
      const cidrs = toCidrs(interfaceAddresses(s.mappedIf, config, sink, s, () => undefined));
      const one = cidrs.length === 1 && cidrs[0]!.endsWith('/32') ? cidrs[0]!.slice(0, -3) : null;
      if (one === null) {
        sink.warning(
          'unsupported-construct',
          `static on 'interface': interface '${s.mappedIf}' has no single static IPv4 address; not applied`,
          s.source,
        );
        return;
      }
      mappedText = one;
    }
    const mapped = prefixOf(mappedText, s.netmask, config);
    const real = prefixOf(s.real!, s.netmask, config);
    if (!mapped.ok || !real.ok) {
      sink.warning(
        'invalid-value',
        `static: ${mapped.ok ? '' : mapped.error}${real.ok ? '' : real.error}`,
        s.source,
      );
      return;
    }
    const proto = s.protocol === 'tcp' ? 6 : s.protocol === 'udp' ? 17 : null;
    const dport = s.mappedPort === null ? undefined : portRange(s.mappedPort, s.mappedPort);
    const service: ServiceSet = proto === null ? ANY_SERVICE : serviceOfProtocol(proto, undefined, dport);
    const identity = mapped.value === real.value && s.mappedPort === s.realPort;
    rules.push({
      id,
      kind: 'static',
      translates: 'source',
      match: {
        src: set(real.value),
        dst: ANY_ADDRESS,
        service:
          proto === null
            ? ANY_SERVICE
            : serviceOfProtocol(proto, s.realPort === null ? undefined : portRange(s.realPort, s.realPort)),
        matchesNew: true,
        outInterface: { names: [s.mappedIf], negate: false },
      },
      to: s.mapped,
      list: 'static',
      source: s.source,
    });
    rules.push({
      id: `${id}/reverse`,
      kind: s.mappedPort === null ? 'static' : 'dnat',
      translates: 'destination',
      match: {
        src: ANY_ADDRESS,
        dst: set(mapped.value),
        service,
        matchesNew: true,
        inInterface: { names: [s.mappedIf], negate: false },
      },
      to: `${s.real!}${s.realPort === null ? '' : `:${s.realPort}`}`,
      ...(identity
        ? {}
        : { rewrite: { address: real.value, ...(s.realPort === null ? {} : { port: s.realPort }) } }),
      list: 'static',
      source: s.source,
    });
  });
  // The ASA refuses two statics for the same mapped address and port between the same
  // interfaces; if the file has them anyway, which one wins is unknown: neither is applied.
  const exact = dropAmbiguousRewrites(
    rules,
    (other, r) =>
      other.rewrite !== undefined &&
      sameDestination({ service: true })(other, r) &&
      other.match.inInterface?.names[0] === r.match.inInterface?.names[0],
    (r, other) =>
      sink.warning(
        'lossy-conversion',
        `static overlaps the static of line ${other.source.line} (same mapped address and port): not applied`,
        r.source,
      ),
  );
  for (const s of config.legacyNatLines) {
    const word = s.text.trim().split(/\s+/)[0];
    if (word === 'nat-control')
      sink.warning(
        'unsupported-construct',
        'nat-control (traffic without a matching NAT rule is dropped) is not modelled: verdicts ignore it',
        s,
      );
    else
      sink.info(
        'unsupported-construct',
        `pre-8.3 dynamic NAT (${word}) is not applied: it changes only the source of new connections, which ACLs see before translation`,
        s,
      );
  }
  return { rules: exact, legacy: config.legacyStatics.length > 0 || config.legacyNatLines.length > 0 };
}

function set(cidr: string): AddressSet {
  const p = parseAddressSpec(cidr);
  return p.ok ? p.value.set : ANY_ADDRESS;
}
