import { DiagnosticSink, sourceRef } from '../../diagnostics';
import type { SourceRef } from '../../diagnostics';
import { type PendingEntry, parseEntries } from './entries';
import { interfaceSub, objectSub, type SubResult } from './blocks';
import type { AsaConfig, AsaInterface, AsaObject, AsaObjectType } from './model';
import { parseAddress, parseAddressSpec, toCidrs } from '../../net';
import { hostAddress, maskedAddress, Words } from './operands';
import { parseNat } from './nat';
import { parseLegacyStatic } from './nat-legacy';
import { IGNORED_COMMANDS, IGNORED_BLOCKS } from './ignored';

/** What became of each input line; every line is accounted for (see the fuzz tests). */
export const LineKind = {
  Blank: 1,
  Comment: 2,
  Ignored: 3,
  Interface: 4,
  Object: 5,
  Entry: 6,
  Binding: 7,
  Nat: 8,
  Setting: 9,
  Diagnostic: 10,
} as const;

export interface AsaParse {
  readonly config: AsaConfig;
  readonly diagnostics: DiagnosticSink;
  readonly lineKinds: Uint8Array;
}

/** Lines longer than this are not commands anyone wrote; they are reported and skipped. */
export const MAX_LINE_LENGTH = 65_536;

export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

type Block =
  | { kind: 'interface'; iface: AsaInterface }
  | { kind: 'object'; obj: AsaObject }
  | { kind: 'ignored' }
  | { kind: 'skipped'; line: number }
  | null;

const SHOW_TRAILER = /\s+\(hitcnt=\d+\)|\s+\(inactive\)|\s+0x[0-9a-f]+\s*$/g;

class Parser {
  readonly sink = new DiagnosticSink('parse');
  readonly lineKinds: Uint8Array;
  readonly config: AsaConfig;
  block: Block = null;
  readonly pending: PendingEntry[] = [];
  readonly labels = new Map<string, { text: string | undefined; lastRemark: number }>();

  constructor(
    readonly file: string,
    readonly lines: readonly string[],
  ) {
    this.lineKinds = new Uint8Array(lines.length);
    this.config = {
      file,
      hostname: null,
      showAccessList: lines.some((l) => /\(hitcnt=\d+\)/.test(l)),
      interfaces: [],
      names: new Map(),
      objects: new Map(),
      accessLists: new Map(),
      accessGroups: [],
      management: [],
      nat: [],
      legacyStatics: [],
      legacyNatLines: [],
      routes: [],
      httpPort: 443,
      sameSecurityInter: null,
      sameSecurityIntra: null,
    };
  }

  ref(index: number): SourceRef {
    return sourceRef(this.file, index + 1, this.lines[index]!);
  }

  mark(i: number, kind: number): void {
    this.lineKinds[i] = kind;
  }

  warn(
    i: number,
    code:
      | 'unrecognized-line'
      | 'unsupported-construct'
      | 'invalid-value'
      | 'line-too-long'
      | 'duplicate-definition',
    message: string,
  ): void {
    this.lineKinds[i] = LineKind.Diagnostic;
    this.sink.warning(code, message, this.ref(i));
  }

  run(): void {
    for (let i = 0; i < this.lines.length; i++) this.line(i);
    this.entries();
  }

  line(i: number): void {
    const raw = this.lines[i]!;
    if (raw.length > MAX_LINE_LENGTH)
      return this.warn(i, 'line-too-long', `line is ${raw.length} characters long; skipped`);
    const line = raw.trim();
    if (line === '') return this.mark(i, LineKind.Blank);
    if (line.startsWith('!') || line.startsWith(':')) {
      // `!` separates blocks and ends sub-modes; `: Saved`, `: end` are comments of the export.
      if (line.startsWith('!') && !/^\s/.test(raw)) this.block = null;
      return this.mark(i, LineKind.Comment);
    }
    const words = new Words(line.split(/\s+/));
    const indented = /^\s/.test(raw);
    if (indented && !(this.config.showAccessList && words.peek() === 'access-list'))
      return this.sub(i, words);
    this.block = null;
    this.top(i, words, indented);
  }

  sub(i: number, w: Words): void {
    const b = this.block;
    if (b === null) return this.warn(i, 'unrecognized-line', 'an indented sub-command outside any block');
    if (b.kind === 'ignored') return this.mark(i, LineKind.Ignored);
    if (b.kind === 'skipped')
      return this.warn(
        i,
        'unrecognized-line',
        `inside the block of line ${b.line}, which was not understood`,
      );
    let result: SubResult;
    if (b.kind === 'interface') result = interfaceSub(b.iface, w, this.ref(i));
    else if (w.peek() === 'nat' && !b.obj.group && b.obj.type === 'network') {
      w.next();
      const nat = parseNat(w, this.ref(i), b.obj.name);
      if (nat.ok) this.config.nat.push(nat.value);
      result = nat.ok
        ? { kind: 'used' }
        : { kind: 'error', code: 'unsupported-construct', message: nat.error };
      if (nat.ok) return this.mark(i, LineKind.Nat);
    } else result = objectSub(b.obj, w, this.config, this.ref(i));
    if (result.kind === 'error') return this.warn(i, result.code, result.message);
    this.mark(i, result.kind === 'used' ? LineKind.Setting : LineKind.Ignored);
  }

  top(i: number, w: Words, indented: boolean): void {
    const cmd = w.next()!;
    switch (cmd) {
      case 'hostname':
        this.config.hostname = w.next() ?? null;
        return this.mark(i, LineKind.Setting);
      case 'interface': {
        const iface: AsaInterface = {
          hardware: w.next() ?? '',
          source: this.ref(i),
          addresses: [],
          shutdown: false,
        };
        this.config.interfaces.push(iface);
        this.block = { kind: 'interface', iface };
        return this.mark(i, LineKind.Interface);
      }
      case 'object':
      case 'object-group':
        return this.object(i, w, cmd === 'object-group');
      case 'name':
        return this.name(i, w);
      case 'access-list':
        return this.accessList(i, w, indented);
      case 'access-group':
        return this.accessGroup(i, w);
      case 'same-security-traffic': {
        const what = w.next() === 'permit' ? w.next() : undefined;
        if (what === 'inter-interface') this.config.sameSecurityInter = this.ref(i);
        else if (what === 'intra-interface') this.config.sameSecurityIntra = this.ref(i);
        else
          return this.warn(
            i,
            'unrecognized-line',
            'same-security-traffic takes permit inter-interface | intra-interface',
          );
        return this.mark(i, LineKind.Setting);
      }
      case 'http':
      case 'ssh':
      case 'telnet':
        return this.management(i, w, cmd);
      case 'static':
      case 'global':
      case 'nat-control':
        return this.legacyNat(i, w, cmd);
      case 'nat': {
        if (/^\([^,()]+\)$/.test(w.peek() ?? '')) return this.legacyNat(i, w, cmd);
        const nat = parseNat(w, this.ref(i), null);
        if (!nat.ok) return this.warn(i, 'unsupported-construct', nat.error);
        this.config.nat.push(nat.value);
        return this.mark(i, LineKind.Nat);
      }
      case 'route':
        return this.route(i, w);
      case 'clear':
        return this.clear(i, w);
      case 'firewall':
        if (w.peek() === 'transparent') {
          return this.warn(
            i,
            'unsupported-construct',
            'transparent (bridging) mode: interfaces and security levels are modelled as in routed mode',
          );
        }
        return this.mark(i, LineKind.Ignored);
    }
    if (IGNORED_BLOCKS.has(cmd)) {
      this.block = { kind: 'ignored' };
      return this.mark(i, LineKind.Ignored);
    }
    if (IGNORED_COMMANDS.has(cmd)) return this.mark(i, LineKind.Ignored);
    this.block = { kind: 'skipped', line: i + 1 };
    this.warn(i, 'unrecognized-line', `'${cmd}' is not an ASA command the importer knows`);
  }

  object(i: number, w: Words, group: boolean): void {
    const typeWord = w.next();
    const name = w.next();
    const types: Record<string, AsaObjectType> = {
      network: 'network',
      service: 'service',
      protocol: 'protocol',
      'icmp-type': 'icmp-type',
    };
    const type = typeWord === undefined ? undefined : types[typeWord];
    if (type === undefined || name === undefined || (!group && type !== 'network' && type !== 'service')) {
      this.block = { kind: 'skipped', line: i + 1 };
      return this.warn(
        i,
        typeWord === 'user' || typeWord === 'security' ? 'unsupported-construct' : 'unrecognized-line',
        `'object${group ? '-group' : ''} ${typeWord ?? ''}' is not modelled`,
      );
    }
    let protocols: number[] | undefined;
    const proto = w.next();
    if (group && type === 'service' && proto !== undefined) {
      protocols = proto === 'tcp' ? [6] : proto === 'udp' ? [17] : proto === 'tcp-udp' ? [6, 17] : undefined;
      if (protocols === undefined) {
        this.block = { kind: 'skipped', line: i + 1 };
        return this.warn(i, 'invalid-value', `'${proto}' is not tcp, udp or tcp-udp`);
      }
    } else if (proto !== undefined) {
      this.block = { kind: 'skipped', line: i + 1 };
      return this.warn(i, 'unrecognized-line', `unexpected '${proto}'`);
    }
    const existing = this.config.objects.get(name);
    const objType: AsaObjectType = protocols !== undefined ? 'port' : type;
    if (existing !== undefined && (existing.type !== objType || existing.group !== group)) {
      this.block = { kind: 'skipped', line: i + 1 };
      return this.warn(
        i,
        'duplicate-definition',
        `'${name}' is already defined as another kind of object (line ${existing.source.line}); the ASA rejects this`,
      );
    }
    // Re-entering an object's sub-mode adds to it, as on the ASA's command line.
    const obj: AsaObject = existing ?? {
      name,
      type: objType,
      group,
      ...(protocols ? { protocols } : {}),
      members: [],
      source: this.ref(i),
    };
    this.config.objects.set(name, obj);
    this.block = { kind: 'object', obj };
    this.mark(i, LineKind.Object);
  }

  name(i: number, w: Words): void {
    const addr = hostAddress(w.next(), this.config);
    const alias = w.next();
    if (!addr.ok || alias === undefined)
      return this.warn(i, 'invalid-value', 'name needs an address and a name');
    this.config.names.set(alias, { set: addr.value, source: this.ref(i) });
    this.mark(i, LineKind.Object);
  }

  /** `clear configure access-list [NAME]` (as in generated ACL files) drops what was configured before. */
  clear(i: number, w: Words): void {
    if (w.next() !== 'configure') return this.mark(i, LineKind.Ignored);
    if (w.next() !== 'access-list')
      return this.warn(
        i,
        'unsupported-construct',
        'only clear configure access-list is modelled; this clear is ignored',
      );
    const name = w.next();
    for (let k = this.pending.length - 1; k >= 0; k--)
      if (name === undefined || this.pending[k]!.list === name) this.pending.splice(k, 1);
    for (const [n, state] of this.labels) if (name === undefined || n === name) state.text = undefined;
    this.mark(i, LineKind.Setting);
  }

  /** Pre-8.3 NAT: `static` is parsed; `nat (if) ID`, `global`, `nat-control` are kept as lines to flag. */
  legacyNat(i: number, w: Words, cmd: string): void {
    if (cmd === 'static') {
      const s = parseLegacyStatic(w, this.ref(i));
      if (!s.ok) return this.warn(i, 'unsupported-construct', s.error);
      this.config.legacyStatics.push(s.value);
    } else this.config.legacyNatLines.push(this.ref(i));
    this.mark(i, LineKind.Nat);
  }

  route(i: number, w: Words): void {
    const nameif = w.next();
    const net = w.next();
    const mask = w.next();
    const gw = w.next();
    const v6 = net !== undefined && net.includes(':');
    const prefix = v6 ? parseAddressSpec(net) : parseAddressSpec(`${net ?? ''}/${mask ?? ''}`);
    const hop = v6 ? mask : gw;
    if (nameif === undefined || !prefix.ok || hop === undefined || !parseAddress(hop).ok) {
      return this.warn(i, 'invalid-value', 'route takes IFNAME NETWORK MASK GATEWAY [METRIC]');
    }
    this.config.routes.push({
      nameif,
      prefix: toCidrs(prefix.value.set)[0] ?? '',
      nextHop: hop,
      source: this.ref(i),
    });
    this.mark(i, LineKind.Binding);
  }

  management(i: number, w: Words, service: 'http' | 'ssh' | 'telnet'): void {
    const first = w.peek();
    if (service === 'http' && first === 'server' && w.peek(1) === 'enable') {
      const port = w.peek(2);
      if (port !== undefined && /^\d{1,5}$/.test(port) && Number(port) <= 65535)
        this.config.httpPort = Number(port);
      return this.mark(i, LineKind.Setting);
    }
    if (first === undefined || !/^[\d.]+$|:/.test(first)) return this.mark(i, LineKind.Ignored); // `ssh version 2`, `ssh timeout 5`...
    const addr = maskedAddress(w, this.config);
    const nameif = w.next();
    if (!addr.ok || nameif === undefined)
      return this.warn(i, 'invalid-value', addr.ok ? `${service} needs an interface name` : addr.error);
    this.config.management.push({ service, addresses: addr.value, nameif, source: this.ref(i) });
    this.mark(i, LineKind.Binding);
  }

  accessGroup(i: number, w: Words): void {
    const list = w.next();
    const dir = w.next();
    if (list !== undefined && dir === 'global' && w.done) {
      this.config.accessGroups.push({ list, direction: 'global', source: this.ref(i) });
      return this.mark(i, LineKind.Binding);
    }
    if (list === undefined || (dir !== 'in' && dir !== 'out') || w.next() !== 'interface') {
      return this.warn(i, 'unrecognized-line', 'access-group takes NAME in|out interface IF, or NAME global');
    }
    const nameif = w.next();
    if (nameif === undefined)
      return this.warn(i, 'unrecognized-line', 'access-group needs an interface name');
    if (!w.done)
      return this.warn(
        i,
        'unsupported-construct',
        `'${w.peek()!}' (per-user or control-plane access-group) is not modelled`,
      );
    this.config.accessGroups.push({ list, direction: dir, nameif, source: this.ref(i) });
    this.mark(i, LineKind.Binding);
  }

  accessList(i: number, w: Words, child: boolean): void {
    const rawName = w.next();
    if (rawName === undefined) return this.warn(i, 'unrecognized-line', 'access-list needs a name');
    if (rawName.endsWith(';') || rawName === 'cached') return this.mark(i, LineKind.Ignored); // `show access-list` headers
    const name = rawName;
    let position: number | null = null;
    if (w.peek() === 'line' && /^\d+$/.test(w.peek(1) ?? '')) {
      w.next();
      position = Number(w.next());
    }
    const kind = w.peek();
    const state = this.labels.get(name) ?? { text: undefined, lastRemark: -2 };
    this.labels.set(name, state);
    if (!this.config.accessLists.has(name))
      this.config.accessLists.set(name, { name, source: this.ref(i), entries: [] });
    if (kind === 'remark') {
      const text = this.lines[i]!.trim()
        .replace(/^.*?\bremark\s?/, '')
        .trim();
      state.text = state.lastRemark === i - 1 && state.text !== undefined ? `${state.text} ${text}` : text;
      state.lastRemark = i;
      return this.mark(i, LineKind.Entry);
    }
    if (kind === 'webtype' || kind === 'ethertype' || kind === 'rule') {
      return this.warn(i, 'unsupported-construct', `${kind} access lists are not modelled`);
    }
    const rest = this.config.showAccessList ? this.lines[i]!.replace(SHOW_TRAILER, '') : null;
    let words = w.words.slice(w.i);
    if (rest !== null) {
      const inactive = /\(inactive\)/.test(this.lines[i]!);
      const again = new Words(rest.trim().split(/\s+/));
      again.i = w.i;
      words = again.words.slice(again.i);
      if (inactive && !words.includes('inactive')) words = [...words, 'inactive'];
    }
    this.pending.push({ index: i, list: name, words, label: state.text, position, child });
    this.mark(i, LineKind.Entry);
  }

  /** Second pass: parse the entries now that every object is known. */
  entries(): void {
    parseEntries(
      this.pending,
      this.config,
      (k) => this.ref(k),
      (k, code, message) => this.warn(k, code, message),
    );
  }
}

export function parseCiscoAsa(
  file: string,
  text: string,
  lines: readonly string[] = splitLines(text),
): AsaParse {
  const p = new Parser(file, lines);
  p.run();
  return { config: p.config, diagnostics: p.sink, lineKinds: p.lineKinds };
}
