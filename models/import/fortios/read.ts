import type { DiagnosticSink } from '../../diagnostics';
import { maskLength, parseAddressSpec, parseIpv4 } from '../../net';
import { LineKind } from './lines';
import type {
  FortiosAddressGroup,
  FortiosConfig,
  FortiosInterface,
  FortiosRef,
  FortiosVdom,
  FortiosZone,
} from './model';
import { dispositionOf } from './sections';
import {
  type FortiosEntry,
  type FortiosTable,
  type FortiosTree,
  type FortiosValue,
  entriesOf,
  finalValues,
  markSetting,
  markTable,
} from './tree';

/** The tables of one VDOM (or of the whole file), by path, with the global ones shared. */
class Scope {
  private readonly own = new Map<string, FortiosTable[]>();
  constructor(
    tables: readonly FortiosTable[],
    private readonly global: Scope | null,
  ) {
    for (const t of tables) {
      const list = this.own.get(t.path);
      if (list === undefined) this.own.set(t.path, [t]);
      else list.push(t);
    }
  }
  tables(path: string): FortiosTable[] {
    return [...(this.own.get(path) ?? []), ...(this.global?.tables(path) ?? [])];
  }
  all(): FortiosTable[] {
    return [...this.own.values()].flat();
  }
}

const refs = (v: FortiosValue | undefined): FortiosRef[] =>
  v === undefined ? [] : v.values.map((name) => ({ name, source: v.source }));

/** `A M` or `A/len` as a prefix `A/len` (host bits kept), or null. */
export function prefixOf(values: readonly string[]): string | null {
  const text = values.length === 2 ? `${values[0]!}/${values[1]!}` : values.length === 1 ? values[0]! : '';
  const p = parseAddressSpec(text);
  if (!p.ok) return null;
  const [addr = '', mask = ''] = text.split('/');
  if (mask === '') return `${addr}/${addr.includes(':') ? 128 : 32}`;
  if (/^\d+$/.test(mask)) return `${addr}/${mask}`;
  const m = parseIpv4(mask);
  const len = m === null ? null : maskLength(BigInt(m), 4);
  return len === null ? null : `${addr}/${len}`;
}

/**
 * The tree -> one FortiosVdom per VDOM (or one for a file without VDOMs). Every section is
 * read, ignored on purpose, or reported once; its lines are marked accordingly.
 */
export function readConfig(file: string, tree: FortiosTree, sink: DiagnosticSink): FortiosConfig {
  const { kinds } = tree;
  const vdomTables = tree.tables.filter((t) => t.path === 'vdom');
  const hasVdoms = vdomTables.some((t) => t.edits.some((e) => e.tables.length > 0));
  const globalTables = hasVdoms
    ? [
        ...tree.tables.filter((t) => t.path === 'global').flatMap((t) => t.tables),
        ...tree.tables.filter((t) => t.path !== 'vdom' && t.path !== 'global'),
      ]
    : tree.tables.filter((t) => t.path !== 'vdom');
  for (const t of tree.tables)
    if (t.path === 'vdom' || (hasVdoms && t.path === 'global')) {
      for (const s of t.settings) {
        sink.warning('unrecognized-line', `'${s.verb} ${s.key}' is not a setting of 'config ${t.path}'`, {
          ...s.source,
          endLine: s.endLine,
        });
        markSetting(kinds, s, LineKind.Diagnostic);
      }
      for (const e of t.edits)
        for (const s of e.settings) {
          sink.warning('unrecognized-line', `'${s.verb} ${s.key}' is not a setting of a VDOM`, {
            ...s.source,
            endLine: s.endLine,
          });
          markSetting(kinds, s, LineKind.Diagnostic);
        }
    }
  const global = new Scope(hasVdoms ? globalTables : [], null);
  const scopes: Array<{ vdom: string | null; scope: Scope }> = [];
  if (hasVdoms) {
    const byVdom = new Map<string, FortiosTable[]>();
    for (const t of vdomTables)
      for (const e of t.edits) byVdom.set(e.name, [...(byVdom.get(e.name) ?? []), ...e.tables]);
    for (const [vdom, tables] of byVdom) scopes.push({ vdom, scope: new Scope(tables, global) });
  } else scopes.push({ vdom: null, scope: new Scope(globalTables, null) });

  // Every section once: ignored or reported; modelled ones are marked after reading.
  const seen = new Set<FortiosTable>();
  const modelled: FortiosTable[] = [];
  for (const t of [...(hasVdoms ? global.all() : []), ...scopes.flatMap((s) => s.scope.all())]) {
    if (seen.has(t)) continue;
    seen.add(t);
    const d = dispositionOf(t.path);
    if (d.kind === 'modelled') modelled.push(t);
    else if (d.kind === 'ignored') markTable(kinds, t, LineKind.Ignored);
    else {
      const span = t.endLine - t.source.line + 1;
      sink.add(
        'unsupported-construct',
        d.severity,
        `'config ${t.path}' is not modelled${d.why !== null ? ` (${d.why}); verdicts may differ on the device` : ''}; its ${span} line(s) were skipped`,
        { ...t.source, endLine: t.endLine },
      );
      markTable(kinds, t, LineKind.Unsupported);
    }
  }

  // Sections in no place FortiOS puts them (inside `config vdom` without an `edit`, say).
  const containers = new Set(
    tree.tables.filter((t) => t.path === 'vdom' || (hasVdoms && t.path === 'global')),
  );
  const stray = (tables: readonly FortiosTable[]): void => {
    for (const t of tables) {
      if (seen.has(t)) continue;
      if (containers.has(t)) {
        stray(t.tables);
        for (const e of t.edits) stray(e.tables);
        continue;
      }
      sink.warning(
        'unrecognized-line',
        `'config ${t.path}' is not where FortiOS puts it; its ${t.endLine - t.source.line + 1} line(s) were skipped`,
        { ...t.source, endLine: t.endLine },
      );
      markTable(kinds, t, LineKind.Unsupported);
    }
  };
  stray(tree.tables);

  const globalValues = finalValues(
    (hasVdoms ? global : scopes[0]!.scope).tables('system global').flatMap((t) => t.settings),
  );
  const hostname = globalValues.get('hostname') ?? null;
  const interfaces = readInterfaces(hasVdoms ? global : scopes[0]!.scope, sink);
  const vdoms = scopes.map(({ vdom, scope }) => readVdom(vdom, scope, interfaces, sink));
  for (const t of modelled) markTable(kinds, t, LineKind.Modelled);
  return { file, hostname, global: globalValues, vdoms };
}

function readInterfaces(scope: Scope, sink: DiagnosticSink): FortiosInterface[] {
  const out: FortiosInterface[] = [];
  for (const e of entriesOf(scope.tables('system interface'))) {
    const v = e.values;
    const addresses: string[] = [];
    const add = (
      val: { values: readonly string[]; source: FortiosRef['source'] } | undefined,
      what: string,
    ): void => {
      if (val === undefined) return;
      const text = val.values.join(' ');
      if (text === '0.0.0.0 0.0.0.0' || text === '0.0.0.0/0' || text === '::/0') return;
      const p = prefixOf(val.values);
      if (p === null)
        sink.warning(
          'invalid-value',
          `interface ${e.name}: ${what} '${text}' is not an address and mask`,
          val.source,
        );
      else addresses.push(p);
    };
    add(v.get('ip'), 'ip');
    for (const sub of e.tables) {
      if (sub.path === 'secondaryip')
        for (const s of entriesOf([sub])) add(s.values.get('ip'), 'secondary ip');
      if (sub.path === 'ipv6') {
        add(finalValues(sub.settings).get('ip6-address'), 'ip6-address');
        for (const x of sub.tables)
          if (x.path === 'ip6-extra-addr')
            for (const s of entriesOf([x])) add({ values: [s.name], source: s.source }, 'ip6-extra-addr');
      }
    }
    out.push({
      name: e.name,
      vdom: v.get('vdom')?.values[0] ?? 'root',
      type: v.get('type')?.values[0] ?? null,
      addresses,
      allowaccess: v.get('allowaccess') ?? null,
      source: e.source,
    });
  }
  return out;
}

function groupsOf(entries: readonly FortiosEntry[], family: 4 | 6): Map<string, FortiosAddressGroup> {
  const out = new Map<string, FortiosAddressGroup>();
  for (const e of entries) {
    const exclude = e.values.get('exclude')?.values[0] === 'enable';
    out.set(e.name, {
      name: e.name,
      family,
      members: refs(e.values.get('member')),
      excludes: exclude ? refs(e.values.get('exclude-member')) : [],
      source: e.source,
    });
  }
  return out;
}

function readVdom(
  vdom: string | null,
  scope: Scope,
  allInterfaces: readonly FortiosInterface[],
  sink: DiagnosticSink,
): FortiosVdom {
  const interfaces = allInterfaces.filter((i) => vdom === null || i.vdom === vdom);
  const zones = new Map<string, FortiosZone>();
  for (const e of entriesOf(scope.tables('system zone'))) {
    const intrazone = e.values.get('intrazone');
    zones.set(e.name, {
      name: e.name,
      interfaces: refs(e.values.get('interface')),
      intrazoneAllow: intrazone?.values[0] === 'allow' ? intrazone.source : null,
      source: e.source,
    });
  }
  // SD-WAN zones (FortiOS 7 `system sdwan`, 6.x `system virtual-wan-link`): policies name them like zones.
  for (const path of ['system sdwan', 'system virtual-wan-link']) {
    for (const t of scope.tables(path)) {
      for (const sub of t.tables) {
        if (sub.path === 'zone')
          for (const z of entriesOf([sub]))
            if (!zones.has(z.name))
              zones.set(z.name, { name: z.name, interfaces: [], intrazoneAllow: null, source: z.source });
        if (sub.path !== 'members') continue;
        for (const m of entriesOf([sub])) {
          const iface = m.values.get('interface');
          if (iface === undefined || iface.values[0] === undefined) continue;
          const zname =
            path === 'system sdwan'
              ? (m.values.get('zone')?.values[0] ?? 'virtual-wan-link')
              : 'virtual-wan-link';
          let z = zones.get(zname);
          if (z === undefined) {
            z = { name: zname, interfaces: [], intrazoneAllow: null, source: m.source };
            zones.set(zname, z);
          }
          z.interfaces.push({ name: iface.values[0], source: iface.source });
        }
      }
    }
  }
  const addresses = new Map(
    [
      ...entriesOf(scope.tables('firewall address')).map((entry) => ({
        name: entry.name,
        family: 4 as const,
        entry,
      })),
      ...entriesOf(scope.tables('firewall address6')).map((entry) => ({
        name: entry.name,
        family: 6 as const,
        entry,
      })),
    ].map((a) => [`${a.family}/${a.name}`, a] as const),
  );
  const addressGroups = new Map([
    ...[...groupsOf(entriesOf(scope.tables('firewall addrgrp')), 4)].map(([k, g]) => [`4/${k}`, g] as const),
    ...[...groupsOf(entriesOf(scope.tables('firewall addrgrp6')), 6)].map(([k, g]) => [`6/${k}`, g] as const),
  ]);
  const services = new Map(
    entriesOf(scope.tables('firewall service custom')).map(
      (entry) => [entry.name, { name: entry.name, entry }] as const,
    ),
  );
  const serviceGroups = new Map(
    entriesOf(scope.tables('firewall service group')).map(
      (e) => [e.name, { name: e.name, members: refs(e.values.get('member')), source: e.source }] as const,
    ),
  );
  const schedules = new Set<string>();
  for (const p of ['firewall schedule recurring', 'firewall schedule onetime', 'firewall schedule group'])
    for (const e of entriesOf(scope.tables(p))) schedules.add(e.name);
  const policies = [
    ...entriesOf(scope.tables('firewall policy')).map((entry) => ({
      id: entry.name,
      name: entry.values.get('name')?.values[0] ?? null,
      entry,
      table: 'policy' as const,
      source: entry.source,
    })),
    ...entriesOf(scope.tables('firewall policy6')).map((entry) => ({
      id: entry.name,
      name: entry.values.get('name')?.values[0] ?? null,
      entry,
      table: 'policy6' as const,
      source: entry.source,
    })),
  ];
  const vips = new Map(
    entriesOf(scope.tables('firewall vip')).map(
      (entry) => [entry.name, { name: entry.name, entry }] as const,
    ),
  );
  const vipGroups = groupsOf(entriesOf(scope.tables('firewall vipgrp')), 4);
  const routes = [];
  for (const [path, any] of [
    ['router static', '0.0.0.0/0'],
    ['router static6', '::/0'],
  ] as const) {
    for (const e of entriesOf(scope.tables(path))) {
      const v = e.values;
      if (v.get('status')?.values[0] === 'disable') continue;
      const dst = v.get('dst');
      let prefix: string | null = any;
      if (dst !== undefined) {
        prefix = prefixOf(dst.values);
        if (prefix === null) {
          sink.warning(
            'invalid-value',
            `static route ${e.name}: dst '${dst.values.join(' ')}' is not a prefix; not recorded`,
            dst.source,
          );
          continue;
        }
      }
      for (const key of ['dstaddr', 'internet-service', 'sdwan', 'sdwan-zone']) {
        const x = v.get(key);
        if (x !== undefined && x.values[0] !== 'disable' && x.values[0] !== '0')
          sink.info(
            'unsupported-construct',
            `static route ${e.name}: 'set ${key}' is not modelled; the route is recorded by its dst`,
            x.source,
          );
      }
      const gw = v.get('gateway')?.values[0] ?? null;
      routes.push({
        id: e.name,
        dst: prefix,
        gateway: gw === null || gw === '0.0.0.0' || gw === '::' ? null : gw,
        device: v.get('device')?.values[0] ?? null,
        source: e.source,
      });
    }
  }
  return {
    vdom,
    interfaces,
    zones,
    addresses,
    addressGroups,
    services,
    serviceGroups,
    schedules,
    policies,
    hasPolicy6: scope.tables('firewall policy6').length > 0,
    vips,
    vipGroups,
    routes,
  };
}
