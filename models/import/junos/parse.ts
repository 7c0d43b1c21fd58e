import { DiagnosticSink, type DiagnosticCode, type SourceRef } from '../../diagnostics';
import type {
  JunosAddressBook,
  JunosConfig,
  JunosHostInboundEntry,
  JunosInterface,
  JunosZone,
} from './model';
import { replayStatements } from './replay';
import { type JunosStatement, LineKind, clip, parseStatements, refOf, splitLines } from './statements';
import {
  parseAddressBookEntry,
  parseApplication,
  parsePrefixList,
  parseRoutingOptions,
} from './parse-objects';
import { parseFilterStatement, parseNatStatement } from './parse-sections';
import { parsePolicy } from './parse-policies';
import { expandGroups } from './groups';

export interface JunosParse {
  readonly config: JunosConfig;
  readonly diagnostics: DiagnosticSink;
  readonly lineKinds: Uint8Array;
  readonly form: 'set' | 'curly';
}

/** Top-level hierarchies that hold nothing a reachability question depends on (support.md). */
const IGNORED_TOP = new Set([
  'version',
  'system',
  'chassis',
  'snmp',
  'protocols',
  'routing-instances',
  'forwarding-options',
  'class-of-service',
  'event-options',
  'services',
  'access',
  'access-profile',
  'vlans',
  'bridge-domains',
  'ethernet-switching-options',
  'switch-options',
  'poe',
  'accounting-options',
  'virtual-chassis',
  'multi-chassis',
  'groups',
  'schedulers',
  'smtp',
]);

/** `security` sub-hierarchies that do not decide whether a first packet passes (support.md). */
const IGNORED_SECURITY = new Set([
  'screen',
  'flow',
  'log',
  'ike',
  'ipsec',
  'alg',
  'idp',
  'utm',
  'application-tracking',
  'forwarding-options',
  'pki',
  'ssh-known-hosts',
  'authentication-key-chains',
  'dynamic-address',
  'user-identification',
  'application-firewall',
  'zones-screen',
  'gprs',
  'datapath-debug',
  'traceoptions',
]);

export class JunosParser {
  readonly sink = new DiagnosticSink('parse');
  readonly config: JunosConfig;
  private readonly deactivated = new Set<string>();

  constructor(
    readonly file: string,
    readonly lines: readonly string[],
    readonly kinds: Uint8Array,
  ) {
    this.config = {
      file,
      hostName: null,
      interfaces: new Map(),
      zones: new Map(),
      addressBooks: new Map(),
      applications: new Map(),
      applicationSets: new Map(),
      policies: new Map(),
      globalPolicies: [],
      defaultPolicy: null,
      filters: new Map(),
      prefixLists: new Map(),
      routes: [],
      natRuleSets: new Map(),
      natPools: new Map(),
    };
  }

  ref(i: number): SourceRef {
    return refOf(this.file, this.lines, i);
  }

  kind(i: number, kind: number): void {
    if (this.kinds[i] !== LineKind.Diagnostic) this.kinds[i] = kind;
  }

  warn(
    st: JunosStatement,
    code: DiagnosticCode,
    message: string,
    severity: 'warning' | 'info' = 'warning',
  ): void {
    this.kinds[st.line] = LineKind.Diagnostic;
    this.sink.add(code, severity, message, this.ref(st.line));
  }

  run(statements: readonly JunosStatement[]): void {
    for (const st of statements) {
      const key = st.words.join('\u0000');
      if (st.verb === 'deactivate') {
        this.deactivated.add(key);
        this.kind(st.line, LineKind.Directive);
      } else if (st.verb === 'activate') {
        this.deactivated.delete(key);
        this.kind(st.line, LineKind.Directive);
      }
    }
    for (const st of statements) {
      if (st.verb !== 'set') continue;
      const at = st.inactiveAt >= 0 ? st.inactiveAt : this.deactivatedAt(st.words);
      if (at >= 0) {
        // An inactive policy keeps its place in the order (insert before/after may name it).
        if (st.words[0] === 'security' && st.words[1] === 'policies') parsePolicy(this, st, at);
        this.kinds[st.line] =
          this.kinds[st.line] === LineKind.Diagnostic ? LineKind.Diagnostic : LineKind.Inactive;
        continue;
      }
      this.statement(st);
    }
  }

  /** The length of the shortest deactivated prefix of the path, or -1. */
  private deactivatedAt(words: readonly string[]): number {
    if (this.deactivated.size === 0) return -1;
    let key = '';
    for (let k = 0; k < words.length; k++) {
      key = k === 0 ? words[0]! : `${key}\u0000${words[k]!}`;
      if (this.deactivated.has(key)) return k;
    }
    return -1;
  }

  private statement(st: JunosStatement): void {
    const w = st.words;
    const top = w[0]!;
    if (top === 'system' && w[1] === 'host-name' && w[2] !== undefined) {
      this.config.hostName = w[2];
      return this.kind(st.line, LineKind.Modelled);
    }
    if (IGNORED_TOP.has(top) || (top === 'policy-options' && w[1] !== 'prefix-list'))
      return this.kind(st.line, LineKind.Ignored);
    if (top === 'logical-systems' || top === 'tenants') {
      return this.warn(
        st,
        'unsupported-construct',
        `${top} are not modelled; this statement is not analysed`,
      );
    }
    switch (top) {
      case 'interfaces':
        return this.interfaces(st);
      case 'security':
        return this.security(st);
      case 'applications':
        return parseApplication(this, st);
      case 'firewall':
        return parseFilterStatement(this, st);
      case 'policy-options':
        return parsePrefixList(this, st);
      case 'routing-options':
        return parseRoutingOptions(this, st);
    }
    this.warn(st, 'unrecognized-line', `'${clip(top)}' is not a Junos hierarchy the importer knows`);
  }

  private interfaces(st: JunosStatement): void {
    const w = st.words;
    // interfaces IF unit N family inet|inet6 (address A | filter input|output F)
    if (w[1] === 'interface-range' || w[2] !== 'unit' || w[3] === undefined)
      return this.kind(st.line, LineKind.Ignored);
    const name = `${w[1]!}.${w[3]}`;
    const iface = this.iface(name, st.lines[3] ?? st.line);
    const family = w[5];
    if (w[4] !== 'family' || (family !== 'inet' && family !== 'inet6'))
      return this.kind(st.line, LineKind.Ignored);
    if (w[6] === 'address' && w[7] !== undefined) {
      iface.addresses.push({ value: w[7], source: this.ref(st.line) });
      return this.kind(st.line, LineKind.Modelled);
    }
    if (w[6] === 'filter' && (w[7] === 'input' || w[7] === 'output') && w[8] !== undefined) {
      iface.filters.push({ family, direction: w[7], name: w[8], source: this.ref(st.line) });
      return this.kind(st.line, LineKind.Modelled);
    }
    if (w[6] === 'filter' && (w[7] === 'input-list' || w[7] === 'output-list')) {
      return this.warn(
        st,
        'unsupported-construct',
        `filter ${w[7]} (chained filters) is not modelled; traffic on ${name} is not filtered by it here`,
      );
    }
    if (w[6] === 'filter')
      return this.warn(st, 'unsupported-construct', `'${w.slice(6).join(' ')}' is not modelled`);
    this.kind(st.line, LineKind.Ignored);
  }

  iface(name: string, line: number): JunosInterface {
    let iface = this.config.interfaces.get(name);
    if (!iface) {
      iface = { name, addresses: [], filters: [], source: this.ref(line) };
      this.config.interfaces.set(name, iface);
    }
    return iface;
  }

  book(name: string): JunosAddressBook {
    let book = this.config.addressBooks.get(name);
    if (!book) {
      book = { name, addresses: new Map(), sets: new Map(), attachZones: [] };
      this.config.addressBooks.set(name, book);
    }
    return book;
  }

  zone(name: string, line: number): JunosZone {
    let zone = this.config.zones.get(name);
    if (!zone) {
      zone = {
        name,
        interfaces: [],
        addressBook: { name: `zone ${name}`, addresses: new Map(), sets: new Map(), attachZones: [name] },
        hostInbound: [],
        interfaceHostInbound: new Map(),
        source: this.ref(line),
      };
      this.config.zones.set(name, zone);
    }
    return zone;
  }

  private security(st: JunosStatement): void {
    const w = st.words;
    const sub = w[1] ?? '';
    if (IGNORED_SECURITY.has(sub)) return this.kind(st.line, LineKind.Ignored);
    if (sub === 'address-book' && w[2] !== undefined) {
      if (w[3] === 'attach' && w[4] === 'zone' && w[5] !== undefined) {
        this.book(w[2]).attachZones.push(w[5]);
        return this.kind(st.line, LineKind.Modelled);
      }
      return parseAddressBookEntry(this, st, this.book(w[2]), 3);
    }
    if (sub === 'zones' && w[2] === 'security-zone' && w[3] !== undefined) {
      const zone = this.zone(w[3], st.lines[3] ?? st.line);
      if (w[4] === 'interfaces' && w[5] !== undefined) {
        if (w[6] === undefined) zone.interfaces.push({ name: w[5], source: this.ref(st.line) });
        else if (!zone.interfaces.some((i) => i.name === w[5]))
          zone.interfaces.push({ name: w[5], source: this.ref(st.lines[5] ?? st.line) });
        if (w[6] === 'host-inbound-traffic') {
          let list = zone.interfaceHostInbound.get(w[5]);
          if (!list) zone.interfaceHostInbound.set(w[5], (list = []));
          return this.hostInbound(st, list, 7);
        }
        return this.kind(st.line, w[6] === undefined ? LineKind.Modelled : LineKind.Ignored);
      }
      if (w[4] === 'address-book') return parseAddressBookEntry(this, st, zone.addressBook, 5);
      if (w[4] === 'host-inbound-traffic') return this.hostInbound(st, zone.hostInbound, 5);
      return this.kind(st.line, LineKind.Ignored);
    }
    if (sub === 'zones' && w[2] === 'functional-zone') return this.kind(st.line, LineKind.Ignored);
    if (sub === 'policies') return parsePolicy(this, st);
    if (sub === 'nat') return parseNatStatement(this, st);
    this.warn(
      st,
      'unrecognized-line',
      `'security ${clip(sub)}' is not a security hierarchy the importer knows`,
    );
  }

  /** `host-inbound-traffic system-services|protocols NAME [except]`, from word `at`. */
  private hostInbound(st: JunosStatement, list: JunosHostInboundEntry[], at: number): void {
    const w = st.words;
    const kind = w[at];
    const name = w[at + 1];
    if ((kind !== 'system-services' && kind !== 'protocols') || name === undefined)
      return this.warn(
        st,
        'unrecognized-line',
        `'${clip(w.slice(at).join(' '))}' is not a host-inbound-traffic statement the importer knows`,
      );
    const except = w[at + 2] === 'except';
    if (w.length > at + (except ? 3 : 2))
      return this.warn(
        st,
        'unsupported-construct',
        `host-inbound-traffic options '${clip(w.slice(at + 2).join(' '))}' are not modelled; the statement is skipped`,
      );
    list.push({ kind, name, except, source: this.ref(st.line) });
    this.kind(st.line, LineKind.Modelled);
  }
}

export function parseJunos(
  file: string,
  text: string,
  lines: readonly string[] = splitLines(text),
): JunosParse {
  const st = parseStatements(file, lines);
  const replayed = replayStatements(file, lines, st.lineKinds, st.statements);
  const groups = expandGroups(file, lines, st.lineKinds, replayed.statements);
  const p = new JunosParser(file, lines, st.lineKinds);
  p.run(groups.statements);
  const diagnostics = new DiagnosticSink('parse');
  diagnostics.diagnostics.push(
    ...st.sink.diagnostics,
    ...replayed.sink.diagnostics,
    ...groups.sink.diagnostics,
    ...p.sink.diagnostics,
  );
  return { config: p.config, diagnostics, lineKinds: st.lineKinds, form: st.form };
}
