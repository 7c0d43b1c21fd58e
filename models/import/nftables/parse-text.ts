import { DiagnosticSink, type SourceRef, sourceRef } from '../../diagnostics';
import { type Token, tokenize } from './lex';
import {
  BRIDGE_PRIORITY_NAMES,
  NFT_FAMILIES,
  type NftChain,
  type NftExpr,
  type NftFamily,
  type NftRuleset,
  type NftSet,
  PRIORITY_NAMES,
  chainKey,
} from './model';
import { RuleSyntax } from './rule-syntax';

/** How each line was read (for the line accounting of the tests). */
export const LineKind = { blank: 1, structure: 2, rule: 3, diagnosed: 4 } as const;
export const MAX_LINE_LENGTH = 100_000;

export function splitLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface NftParse {
  readonly ruleset: NftRuleset;
  readonly diagnostics: DiagnosticSink;
  readonly lineKinds: Uint8Array;
}

/** `nft list ruleset` / `nft -f` text -> the vendor model. Never throws. */
export function parseNftText(
  file: string,
  text: string,
  lines: readonly string[] = splitLines(text),
): NftParse {
  const sink = new DiagnosticSink('parse');
  const lineKinds = new Uint8Array(lines.length);
  const usable = lines.map((l, i) => {
    if (l.length <= MAX_LINE_LENGTH) return l;
    sink.warning(
      'line-too-long',
      `line longer than ${MAX_LINE_LENGTH} characters; skipped`,
      sourceRef(file, i + 1, l),
    );
    lineKinds[i] = LineKind.diagnosed;
    return '';
  });
  const p = new TextParser(file, lines, tokenize(usable), sink, lineKinds);
  p.top();
  for (let i = 0; i < lines.length; i++) if (lineKinds[i] === 0) lineKinds[i] = LineKind.blank;
  return { ruleset: p.ruleset, diagnostics: sink, lineKinds };
}

class TextParser {
  private i = 0;
  readonly ruleset: NftRuleset;
  private readonly defines = new Map<string, Token[]>();

  constructor(
    private readonly file: string,
    private readonly lines: readonly string[],
    private readonly ts: readonly Token[],
    private readonly sink: DiagnosticSink,
    private readonly kinds: Uint8Array,
  ) {
    this.ruleset = { file, tables: [], chains: new Map(), sets: new Map() };
  }

  private ref(line: number, endLine = line): SourceRef {
    return sourceRef(this.file, line + 1, this.lines[line] ?? '', endLine + 1);
  }
  private mark(tokens: readonly Token[], kind: number): void {
    for (const t of tokens)
      if (this.kinds[t.line] !== LineKind.diagnosed) this.kinds[t.line] = Math.max(this.kinds[t.line]!, kind);
  }
  private diagnose(tokens: readonly Token[]): SourceRef {
    const first = tokens[0]?.line ?? 0;
    const last = tokens[tokens.length - 1]?.line ?? first;
    for (let l = first; l <= last; l++) this.kinds[l] = LineKind.diagnosed;
    return this.ref(first, last);
  }
  private peek(): Token | undefined {
    return this.ts[this.i];
  }
  private skipBlank(): void {
    while (
      this.ts[this.i]?.kind === 'nl' ||
      (this.ts[this.i]?.kind === 'punct' && this.ts[this.i]!.text === ';')
    ) {
      this.i++;
    }
  }
  /** The tokens of one statement: up to a line end or `;` outside braces, or a `{`/`}` at depth 0 when `block`. */
  private statement(stopAtBrace: boolean): Token[] {
    const out: Token[] = [];
    let depth = 0;
    while (this.i < this.ts.length) {
      const t = this.ts[this.i]!;
      if (depth === 0 && (t.kind === 'nl' || (t.kind === 'punct' && t.text === ';'))) break;
      if (depth === 0 && t.kind === 'punct' && t.text === '}') break;
      if (t.kind === 'punct' && (t.text === '{' || t.text === '(')) {
        if (stopAtBrace && depth === 0 && t.text === '{') break;
        depth++;
      }
      if (t.kind === 'punct' && (t.text === '}' || t.text === ')')) depth--;
      out.push(t);
      this.i++;
    }
    return out;
  }
  /** Skips a `{ ... }` block (the `{` is next); returns its tokens. */
  private skipBlock(): Token[] {
    const out: Token[] = [];
    let depth = 0;
    while (this.i < this.ts.length) {
      const t = this.ts[this.i++]!;
      out.push(t);
      if (t.kind === 'punct' && t.text === '{') depth++;
      if (t.kind === 'punct' && t.text === '}' && --depth === 0) break;
    }
    return out;
  }
  private atDefine(): boolean {
    const t = this.peek();
    return t?.kind === 'word' && (t.text === 'define' || t.text === 'redefine');
  }
  private isOpen(): boolean {
    const t = this.peek();
    return t?.kind === 'punct' && t.text === '{';
  }
  private isClose(): boolean {
    const t = this.peek();
    return t?.kind === 'punct' && t.text === '}';
  }
  private closeBlock(what: string, open: Token): void {
    if (this.isClose()) {
      this.mark([this.ts[this.i]!], LineKind.structure);
      this.i++;
      return;
    }
    this.sink.error(
      'truncated-input',
      `the file ends inside ${what} (no closing '}')`,
      this.diagnose([open]),
    );
  }

  top(): void {
    for (;;) {
      this.skipBlank();
      const t = this.peek();
      if (t === undefined) return;
      if (t.kind === 'punct' && t.text === '}') {
        this.sink.warning('unrecognized-line', "a '}' that closes nothing; skipped", this.diagnose([t]));
        this.i++;
        continue;
      }
      const head = this.statement(!this.atDefine());
      if (head.length === 0) {
        this.i++;
        continue;
      }
      this.command(head);
    }
  }

  private command(head: Token[]): void {
    let words = head.map((t) => t.text);
    let verb = words[0]!;
    if (['add', 'create', 'insert', 'replace'].includes(verb) && words.length > 1) {
      const insert = verb === 'insert';
      words = words.slice(1);
      verb = words[0]!;
      head = head.slice(1);
      if (verb === 'rule') return this.addRule(head, insert);
      if (verb === 'chain') return this.addChain(head);
    }
    switch (verb) {
      case 'flush':
      case 'delete':
      case 'destroy':
      case 'list':
        this.mark(head, LineKind.structure);
        if (this.isOpen()) this.mark(this.skipBlock(), LineKind.structure);
        return;
      case 'define':
      case 'redefine':
        return this.define(head);
      case 'undefine':
        this.defines.delete(words[1] ?? '');
        this.mark(head, LineKind.structure);
        return;
      case 'include':
        this.sink.warning(
          'unsupported-construct',
          `include ${words[1] ?? ''}: included files are not read; import them separately`,
          this.diagnose(head),
        );
        return;
      case 'table':
        return this.table(head);
    }
    const block = this.isOpen() ? this.skipBlock() : [];
    this.sink.warning(
      'unrecognized-line',
      `'${words.slice(0, 3).join(' ')}' is not an nft command the importer knows; skipped`,
      this.diagnose([...head, ...block]),
    );
  }

  private define(head: Token[]): void {
    const eq = head.findIndex((t) => t.kind === 'punct' && t.text === '=');
    const name = head[1]?.text;
    if (eq !== 2 || name === undefined || head.length < 4) {
      this.sink.warning('unrecognized-line', 'a define without `NAME = value`; skipped', this.diagnose(head));
      return;
    }
    this.defines.set(name, head.slice(3));
    this.mark(head, LineKind.structure);
  }

  /** `table [family] NAME` with or without its `{ body }`. */
  private table(head: Token[]): void {
    const [family, name] = this.familyAndName(head.slice(1));
    if (name === undefined || family === null) {
      const block = this.isOpen() ? this.skipBlock() : [];
      this.sink.error(
        'unrecognized-line',
        `'${head.map((t) => t.text).join(' ')}' is not a table (family ${NFT_FAMILIES.join('|')} and a name)`,
        this.diagnose([...head, ...block]),
      );
      return;
    }
    this.mark(head, LineKind.structure);
    if (!this.ruleset.tables.some((t) => t.family === family && t.name === name)) {
      this.ruleset.tables.push({ family, name, source: this.ref(head[0]!.line) });
    }
    if (!this.isOpen()) return;
    const open = this.ts[this.i++]!;
    this.mark([open], LineKind.structure);
    for (;;) {
      this.skipBlank();
      const t = this.peek();
      if (t === undefined) return this.closeBlock(`table ${family} ${name}`, head[0]!);
      if (this.isClose()) return this.closeBlock(`table ${family} ${name}`, head[0]!);
      const st = this.statement(!this.atDefine());
      if (st.length === 0) {
        this.i++;
        continue;
      }
      const w = st[0]!.text;
      if (w === 'chain' && this.isOpen()) this.chainBlock(family, name, st);
      else if ((w === 'set' || w === 'map') && this.isOpen()) this.setBlock(family, name, st, w === 'map');
      else if (w === 'define' || w === 'redefine') this.define(st);
      else if (w === 'include') this.command(st);
      else if (w === 'flags' || w === 'comment') this.mark(st, LineKind.structure);
      else if (['flowtable', 'ct', 'counter', 'quota', 'limit', 'secmark', 'synproxy'].includes(w)) {
        // Named stateful objects: kept out of the model (see support.md).
        this.mark(st, LineKind.structure);
        if (this.isOpen()) this.mark(this.skipBlock(), LineKind.structure);
      } else {
        const block = this.isOpen() ? this.skipBlock() : [];
        this.sink.warning(
          'unrecognized-line',
          `'${st
            .slice(0, 3)
            .map((x) => x.text)
            .join(' ')}' is not a table element the importer knows; skipped`,
          this.diagnose([...st, ...block]),
        );
      }
    }
  }

  private familyAndName(ws: readonly Token[]): [NftFamily | null, string | undefined] {
    if (ws.length >= 2) {
      const f = ws[0]!.text as NftFamily;
      return [NFT_FAMILIES.includes(f) ? f : null, ws[1]!.text];
    }
    return ['ip', ws[0]?.text];
  }

  private chainOf(family: NftFamily, table: string, name: string, at: Token): NftChain {
    const key = chainKey(family, table, name);
    let chain = this.ruleset.chains.get(key);
    if (chain === undefined) {
      chain = { family, table, name, source: this.ref(at.line), rules: [] };
      this.ruleset.chains.set(key, chain);
    }
    return chain;
  }

  private chainBlock(family: NftFamily, table: string, head: Token[]): void {
    const name = head[1]?.text ?? '';
    const chain = this.chainOf(family, table, name, head[0]!);
    this.mark(head, LineKind.structure);
    const open = this.ts[this.i++]!;
    this.mark([open], LineKind.structure);
    for (;;) {
      this.skipBlank();
      if (this.peek() === undefined || this.isClose()) return this.closeBlock(`chain ${name}`, head[0]!);
      const st = this.statement(false);
      if (st.length === 0) {
        this.i++;
        continue;
      }
      this.chainStatement(chain, st);
    }
  }

  private chainStatement(chain: NftChain, st: Token[]): void {
    const w = st[0]!.text;
    if (w === 'type' && st[0]!.kind === 'word') return this.hook(chain, st);
    if (w === 'devices') return this.devices(chain, st);
    if (w === 'policy' && st.length === 2) {
      const p = st[1]!.text;
      if (p === 'accept' || p === 'drop') {
        chain.policy = p;
        chain.hookSource = this.ref(st[0]!.line);
        this.mark(st, LineKind.structure);
      } else {
        this.sink.warning('invalid-value', `policy '${p}' is neither accept nor drop`, this.diagnose(st));
      }
      return;
    }
    if ((w === 'comment' && st.length === 2 && st[1]!.kind === 'string') || w === 'flags') {
      this.mark(st, LineKind.structure);
      return;
    }
    this.rule(chain, st);
  }

  private devices(chain: NftChain, st: Token[]): void {
    chain.devices = st
      .slice(1)
      .filter((t) => t.kind === 'word' || t.kind === 'string')
      .map((t) => t.text);
    this.mark(st, LineKind.structure);
  }

  private rule(chain: NftChain, st: Token[]): void {
    const statements = new RuleSyntax(st, this.defines).statements();
    this.mark(st, LineKind.rule);
    const first = st[0]!.line;
    chain.rules.push({
      family: chain.family,
      table: chain.table,
      chain: chain.name,
      statements,
      source: this.ref(first, st[st.length - 1]!.line),
    });
  }

  /** `type filter hook input [device X] priority 0` */
  private hook(chain: NftChain, st: Token[]): void {
    const ws = st.map((t) => t.text);
    chain.type = ws[1];
    const h = ws.indexOf('hook');
    if (h > 0) chain.hook = ws[h + 1];
    const d = ws.indexOf('device');
    if (d > 0 && ws[d + 1] !== undefined) chain.devices = [ws[d + 1]!];
    const p = ws.indexOf('priority');
    if (p > 0) {
      const expr = ws
        .slice(p + 1)
        .join(' ')
        .replace(/\s+/g, '');
      const prio = resolvePriority(expr, chain.family);
      if (prio === null) {
        this.sink.warning(
          'invalid-value',
          `priority '${ws.slice(p + 1).join(' ')}' is not a number or a standard priority name; taken as 0`,
          this.diagnose(st),
        );
        chain.priority = 0;
      } else chain.priority = prio;
    } else chain.priority = 0;
    chain.hookSource = this.ref(st[0]!.line);
    if (this.kinds[st[0]!.line] !== LineKind.diagnosed) this.mark(st, LineKind.structure);
  }

  private setBlock(family: NftFamily, table: string, head: Token[], isMap: boolean): void {
    const name = head[1]?.text ?? '';
    const set: NftSet = {
      family,
      table,
      name,
      isMap,
      type: '',
      flags: [],
      elements: [],
      dynamic: false,
      source: this.ref(head[0]!.line),
    };
    this.ruleset.sets.set(chainKey(family, table, name), set);
    this.mark(head, LineKind.structure);
    const open = this.ts[this.i++]!;
    this.mark([open], LineKind.structure);
    for (;;) {
      this.skipBlank();
      if (this.peek() === undefined || this.isClose()) return this.closeBlock(`set ${name}`, head[0]!);
      const st = this.statement(false);
      if (st.length === 0) {
        this.i++;
        continue;
      }
      const w = st[0]!.text;
      if (w === 'type' || w === 'typeof')
        set.type = st
          .slice(1)
          .map((t) => t.text)
          .join(' ');
      else if (w === 'flags') {
        set.flags = st
          .slice(1)
          .filter((t) => t.kind === 'word')
          .map((t) => t.text);
        if (set.flags.includes('dynamic') || set.flags.includes('timeout')) set.dynamic = true;
      } else if (w === 'timeout') set.dynamic = true;
      else if (w === 'elements') {
        const eq = st.findIndex((t) => t.text === '=');
        try {
          const v: NftExpr = new RuleSyntax(st.slice(eq + 1), this.defines).value();
          const obj = v as { set?: NftExpr[] };
          set.elements =
            typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray(obj.set)
              ? obj.set
              : [v];
        } catch (e) {
          this.sink.warning(
            'invalid-value',
            `the elements of set ${name} cannot be read (${(e as Error).message}); the set is taken as unknown`,
            this.diagnose(st),
          );
          set.dynamic = true;
          continue;
        }
      }
      this.mark(st, LineKind.structure);
    }
  }

  /** `add chain [family] table name [{ type ... ; policy ...; }]` */
  private addChain(head: Token[]): void {
    const ws = head.slice(1);
    const hasFamily = ws.length >= 3 && NFT_FAMILIES.includes(ws[0]!.text as NftFamily);
    const family = (hasFamily ? ws[0]!.text : 'ip') as NftFamily;
    const rest = hasFamily ? ws.slice(1) : ws;
    if (rest.length < 2) {
      this.sink.warning('unrecognized-line', 'add chain needs a table and a chain name', this.diagnose(head));
      return;
    }
    const chain = this.chainOf(family, rest[0]!.text, rest[1]!.text, head[0]!);
    this.mark(head, LineKind.structure);
    if (!this.isOpen()) return;
    const open = this.ts[this.i++]!;
    this.mark([open], LineKind.structure);
    for (;;) {
      this.skipBlank();
      if (this.peek() === undefined || this.isClose())
        return this.closeBlock(`chain ${chain.name}`, head[0]!);
      const st = this.statement(false);
      if (st.length === 0) {
        this.i++;
        continue;
      }
      this.chainStatement(chain, st);
    }
  }

  /** `add rule [family] table chain statements...` (`insert` puts it first). */
  private addRule(head: Token[], insert: boolean): void {
    const ws = head.slice(1);
    const hasFamily = ws.length >= 3 && NFT_FAMILIES.includes(ws[0]!.text as NftFamily);
    const family = (hasFamily ? ws[0]!.text : 'ip') as NftFamily;
    const rest = hasFamily ? ws.slice(1) : ws;
    const key = chainKey(family, rest[0]?.text ?? '', rest[1]?.text ?? '');
    const chain = this.ruleset.chains.get(key);
    if (chain === undefined || rest.length < 3) {
      this.sink.error(
        'undefined-reference',
        `add rule: chain ${rest[1]?.text ?? ''} of table ${family} ${rest[0]?.text ?? ''} is not defined (nft would reject the file)`,
        this.diagnose(head),
      );
      return;
    }
    this.rule(chain, rest.slice(2));
    if (insert) chain.rules.unshift(chain.rules.pop()!);
    this.mark(head, LineKind.rule);
  }
}

/** `0`, `-150`, `filter`, `filter - 10`, `mangle+5`, `dstnat` -> a number, per family. */
export function resolvePriority(expr: string, family: NftFamily): number | null {
  const m = /^(-?\d+|[a-z]+)(?:([+-])(\d+))?$/.exec(expr);
  if (!m) return null;
  const names = family === 'bridge' ? BRIDGE_PRIORITY_NAMES : PRIORITY_NAMES;
  const base = /^-?\d+$/.test(m[1]!) ? Number(m[1]) : names[m[1]!];
  if (base === undefined) return null;
  const off = m[3] === undefined ? 0 : Number(m[3]) * (m[2] === '-' ? -1 : 1);
  return base + off;
}
