import type { DiagnosticSink } from '../../diagnostics';
import {
  ANY_ADDRESS,
  ANY_SERVICE,
  EMPTY_ADDRESSES,
  NO_SERVICE,
  type AddressSet,
  type ServiceSet,
  addressComplement,
  addressOf,
  addressRange,
  addressSubtract,
  addressUnion,
  parseAddress,
  parseAddressSpec,
  serviceSubtract,
  serviceUnion,
} from '../../net';
import { type JsonNode, items, num, prop, str } from '../formats/json';
import type { CheckPointCell, CheckPointObject, CheckPointRef } from './model';
import { isAnyName, serviceOfObject } from './services';

/** What a reference resolves to: a set, and why it is only approximate when it is. */
export interface Resolved<T> {
  readonly set: T;
  readonly uncertain?: string;
}

/** Groups nest a few levels in practice; deeper is treated as a loop. */
const MAX_DEPTH = 32;

const GATEWAY_TYPES = new Set([
  'simple-gateway',
  'simple-cluster',
  'CpmiGatewayCluster',
  'CpmiClusterMember',
  'CpmiHostCkp',
  'checkpoint-host',
  'cluster-member',
  'gateway',
]);

/** Object types that are not addresses but name something a rule can only match at run time. */
const RUNTIME_ADDRESS_TYPES: Readonly<Record<string, string>> = {
  'dns-domain': 'a DNS domain, resolved by the gateway at run time',
  'access-role': 'an access role (users and machines), known only at run time',
  'security-zone': 'a security zone, known from the gateway topology only',
  'dynamic-object': 'a dynamic object, resolved on the gateway',
  'updatable-object': 'an updatable object, downloaded by the gateway',
  'data-center-object': 'a data center object, imported at run time',
  Internet: "the 'Internet' object, which depends on the gateway topology",
};

/**
 * Resolves uids to address and service sets through the merged objects of a file or a package.
 * Each undefined reference is reported once per place it is used; each object's own problems
 * (a bad address, an unknown type) once per object.
 */
export class CheckPointResolver {
  private readonly addresses = new Map<string, Resolved<AddressSet>>();
  private readonly services = new Map<string, Resolved<ServiceSet>>();
  private readonly visiting = new Set<string>();
  private readonly reported = new Set<string>();

  constructor(
    readonly objects: ReadonlyMap<string, CheckPointObject>,
    private readonly sink: DiagnosticSink,
  ) {}

  get(uid: string): CheckPointObject | undefined {
    return this.objects.get(uid);
  }

  /** The object a reference names, or undefined after reporting it at the reference's line. */
  lookup(ref: CheckPointRef, what: string): CheckPointObject | undefined {
    const o = this.objects.get(ref.uid);
    if (o !== undefined) return o;
    const key = `${ref.source.file}:${ref.source.line}:${ref.uid}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.sink.warning(
        'undefined-reference',
        `${what} uid ${ref.uid} is not in this export's objects; import the package's other files (show-hosts, show-networks, show-groups, show-services-*...) with it`,
        ref.source,
      );
    }
    return undefined;
  }

  /** Reports a problem of an object once, on the object. */
  once(o: CheckPointObject, code: 'invalid-value' | 'circular-reference', message: string): void {
    const key = `${code}:${o.uid}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.sink.warning(code, message, o.source);
  }

  /** A cell of a rule (source, destination): union of its references, then negation. */
  addressCell(cell: CheckPointCell, what: string): Resolved<AddressSet> {
    if (!cell.present) return { set: ANY_ADDRESS, uncertain: `the rule has no ${what} cell` };
    let set = EMPTY_ADDRESSES;
    let uncertain: string | undefined;
    for (const ref of cell.refs) {
      const r = this.addressRef(ref, what);
      set = addressUnion(set, r.set);
      uncertain ??= r.uncertain;
    }
    if (!cell.negate) return uncertain === undefined ? { set } : { set, uncertain };
    // The complement of an over-approximation is an under-approximation: match anything instead.
    return uncertain === undefined ? { set: addressComplement(set) } : { set: ANY_ADDRESS, uncertain };
  }

  serviceCell(cell: CheckPointCell): Resolved<ServiceSet> {
    if (!cell.present) return { set: ANY_SERVICE, uncertain: 'the rule has no service cell' };
    let set: ServiceSet = NO_SERVICE;
    let uncertain: string | undefined;
    for (const ref of cell.refs) {
      const r = this.serviceRef(ref);
      set = serviceUnion(set, r.set);
      uncertain ??= r.uncertain;
    }
    if (!cell.negate) return uncertain === undefined ? { set } : { set, uncertain };
    if (uncertain !== undefined) return { set: ANY_SERVICE, uncertain };
    return { set: serviceSubtract(ANY_SERVICE, set) };
  }

  addressRef(ref: CheckPointRef, what: string): Resolved<AddressSet> {
    const o = this.lookup(ref, what);
    if (o === undefined) return { set: ANY_ADDRESS, uncertain: `${what} uid ${ref.uid} is undefined` };
    return this.address(o, 0);
  }

  serviceRef(ref: CheckPointRef): Resolved<ServiceSet> {
    const o = this.lookup(ref, 'service');
    if (o === undefined) return { set: ANY_SERVICE, uncertain: `service uid ${ref.uid} is undefined` };
    return this.service(o, 0);
  }

  private memo<T>(
    cache: Map<string, Resolved<T>>,
    o: CheckPointObject,
    depth: number,
    any: T,
    compute: () => Resolved<T>,
  ): Resolved<T> {
    const hit = cache.get(o.uid);
    if (hit !== undefined) return hit;
    if (this.visiting.has(o.uid) || depth > MAX_DEPTH) {
      this.once(
        o,
        'circular-reference',
        `group '${o.name}' contains itself (or nests deeper than ${MAX_DEPTH} levels); the loop was cut`,
      );
      return { set: any, uncertain: `group '${o.name}' contains itself` };
    }
    this.visiting.add(o.uid);
    const r = compute();
    this.visiting.delete(o.uid);
    cache.set(o.uid, r);
    return r;
  }

  address(o: CheckPointObject, depth: number): Resolved<AddressSet> {
    return this.memo(this.addresses, o, depth, ANY_ADDRESS, () => this.computeAddress(o, depth));
  }

  /** The members of a group object (uids, or objects given in full). */
  members(o: CheckPointObject, key: string): CheckPointRef[] {
    const out: CheckPointRef[] = [];
    for (const m of items(prop(o.node, key))) {
      const uid = m.type === 'string' ? (m.value as string) : str(m, 'uid');
      if (uid !== undefined) out.push({ uid, source: o.source });
    }
    return out;
  }

  private computeAddress(o: CheckPointObject, depth: number): Resolved<AddressSet> {
    const n = o.node;
    switch (o.type) {
      case 'CpmiAnyObject':
        // Any (and All); other objects of this type (Internet) depend on the gateway topology
        return isAnyName(o.name)
          ? { set: ANY_ADDRESS }
          : { set: ANY_ADDRESS, uncertain: `'${o.name}' depends on the gateway topology` };
      case 'host':
        return this.hostAddresses(o, [n]);
      case 'network':
        return this.network(o);
      case 'address-range':
      case 'multicast-address-range':
        return this.range(o);
      case 'group': {
        let set = EMPTY_ADDRESSES;
        let uncertain: string | undefined;
        for (const m of this.members(o, 'members')) {
          const r = this.memberAddress(m, depth);
          set = addressUnion(set, r.set);
          uncertain ??= r.uncertain;
        }
        return uncertain === undefined ? { set } : { set, uncertain };
      }
      case 'group-with-exclusion': {
        const inc = this.single(prop(n, 'include'), o);
        const exc = this.single(prop(n, 'except'), o);
        if (inc === null || exc === null) {
          this.once(o, 'invalid-value', `group with exclusion '${o.name}' lacks its include or except group`);
          return { set: ANY_ADDRESS, uncertain: `'${o.name}' is incomplete` };
        }
        const a = this.memberAddress(inc, depth);
        const b = this.memberAddress(exc, depth);
        if (b.uncertain !== undefined) return { set: a.set, uncertain: b.uncertain };
        const set = addressSubtract(a.set, b.set);
        return a.uncertain === undefined ? { set } : { set, uncertain: a.uncertain };
      }
      default:
        if (GATEWAY_TYPES.has(o.type)) {
          const ifaces = items(prop(n, 'interfaces'));
          return this.hostAddresses(o, [n, ...ifaces]);
        }
        return {
          set: ANY_ADDRESS,
          uncertain: `'${o.name}' is ${RUNTIME_ADDRESS_TYPES[o.type] ?? `a '${o.type}' object, not modelled as addresses`}`,
        };
    }
  }

  private single(node: JsonNode | undefined, o: CheckPointObject): CheckPointRef | null {
    if (node === undefined) return null;
    const uid = node.type === 'string' ? (node.value as string) : str(node, 'uid');
    return uid === undefined ? null : { uid, source: o.source };
  }

  private memberAddress(ref: CheckPointRef, depth: number): Resolved<AddressSet> {
    const m = this.lookup(ref, 'group member');
    if (m === undefined) return { set: ANY_ADDRESS, uncertain: `group member uid ${ref.uid} is undefined` };
    return this.address(m, depth + 1);
  }

  private hostAddresses(o: CheckPointObject, nodes: readonly JsonNode[]): Resolved<AddressSet> {
    let set = EMPTY_ADDRESSES;
    for (const n of nodes) {
      for (const key of ['ipv4-address', 'ipv6-address']) {
        const text = str(n, key);
        if (text === undefined || text === '') continue;
        const a = parseAddress(text);
        if (!a.ok) {
          this.once(o, 'invalid-value', `'${o.name}': ${key} '${text}' is not an address`);
          continue;
        }
        set = addressUnion(set, addressOf(a.value));
      }
    }
    if (set.v4.length === 0 && set.v6.length === 0)
      return { set: ANY_ADDRESS, uncertain: `'${o.name}' has no address in this export` };
    return { set };
  }

  private network(o: CheckPointObject): Resolved<AddressSet> {
    const n = o.node;
    let set = EMPTY_ADDRESSES;
    const parts: Array<[string | undefined, number | undefined | string]> = [
      [
        str(n, 'subnet4') ?? str(n, 'subnet'),
        num(n, 'mask-length4') ?? str(n, 'subnet-mask') ?? num(n, 'mask-length'),
      ],
      [str(n, 'subnet6'), num(n, 'mask-length6')],
    ];
    for (const [subnet, mask] of parts) {
      if (subnet === undefined || subnet === '' || mask === undefined) continue;
      const p = parseAddressSpec(`${subnet}/${mask}`);
      if (!p.ok) {
        this.once(o, 'invalid-value', `network '${o.name}': ${p.error}`);
        continue;
      }
      let s = p.value.set;
      // broadcast 'disallow': the network does not include its IPv4 broadcast address.
      if (str(n, 'broadcast') === 'disallow' && s.v4.length === 2 && s.v4[1]! - s.v4[0]! > 2)
        s = addressSubtract(s, { v4: [s.v4[1]! - 1, s.v4[1]!], v6: [] });
      set = addressUnion(set, s);
    }
    if (set.v4.length === 0 && set.v6.length === 0) {
      this.once(o, 'invalid-value', `network '${o.name}' has no subnet and mask`);
      return { set: ANY_ADDRESS, uncertain: `network '${o.name}' has no subnet` };
    }
    return { set };
  }

  private range(o: CheckPointObject): Resolved<AddressSet> {
    let set = EMPTY_ADDRESSES;
    for (const fam of ['ipv4', 'ipv6']) {
      const a = str(o.node, `${fam}-address-first`);
      const b = str(o.node, `${fam}-address-last`);
      if (a === undefined || b === undefined || a === '' || b === '') continue;
      const first = parseAddress(a);
      const last = parseAddress(b);
      const r = first.ok && last.ok ? addressRange(first.value, last.value) : null;
      if (r === null || !r.ok) {
        this.once(o, 'invalid-value', `range '${o.name}': ${a} - ${b} is not an address range`);
        continue;
      }
      set = addressUnion(set, r.value);
    }
    if (set.v4.length === 0 && set.v6.length === 0)
      return { set: ANY_ADDRESS, uncertain: `range '${o.name}' has no usable bounds` };
    return { set };
  }

  service(o: CheckPointObject, depth: number): Resolved<ServiceSet> {
    return this.memo(this.services, o, depth, ANY_SERVICE, () => this.computeService(o, depth));
  }

  private computeService(o: CheckPointObject, depth: number): Resolved<ServiceSet> {
    return serviceOfObject(o, depth, this);
  }
}
