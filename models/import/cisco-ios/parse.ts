import { DiagnosticSink, sourceRef } from '../../diagnostics';
import { ANY_IPV4 } from '../../net';
import type { DiagnosticCode, SourceRef } from '../../diagnostics';
import { type Report, parseAce } from './ace';
import { childLine } from './parse-blocks';
import { natLine } from './parse-nat';
import { banner, classMap, objectGroup, policyMap, route, zonePair } from './parse-headers';
import { IGNORED_COMMANDS, IGNORED_IP, LineKind, MAX_LINE_LENGTH, splitLines } from './lines';
import type { IosAcl, IosAclKind, IosConfig, IosFamily, IosInterface } from './model';

export interface IosParse {
  readonly config: IosConfig;
  readonly diagnostics: DiagnosticSink;
  readonly lineKinds: Uint8Array;
}

/** The block the indented lines that follow belong to. */
export type Context =
  | { readonly kind: 'none' }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'unknown'; readonly header: number }
  | { readonly kind: 'acl'; readonly acl: IosAcl }
  | {
      readonly kind: 'network-group' | 'service-group' | 'port-group';
      readonly name: string;
      readonly nxos: boolean;
    }
  | { readonly kind: 'interface'; readonly iface: IosInterface }
  | { readonly kind: 'zone' }
  | { readonly kind: 'class-map'; readonly name: string }
  | { readonly kind: 'policy-map'; readonly name: string }
  | { readonly kind: 'zone-pair'; readonly index: number };

export class IosParser {
  readonly sink = new DiagnosticSink('parse');
  readonly lineKinds: Uint8Array;
  readonly config: IosConfig;
  context: Context = { kind: 'none' };

  constructor(
    readonly file: string,
    readonly lines: readonly string[],
  ) {
    this.lineKinds = new Uint8Array(lines.length);
    this.config = {
      file,
      hostname: null,
      acls: new Map(),
      networkGroups: new Map(),
      serviceGroups: new Map(),
      portGroups: new Map(),
      interfaces: new Map(),
      zones: new Map(),
      classMaps: new Map(),
      policyMaps: new Map(),
      zonePairs: [],
      routes: [],
      natStatics: [],
      reflects: new Set(),
      evaluations: [],
    };
  }

  ref(i: number): SourceRef {
    return sourceRef(this.file, i + 1, this.lines[i]!);
  }

  mark(i: number, kind: number): void {
    this.lineKinds[i] = kind;
  }

  /** A diagnostic on line i; the line is accounted for by it. */
  report(
    i: number,
    code: DiagnosticCode,
    message: string,
    severity: 'error' | 'warning' | 'info' = 'warning',
  ): void {
    this.sink.add(code, severity, message, this.ref(i));
    if (this.lineKinds[i] === 0) this.lineKinds[i] = LineKind.Diagnostic;
  }

  reporter(i: number): Report {
    return (code, message, severity = 'warning') => this.report(i, code, message, severity);
  }

  run(): void {
    for (let i = 0; i < this.lines.length; i++) i = this.line(i);
    this.closeUnknown(this.lines.length);
  }

  /** Handles line i; returns the index of the last line consumed (banners span lines). */
  line(i: number): number {
    const raw = this.lines[i]!;
    if (raw.length > MAX_LINE_LENGTH) {
      this.report(i, 'line-too-long', `line is ${raw.length} characters long; skipped`);
      return i;
    }
    const line = raw.trim();
    if (line === '') {
      this.mark(i, LineKind.Blank);
      return i;
    }
    if (line.startsWith('!') || line.startsWith('#')) {
      this.mark(i, LineKind.Comment);
      return i;
    }
    if (/^\s/.test(raw) && this.context.kind !== 'none') {
      childLine(this, i, line);
      return i;
    }
    this.closeUnknown(i);
    this.context = { kind: 'none' };
    return this.topLevel(i, line);
  }

  /** An unrecognised block's header diagnostic spans its indented lines. */
  closeUnknown(end: number): void {
    if (this.context.kind !== 'unknown') return;
    const h = this.context.header;
    let last = end - 1;
    while (last > h && this.lines[last]!.trim() === '') last--;
    const extra = last > h ? ` (with its ${last - h} indented line(s))` : '';
    this.sink.warning(
      'unrecognized-line',
      `not a command this importer knows${extra}; skipped`,
      sourceRef(this.file, h + 1, this.lines[h]!, last + 1),
    );
    this.context = { kind: 'ignored' };
  }

  topLevel(i: number, line: string): number {
    const words = line.split(/\s+/);
    const [w0 = '', w1 = '', w2 = ''] = words.map((w) => w.toLowerCase());
    const ignore = (): number => {
      this.mark(i, LineKind.Ignored);
      this.context = { kind: 'ignored' };
      return i;
    };
    if (w0 === 'hostname' || w0 === 'switchname') {
      this.config.hostname = words[1] ?? null;
      this.mark(i, LineKind.Property);
      return i;
    }
    if (w0 === 'banner') return banner(this, i, words);
    if (w0 === 'access-list') {
      this.numbered(i, words);
      return i;
    }
    if (w0 === 'no') {
      this.negated(i, words);
      return i;
    }
    if (w0 === 'ip' && w1 === 'access-list') {
      this.aclHeader(i, words.slice(2), 4);
      return i;
    }
    if (w0 === 'ipv6' && w1 === 'access-list') {
      this.aclHeader(i, words.slice(2), 6);
      return i;
    }
    if (/^((standard|extended|reflexive|role-based) ip|ipv6|ip|mac) access list \S+$/i.test(line)) {
      this.showHeader(i, words);
      return i;
    }
    if (w0 === 'object-group') {
      objectGroup(this, i, words);
      return i;
    }
    if (w0 === 'interface') {
      this.interfaceHeader(i, words);
      return i;
    }
    if (w0 === 'zone' && w1 === 'security' && words[2] !== undefined) {
      if (!this.config.zones.has(words[2]))
        this.config.zones.set(words[2], { name: words[2], source: this.ref(i) });
      this.mark(i, LineKind.Header);
      this.context = { kind: 'zone' };
      return i;
    }
    if (w0 === 'zone-pair' && w1 === 'security') {
      zonePair(this, i, words);
      return i;
    }
    if (w0 === 'class-map' && w1 === 'type' && w2 === 'inspect') {
      classMap(this, i, words.slice(3));
      return i;
    }
    if (w0 === 'policy-map' && w1 === 'type' && w2 === 'inspect') {
      policyMap(this, i, words.slice(3));
      return i;
    }
    if ((w0 === 'class-map' || w0 === 'policy-map') && !(w1 === 'type' && w2 === 'inspect')) return ignore();
    if ((w0 === 'ip' || w0 === 'ipv6') && w1 === 'route') {
      route(this, i, words.slice(2), w0 === 'ipv6' ? 6 : 4);
      return i;
    }
    if (w0 === 'ip' && w1 === 'nat') {
      natLine(this, i, words);
      return i;
    }
    if (w0 === 'ip' && w1 === 'inspect') {
      this.report(
        i,
        'unsupported-construct',
        "CBAC (ip inspect) is not modelled: it opens the way back for inspected sessions and never permits a new connection an ACL denies, so first-packet verdicts come from the ACLs alone (CBAC's own drops of malformed or over-limit sessions are not modelled)",
        'info',
      );
      this.context = { kind: 'ignored' };
      return i;
    }
    if ((w0 === 'ip' || w0 === 'ipv6') && IGNORED_IP.has(w1)) return ignore();
    if (IGNORED_COMMANDS.has(w0) || IGNORED_COMMANDS.has(words[0]!)) return ignore();
    this.mark(i, LineKind.Diagnostic);
    this.context = { kind: 'unknown', header: i };
    return i;
  }

  numbered(i: number, words: readonly string[]): void {
    const id = words[1] ?? '';
    const n = /^\d+$/.test(id) ? Number(id) : NaN;
    const kind: IosAclKind | null =
      (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999)
        ? 'standard'
        : (n >= 100 && n <= 199) || (n >= 2000 && n <= 2699)
          ? 'extended'
          : null;
    if (kind === null) {
      this.report(
        i,
        'unsupported-construct',
        `access-list ${id} is not an IP access list number (1-199, 1300-2699); not modelled`,
      );
      return;
    }
    const acl = this.acl(id, kind, 4, i);
    const rest = this.lines[i]!.trim().split(/\s+/).slice(2).join(' ');
    this.entry(i, acl, rest);
  }

  negated(i: number, words: readonly string[]): void {
    const w = words.map((x) => x.toLowerCase());
    let name: string | undefined;
    if (w[1] === 'access-list') name = words[2];
    else if ((w[1] === 'ip' || w[1] === 'ipv6') && w[2] === 'access-list')
      name = ['standard', 'extended'].includes(w[3] ?? '') ? words[4] : words[3];
    if (name !== undefined && this.config.acls.has(name)) this.config.acls.delete(name);
    this.mark(i, LineKind.Ignored);
    this.context = { kind: 'ignored' };
  }

  acl(name: string, kind: IosAclKind, family: IosFamily, i: number): IosAcl {
    let acl = this.config.acls.get(name);
    if (acl === undefined) {
      acl = { name, kind, family, entries: [], source: this.ref(i), pendingRemarks: [] };
      this.config.acls.set(name, acl);
    } else if (acl.kind !== kind || acl.family !== family) {
      this.report(
        i,
        'duplicate-definition',
        `'${name}' was defined as a ${acl.kind} ACL at line ${acl.source.line}; these entries are read as ${acl.kind}`,
      );
    }
    return acl;
  }

  aclHeader(i: number, rest: readonly string[], family: IosFamily): void {
    const [a = '', b] = rest;
    let kind: IosAclKind;
    let name: string | undefined;
    if (family === 6) [kind, name] = ['ipv6', a];
    else if (a.toLowerCase() === 'standard' || a.toLowerCase() === 'extended')
      [kind, name] = [a.toLowerCase() as IosAclKind, b];
    else if (rest.length === 1) [kind, name] = ['nxos', a];
    else {
      this.report(i, 'unsupported-construct', `'ip access-list ${rest.join(' ')}' is not modelled`);
      this.context = { kind: 'ignored' };
      return;
    }
    if (name === undefined || name === '')
      return this.report(i, 'invalid-value', 'access list without a name');
    if (family === 4 && /^\d+$/.test(name) && kind === 'nxos')
      kind = Number(name) < 100 || (Number(name) >= 1300 && Number(name) < 2000) ? 'standard' : 'extended';
    const acl = this.acl(name, kind, family, i);
    this.mark(i, LineKind.Header);
    this.context = { kind: 'acl', acl };
  }

  /** `show ip access-lists` headers: `Extended IP access list NAME`, `IPv6 access list NAME`. */
  showHeader(i: number, words: readonly string[]): void {
    const name = words[words.length - 1]!;
    const first = words[0]!.toLowerCase();
    if (first === 'reflexive' || first === 'role-based' || first === 'mac') {
      this.report(i, 'unsupported-construct', `${words.slice(0, -1).join(' ')} is not modelled`);
      this.context = { kind: 'ignored' };
      return;
    }
    const family: IosFamily = first === 'ipv6' ? 6 : 4;
    const kind: IosAclKind =
      family === 6 ? 'ipv6' : first === 'standard' ? 'standard' : first === 'extended' ? 'extended' : 'nxos';
    this.context = { kind: 'acl', acl: this.acl(name, kind, family, i) };
    this.mark(i, LineKind.Header);
  }

  /**
   * `evaluate NAME` (reflexive ACLs): permits the return traffic of sessions a `reflect NAME`
   * entry saw, and nothing else. A first packet is never return traffic, so the entry is a
   * permit that matches no new connection (`matchesNew: false`): it keeps its place and line.
   */
  evaluate(i: number, acl: IosAcl, seq: number | null, name: string, label: string | undefined): void {
    if (acl.kind !== 'extended' || acl.family !== 4) {
      this.report(i, 'invalid-value', 'evaluate is accepted only in a named extended IPv4 access list');
      return;
    }
    acl.pendingRemarks = [];
    const source = this.ref(i);
    acl.entries.push({
      kind: 'ace',
      action: 'permit',
      seq,
      protocol: { kind: 'protocols', protocols: null },
      src: { kind: 'set', set: ANY_IPV4 },
      dst: { kind: 'set', set: ANY_IPV4 },
      matchesNew: false,
      log: false,
      label: label ?? `evaluate ${name} (reflexive: return traffic only)`,
      source,
    });
    this.config.evaluations.push({ name, source });
    this.report(
      i,
      'lossy-conversion',
      `evaluate ${name} permits only the return traffic of sessions opened through a 'reflect ${name}' entry; it matches no new connection`,
      'info',
    );
    this.mark(i, LineKind.Entry);
  }

  /** One entry or remark of an ACL, numbered or named. */
  entry(i: number, acl: IosAcl, text: string): void {
    const m = /^(?:(\d+)\s+)?remark(?:\s+(.*))?$/i.exec(text);
    if (m) {
      acl.pendingRemarks.push(m[2] ?? '');
      this.mark(i, LineKind.Remark);
      return;
    }
    if (/^(statistics|fragments|ignore|permit-all|resequence)\b/i.test(text)) {
      this.report(i, 'unsupported-construct', `'${text}' is not modelled`, 'info');
      return;
    }
    const label = acl.pendingRemarks.length > 0 ? acl.pendingRemarks.join(' ') : undefined;
    const ev = /^(?:(\d+)\s+)?evaluate\s+(\S+)\s*$/i.exec(text);
    if (ev) return this.evaluate(i, acl, ev[1] === undefined ? null : Number(ev[1]), ev[2]!, label);
    const reflect = /\sreflect\s+(\S+)/i.exec(text);
    if (reflect) this.config.reflects.add(reflect[1]!);
    const ace = parseAce(text, acl.kind, acl.family, this.ref(i), this.reporter(i), label);
    if (ace === null) return;
    acl.pendingRemarks = [];
    if (ace.seq !== null && acl.entries.some((e) => e.seq === ace.seq)) {
      this.report(
        i,
        'duplicate-definition',
        `sequence number ${ace.seq} is already used in '${acl.name}'; the device rejects this entry, so it is skipped`,
      );
      return;
    }
    acl.entries.push(ace);
    if (this.lineKinds[i] === 0 || this.lineKinds[i] === LineKind.Diagnostic) this.mark(i, LineKind.Entry);
  }

  interfaceHeader(i: number, words: readonly string[]): void {
    const name = words.slice(1).join('');
    if (name === '') return this.report(i, 'invalid-value', 'interface without a name');
    let iface = this.config.interfaces.get(name);
    if (iface === undefined) {
      iface = {
        name,
        addresses: [],
        accessGroups: [],
        nat: null,
        zone: null,
        shutdown: false,
        description: null,
        source: this.ref(i),
      };
      this.config.interfaces.set(name, iface);
    }
    this.mark(i, LineKind.Header);
    this.context = { kind: 'interface', iface };
  }
}

export function parseCiscoIos(
  file: string,
  text: string,
  lines: readonly string[] = splitLines(text),
): IosParse {
  const p = new IosParser(file, lines);
  p.run();
  return { config: p.config, diagnostics: p.sink, lineKinds: p.lineKinds };
}

export type { IosFamily };
