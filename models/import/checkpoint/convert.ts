import type { DiagnosticSink } from '../../diagnostics';
import { type SourceRef } from '../../diagnostics';
import type { Binding, Device, Interface, NatRule, RuleList } from '../../device';
import { items, num, prop, str } from '../formats/json';
import { convertNat } from './convert-nat';
import { LayerConverter, type Target } from './convert-rules';
import type { GaiaParse } from './gaia';
import type { CheckPointLayer, CheckPointNatRule, CheckPointObject } from './model';
import { CheckPointResolver } from './objects';

/** A package: what the files of one policy package (and the gateway's Gaia configuration) say together. */
export interface CheckPointPackage {
  /** The package's name (the file-name prefix), the device name when no gateway is known. */
  readonly name: string;
  /** Access layers in the order given; layers applied by an "Apply Layer" rule are inline, the rest ordered. */
  readonly layers: readonly CheckPointLayer[];
  readonly nat: readonly CheckPointNatRule[] | null;
  readonly objects: ReadonlyMap<string, CheckPointObject>;
  /** Gateways of show-simple-gateways: one device each. */
  readonly gateways: readonly CheckPointObject[];
  readonly gaia: ReadonlyArray<{ readonly file: string; readonly parse: GaiaParse }>;
  readonly file: string;
}

const NOTES = [
  'Implied rules (Global Properties: control connections, outgoing traffic of the gateway, ...) are not in the management API export and are not modelled.',
  'A layer whose implicit cleanup action the export does not state is taken to drop (the default).',
  'Anti-spoofing, security zones, VPN, time and content cells, and application / URL filtering are not modelled; rules using them are uncertain.',
];

function gatewayInterfaces(gw: CheckPointObject): Interface[] {
  const out: Interface[] = [];
  for (const n of items(prop(gw.node, 'interfaces'))) {
    const name = str(n, 'name');
    if (name === undefined) continue;
    const addresses: string[] = [];
    const v4 = str(n, 'ipv4-address');
    const l4 = num(n, 'ipv4-mask-length');
    if (v4 !== undefined && v4 !== '' && l4 !== undefined) addresses.push(`${v4}/${l4}`);
    const v6 = str(n, 'ipv6-address');
    const l6 = num(n, 'ipv6-mask-length');
    if (v6 !== undefined && v6 !== '' && l6 !== undefined) addresses.push(`${v6}/${l6}`);
    out.push({ name, addresses, source: gw.locate(n), ...(name === 'lo' ? { loopback: true } : {}) });
  }
  return out;
}

/** Which Gaia configuration belongs to a gateway: its hostname, or the only one for the only gateway. */
function gaiaFor(
  pkg: CheckPointPackage,
  target: Target,
  sink: DiagnosticSink,
): { file: string; parse: GaiaParse } | undefined {
  const byName = pkg.gaia.find((g) => g.parse.hostname === target.name);
  if (byName !== undefined) return byName;
  if (pkg.gaia.length === 1 && pkg.gateways.length <= 1) {
    const g = pkg.gaia[0]!;
    if (target.uid !== null && g.parse.hostname !== null)
      sink.info(
        'lossy-conversion',
        `the Gaia hostname '${g.parse.hostname}' is not the gateway's name '${target.name}'; its interfaces and routes were used as the package's only gateway's`,
        g.parse.hostnameSource ?? firstLine(g),
      );
    return g;
  }
  return undefined;
}

const firstLine = (g: { file: string; parse: GaiaParse }): SourceRef =>
  g.parse.interfaces[0]?.source ?? g.parse.routes[0]?.source ?? g.parse.first;

/** The devices of a package: one per gateway of show-simple-gateways, or one for the package. */
export function convertCheckPoint(pkg: CheckPointPackage, sink: DiagnosticSink): Device[] {
  const resolver = new CheckPointResolver(pkg.objects, sink);
  const layersByUid = new Map<string, CheckPointLayer>();
  for (const l of pkg.layers) if (!layersByUid.has(l.uid)) layersByUid.set(l.uid, l);
  const inline = new Set<string>();
  for (const l of pkg.layers)
    for (const r of l.rules) if (r.inlineLayer !== null) inline.add(r.inlineLayer.uid);
  let ordered = pkg.layers.filter((l) => !inline.has(l.uid));
  if (ordered.length === 0 && pkg.layers.length > 0) {
    // Every layer is applied by another (a loop of inline layers): start from the first one.
    const first = pkg.layers[0]!;
    sink.warning(
      'circular-reference',
      `every layer is applied as an inline layer by another; '${first.name}' was taken as the ordered layer`,
      first.source,
    );
    ordered = [first];
  }
  const targets: Target[] =
    pkg.gateways.length > 0
      ? pkg.gateways.map((g) => ({ uid: g.uid, name: g.name }))
      : [{ uid: null, name: pkg.gaia[0]?.parse.hostname ?? pkg.name }];
  return targets.map((target) => {
    const layers = new LayerConverter(layersByUid, resolver, sink, target);
    const bindings: Binding[] = [];
    for (const layer of ordered) {
      const list = layers.ordered(layer);
      bindings.push({ attachment: 'transit', list }, { attachment: 'to-device', list });
    }
    const nat: NatRule[] = pkg.nat === null ? [] : convertNat(pkg.nat, resolver, sink, target);
    const gaia = gaiaFor(pkg, target, sink);
    const gw = pkg.gateways.find((g) => g.uid === target.uid);
    const interfaces: Interface[] =
      gaia !== undefined
        ? gaia.parse.interfaces.map((i) => ({
            name: i.name,
            addresses: i.addresses,
            source: i.source,
            ...(i.loopback ? { loopback: true } : {}),
          }))
        : gw !== undefined
          ? gatewayInterfaces(gw)
          : [];
    const notes = [...NOTES];
    if (ordered.length === 0)
      notes.unshift(
        "No access rulebase was imported: the gateway's Gaia configuration holds its interfaces and routes only; its access policy is on the management server (import the package's show-access-rulebase output with it).",
      );
    if (pkg.nat !== null) notes.push('NAT rules are recorded, not applied to verdicts.');
    const paged = ordered.filter((l) => l.partial !== null);
    for (const l of paged)
      notes.push(`Layer '${l.name}': ${l.partial}; verdicts after its last rule are unreliable.`);
    const lists: ReadonlyMap<string, RuleList> = layers.lists;
    return {
      name: target.name,
      vendor: 'checkpoint',
      file: ordered[0]?.file ?? gaia?.file ?? pkg.file,
      interfaces,
      zones: [],
      lists,
      bindings,
      routes: gaia?.parse.routes ?? [],
      nat,
      support: {
        filtering:
          ordered.length > 0 && layers.uncertainRules === 0 && paged.length === 0 ? 'full' : 'partial',
        nat: pkg.nat !== null ? 'recorded' : 'none',
        routes: gaia !== undefined ? 'modelled' : 'absent',
        notes,
      },
    };
  });
}
