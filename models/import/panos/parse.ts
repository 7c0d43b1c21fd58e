import type { DiagnosticSink, SourceRef } from '../../diagnostics';
import type {
  PanosConfig,
  PanosDefaultRule,
  PanosInterface,
  PanosNatRule,
  PanosObjects,
  PanosRoute,
  PanosScope,
  PanosSecurityRule,
  PanosZone,
} from './model';
import { readObjects } from './parse-objects';
import { type PanosNode, type PanosForm, at, child, items, leaf } from './tree';

/** Matches the model cannot decide offline when they are not `any`. */
const UNDECIDABLE = ['source-user', 'category', 'source-hip', 'destination-hip'] as const;
const INTERFACE_KINDS = ['ethernet', 'aggregate-ethernet', 'loopback', 'tunnel', 'vlan'] as const;
const ZONE_MODES = ['layer3', 'layer2', 'virtual-wire', 'tap', 'tunnel', 'external'] as const;

export interface ParseOptions {
  /** Panorama: import only this device group. */
  readonly deviceGroup?: string;
}

/** The `config` tree -> the vendor model: one scope per vsys, or per Panorama device group. */
export function parsePanos(
  file: string,
  form: PanosForm,
  config: PanosNode,
  sink: DiagnosticSink,
  options: ParseOptions = {},
): PanosConfig {
  const device =
    child(child(config, 'devices'), 'localhost.localdomain') ?? child(config, 'devices')?.children[0];
  const hostname = leaf(at(device, 'deviceconfig', 'system'), 'hostname') ?? null;
  const shared = readObjects('shared', child(config, 'shared'), sink);
  const deviceGroups = child(device, 'device-group')?.children ?? [];
  const panorama = deviceGroups.length > 0 || child(child(config, 'shared'), 'pre-rulebase') !== undefined;
  const scopes: PanosScope[] = [];
  if (panorama) {
    scopes.push(...parseDeviceGroups(config, deviceGroups, shared, sink, options));
  } else {
    const interfaces = readInterfaces(child(device, 'network'));
    const routes = readRoutes(child(device, 'network'));
    const vsysList = child(device, 'vsys')?.children ?? [];
    for (const v of vsysList) {
      const imported = items(at(v, 'import', 'network', 'interface'));
      const own = vsysList.length > 1 && imported.length > 0 ? new Set(imported) : null;
      const ifaces =
        own === null ? interfaces : interfaces.filter((i) => own.has(i.name) || own.has(physical(i.name)));
      const names = new Set(ifaces.map((i) => i.name));
      const vsysRoutes =
        own === null ? routes : routes.filter((r) => r.interface === null || names.has(r.interface));
      const rulebase = child(v, 'rulebase');
      const defaults = at(rulebase, 'default-security-rules', 'rules');
      scopes.push({
        kind: 'vsys',
        name: v.name,
        deviceName:
          vsysList.length > 1 ? `${hostname ?? baseName(file)}/${v.name}` : (hostname ?? baseName(file)),
        objects: [readObjects(v.name, v, sink), shared],
        zones: readZones(v),
        interfaces: ifaces,
        routes: vsysRoutes,
        security: readSecurityRules(rulebase, 'rulebase', sink),
        nat: readNatRules(rulebase, 'rulebase', sink),
        intrazoneDefault: readDefault(child(defaults, 'intrazone-default')),
        interzoneDefault: readDefault(child(defaults, 'interzone-default')),
        source: v.source,
      });
    }
  }
  return { file, form, panorama, hostname, scopes };
}

/** `ethernet1/1.5` -> `ethernet1/1`. */
const physical = (name: string): string => name.replace(/\.\d+$/, '');

export function baseName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(/\.(xml|txt|conf|cfg|set)$/i, '');
  return name === '' ? base : name;
}

function parseDeviceGroups(
  config: PanosNode,
  groups: readonly PanosNode[],
  shared: PanosObjects,
  sink: DiagnosticSink,
  options: ParseOptions,
): PanosScope[] {
  const sharedNode = child(config, 'shared');
  const byName = new Map(groups.map((g) => [g.name, g]));
  const meta = at(config, 'readonly', 'devices', 'localhost.localdomain', 'device-group');
  const parentOf = (name: string): string | null =>
    leaf(child(meta, name), 'parent-dg') ?? leaf(byName.get(name), 'parent-dg') ?? null;
  const objects = new Map<string, PanosObjects>();
  const objectsOf = (g: PanosNode): PanosObjects => {
    let o = objects.get(g.name);
    if (o === undefined) {
      o = readObjects(`device-group ${g.name}`, g, sink);
      objects.set(g.name, o);
    }
    return o;
  };
  let selected = groups;
  if (options.deviceGroup !== undefined) {
    selected = groups.filter((g) => g.name === options.deviceGroup);
  }
  const out: PanosScope[] = [];
  for (const g of selected) {
    // The chain of ancestors, nearest first; a loop in parent-dg is reported and cut.
    const chain: PanosNode[] = [g];
    for (let p = parentOf(g.name); p !== null; p = parentOf(p)) {
      const pg = byName.get(p);
      if (pg === undefined) {
        sink.warning(
          'undefined-reference',
          `device group '${g.name}' has the undefined ancestor '${p}'`,
          g.source,
        );
        break;
      }
      if (chain.includes(pg)) {
        sink.warning(
          'circular-reference',
          `device group '${g.name}' is its own ancestor (through '${p}')`,
          g.source,
        );
        break;
      }
      chain.push(pg);
    }
    const top = [...chain].reverse();
    const pre: PanosSecurityRule[] = [
      ...readSecurityRules(child(sharedNode, 'pre-rulebase'), 'pre-rulebase (shared)', sink),
      ...top.flatMap((d) =>
        readSecurityRules(child(d, 'pre-rulebase'), `pre-rulebase (device-group ${d.name})`, sink),
      ),
    ];
    const local = readSecurityRules(child(g, 'rulebase'), `rulebase (device-group ${g.name})`, sink);
    const post: PanosSecurityRule[] = [
      ...chain.flatMap((d) =>
        readSecurityRules(child(d, 'post-rulebase'), `post-rulebase (device-group ${d.name})`, sink),
      ),
      ...readSecurityRules(child(sharedNode, 'post-rulebase'), 'post-rulebase (shared)', sink),
    ];
    const nat: PanosNatRule[] = [
      ...readNatRules(child(sharedNode, 'pre-rulebase'), 'pre-rulebase (shared)', sink),
      ...top.flatMap((d) =>
        readNatRules(child(d, 'pre-rulebase'), `pre-rulebase (device-group ${d.name})`, sink),
      ),
      ...readNatRules(child(g, 'rulebase'), `rulebase (device-group ${g.name})`, sink),
      ...chain.flatMap((d) =>
        readNatRules(child(d, 'post-rulebase'), `post-rulebase (device-group ${d.name})`, sink),
      ),
      ...readNatRules(child(sharedNode, 'post-rulebase'), 'post-rulebase (shared)', sink),
    ];
    // default-security-rules of the nearest group that overrides them, else shared's.
    const defaults = (kind: string): PanosDefaultRule | null => {
      for (const d of [...chain, sharedNode]) {
        const r = readDefault(at(d, 'post-rulebase', 'default-security-rules', 'rules', kind));
        if (r !== null) return r;
      }
      return null;
    };
    out.push({
      kind: 'device-group',
      name: g.name,
      deviceName: g.name,
      objects: [...chain.map(objectsOf), shared],
      zones: [],
      interfaces: [],
      routes: [],
      security: [...pre, ...local, ...post],
      nat,
      intrazoneDefault: defaults('intrazone-default'),
      interzoneDefault: defaults('interzone-default'),
      source: g.source,
    });
  }
  if (groups.length === 0 && sharedNode !== undefined) {
    // Panorama with shared rules only: one device for them.
    out.push({
      kind: 'device-group',
      name: 'shared',
      deviceName: 'shared',
      objects: [shared],
      zones: [],
      interfaces: [],
      routes: [],
      security: [
        ...readSecurityRules(child(sharedNode, 'pre-rulebase'), 'pre-rulebase (shared)', sink),
        ...readSecurityRules(child(sharedNode, 'post-rulebase'), 'post-rulebase (shared)', sink),
      ],
      nat: [],
      intrazoneDefault: null,
      interzoneDefault: null,
      source: sharedNode.source,
    });
  }
  return out;
}

function readDefault(rule: PanosNode | undefined): PanosDefaultRule | null {
  const action = child(rule, 'action');
  if (rule === undefined || action === undefined) return null;
  const value = leaf(rule, 'action');
  return value === undefined ? null : { action: value, source: action.source };
}

const yes = (v: string | undefined): boolean => v === 'yes';

/** Members of a rule field; an absent field is taken as `any` (reported by the converter). */
const members = (rule: PanosNode, name: string): string[] => items(child(rule, name));

export function readSecurityRules(
  rulebase: PanosNode | undefined,
  where: string,
  sink: DiagnosticSink,
): PanosSecurityRule[] {
  const out: PanosSecurityRule[] = [];
  for (const r of at(rulebase, 'security', 'rules')?.children ?? []) {
    const undecidable: string[] = [];
    for (const k of UNDECIDABLE) {
      const v = members(r, k);
      if (v.length > 0 && !(v.length === 1 && v[0] === 'any')) undecidable.push(`${k} ${v.join(' ')}`);
    }
    const schedule = leaf(r, 'schedule');
    if (schedule !== undefined) undecidable.push(`schedule ${schedule}`);
    // Panorama: a rule that targets some firewalls of the group applies only on those.
    const target = child(r, 'target');
    const targeted = child(target, 'devices')?.children.length ?? 0;
    if (targeted > 0 || leaf(target, 'negate') === 'yes')
      undecidable.push(`target: the rule applies only on some firewalls of the device group`);
    const type = leaf(r, 'rule-type') ?? 'universal';
    if (type !== 'universal' && type !== 'intrazone' && type !== 'interzone')
      sink.warning(
        'invalid-value',
        `rule '${r.name}': unknown rule-type '${type}'; taken as universal`,
        child(r, 'rule-type')!.source,
      );
    out.push({
      name: r.name,
      rulebase: where,
      from: members(r, 'from'),
      to: members(r, 'to'),
      sources: members(r, 'source'),
      destinations: members(r, 'destination'),
      negateSource: yes(leaf(r, 'negate-source')),
      negateDestination: yes(leaf(r, 'negate-destination')),
      applications: members(r, 'application'),
      services: members(r, 'service'),
      action: leaf(r, 'action') ?? null,
      disabled: yes(leaf(r, 'disabled')),
      ruleType: type === 'intrazone' || type === 'interzone' ? type : 'universal',
      undecidable,
      description: leaf(r, 'description') ?? null,
      source: r.source,
    });
  }
  return out;
}

function readNatRules(rulebase: PanosNode | undefined, where: string, sink: DiagnosticSink): PanosNatRule[] {
  const out: PanosNatRule[] = [];
  for (const r of at(rulebase, 'nat', 'rules')?.children ?? []) {
    const st = child(r, 'source-translation');
    let sourceTranslation: PanosNatRule['sourceTranslation'] = null;
    if (st !== undefined) {
      const t = st.children[0];
      if (t === undefined) {
        sink.warning('invalid-value', `NAT rule '${r.name}': empty source-translation`, st.source);
      } else {
        const ifaceAddr = child(t, 'interface-address');
        sourceTranslation = {
          type: t.name,
          addresses: items(child(t, 'translated-address')),
          interface: leaf(ifaceAddr, 'interface') ?? null,
          bidirectional: yes(leaf(t, 'bi-directional')),
        };
      }
    }
    const dt = child(r, 'destination-translation');
    const ddt = child(r, 'dynamic-destination-translation');
    const d = dt ?? ddt;
    out.push({
      name: r.name,
      rulebase: where,
      from: members(r, 'from'),
      to: members(r, 'to'),
      toInterface: leaf(r, 'to-interface') ?? null,
      sources: members(r, 'source'),
      destinations: members(r, 'destination'),
      service: leaf(r, 'service') ?? 'any',
      disabled: yes(leaf(r, 'disabled')),
      sourceTranslation,
      destinationTranslation:
        d === undefined
          ? null
          : {
              dynamic: ddt !== undefined && dt === undefined,
              address: leaf(d, 'translated-address') ?? null,
              port: leaf(d, 'translated-port') ?? null,
            },
      source: r.source,
    });
  }
  return out;
}

function readZones(vsys: PanosNode): PanosZone[] {
  const out: PanosZone[] = [];
  for (const z of child(vsys, 'zone')?.children ?? []) {
    const network = child(z, 'network');
    const mode = ZONE_MODES.find((m) => child(network, m) !== undefined) ?? null;
    out.push({
      name: z.name,
      mode,
      interfaces: mode === null ? [] : items(child(network, mode)),
      source: z.source,
    });
  }
  return out;
}

function readInterfaces(network: PanosNode | undefined): PanosInterface[] {
  const out: PanosInterface[] = [];
  const addresses = (n: PanosNode | undefined): { value: string; source: SourceRef }[] => {
    const ip = child(n, 'ip');
    if (ip === undefined) return [];
    return [
      ...ip.values.map((value) => ({ value, source: ip.source })),
      ...ip.children.map((c) => ({ value: c.name, source: c.source })),
    ];
  };
  for (const kind of INTERFACE_KINDS) {
    const container = at(network, 'interface', kind);
    if (container === undefined) continue;
    const loopback = kind === 'loopback';
    // loopback / tunnel / vlan: the container itself may carry an address, and its units.
    if (kind !== 'ethernet' && kind !== 'aggregate-ethernet') {
      const own = addresses(container);
      if (own.length > 0) out.push({ name: kind, addresses: own, loopback, source: container.source });
      for (const u of child(container, 'units')?.children ?? [])
        out.push({ name: u.name, addresses: addresses(u), loopback, source: u.source });
      continue;
    }
    for (const e of container.children) {
      const l3 = child(e, 'layer3');
      out.push({ name: e.name, addresses: addresses(l3), loopback: false, source: e.source });
      for (const layer of ['layer3', 'layer2', 'virtual-wire'])
        for (const u of at(e, layer, 'units')?.children ?? [])
          out.push({ name: u.name, addresses: addresses(u), loopback: false, source: u.source });
    }
  }
  return out;
}

function readRoutes(network: PanosNode | undefined): PanosRoute[] {
  const out: PanosRoute[] = [];
  for (const vr of child(network, 'virtual-router')?.children ?? []) {
    for (const family of ['ip', 'ipv6']) {
      for (const s of at(vr, 'routing-table', family, 'static-route')?.children ?? []) {
        const destination = leaf(s, 'destination');
        if (destination === undefined) continue;
        const nh = child(s, 'nexthop');
        const nextHop = leaf(nh, 'ip-address') ?? leaf(nh, 'ipv6-address') ?? null;
        out.push({
          router: vr.name,
          name: s.name,
          destination,
          nextHop,
          interface: leaf(s, 'interface') ?? null,
          discard: child(nh, 'discard') !== undefined || (nh?.values.includes('discard') ?? false),
          source: s.source,
        });
      }
    }
  }
  return out;
}
