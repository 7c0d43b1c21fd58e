import { DiagnosticSink, sourceRef } from '../../diagnostics';
import type { SourceRef } from '../../diagnostics';
import {
  BUILTIN_CHAINS,
  type IptablesChain,
  type IptablesConfig,
  type IptablesOption,
  type IptablesRule,
  type IptablesTable,
} from './model';
import { expandAddressLists } from './address-lists';
import { lookupOption } from './options';
import { tokenize } from './tokenize';

/** What became of each input line; every line is accounted for (see the fuzz tests). */
export const LineKind = {
  Blank: 1,
  Comment: 2,
  Table: 3,
  Chain: 4,
  Rule: 5,
  Commit: 6,
  Diagnostic: 7,
} as const;

export interface IptablesParse {
  readonly config: IptablesConfig;
  readonly diagnostics: DiagnosticSink;
  readonly lineKinds: Uint8Array;
}

/** Lines longer than this are not rules anyone wrote; they are reported and skipped. */
export const MAX_LINE_LENGTH = 65_536;

const COUNTERS = /^\[\d+:\d+\]$/;
const POLICIES = new Set(['ACCEPT', 'DROP']);

export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

class Parser {
  readonly sink = new DiagnosticSink('parse');
  readonly tables = new Map<string, IptablesTable>();
  table: IptablesTable | null = null;
  sawIpv6 = false;
  readonly lineKinds: Uint8Array;

  constructor(
    readonly file: string,
    readonly lines: readonly string[],
  ) {
    this.lineKinds = new Uint8Array(lines.length);
  }

  ref(index: number): SourceRef {
    return sourceRef(this.file, index + 1, this.lines[index]!);
  }

  skip(
    index: number,
    code: 'unrecognized-line' | 'unsupported-construct' | 'invalid-value' | 'line-too-long',
    message: string,
  ): void {
    this.lineKinds[index] = LineKind.Diagnostic;
    this.sink.warning(code, message, this.ref(index));
  }

  run(): void {
    for (let i = 0; i < this.lines.length; i++) this.line(i);
    if (this.table && !this.table.committed) {
      const at = this.lines.length - 1;
      this.sink.warning(
        'truncated-input',
        `table '${this.table.name}' (line ${this.table.source.line}) has no COMMIT; the file may be truncated (iptables-restore would reject it); its rules are imported as they stand`,
        this.ref(at >= 0 ? at : 0),
      );
    }
  }

  line(i: number): void {
    const raw = this.lines[i]!;
    if (raw.length > MAX_LINE_LENGTH)
      return this.skip(i, 'line-too-long', `line is ${raw.length} characters long; skipped`);
    const line = raw.trim();
    if (line === '') return void (this.lineKinds[i] = LineKind.Blank);
    const c = line[0];
    if (c === '#') return void (this.lineKinds[i] = LineKind.Comment);
    if (c === '*') return this.startTable(i, line.slice(1).trim());
    if (c === ':') return this.declareChain(i, line.slice(1));
    if (line === 'COMMIT') {
      if (!this.table) return this.skip(i, 'unrecognized-line', 'COMMIT outside a table');
      this.table.committed = true;
      this.table = null;
      return void (this.lineKinds[i] = LineKind.Commit);
    }
    if (c === '-' || c === '[') return this.command(i, line);
    this.skip(i, 'unrecognized-line', 'not an iptables-save line');
  }

  startTable(i: number, name: string): void {
    if (!/^[a-z][a-z0-9_-]*$/.test(name))
      return this.skip(i, 'unrecognized-line', `'*${name}' is not a table name`);
    if (this.table && !this.table.committed) {
      this.sink.warning('truncated-input', `table '${this.table.name}' ends without COMMIT`, this.ref(i));
    }
    const existing = this.tables.get(name);
    const table: IptablesTable = existing ?? {
      name,
      source: this.ref(i),
      chains: new Map(),
      committed: false,
    };
    if (existing) {
      // iptables-restore flushes a table when its section starts: the earlier section's rules and
      // user chains are gone; built-in chains keep their policies until redeclared.
      this.sink.warning(
        'duplicate-definition',
        `table '${name}' appears again (first at line ${existing.source.line}); iptables-restore flushes it here, so the rules and user chains before this line are discarded`,
        this.ref(i),
      );
      for (const [chainName, chain] of existing.chains) {
        if (chain.builtin) chain.rules.length = 0;
        else existing.chains.delete(chainName);
      }
    }
    table.committed = false;
    if (!existing) {
      if (!(name in BUILTIN_CHAINS))
        this.sink.warning(
          'unsupported-construct',
          `table '${name}' is not a known table; parsed, not analysed`,
          this.ref(i),
        );
      for (const chain of BUILTIN_CHAINS[name] ?? []) {
        table.chains.set(chain, { name: chain, builtin: true, policy: 'ACCEPT', source: null, rules: [] });
      }
      this.tables.set(name, table);
    }
    this.table = table;
    this.lineKinds[i] = LineKind.Table;
  }

  /**
   * `iptables -S` prints the filter table as bare commands (`-P INPUT DROP`, `-N x`, `-A ...`)
   * with no `*filter` header and no COMMIT: such a file is read as the filter table.
   */
  openImplicitFilter(i: number): void {
    const table: IptablesTable = { name: 'filter', source: this.ref(i), chains: new Map(), committed: true };
    for (const chain of BUILTIN_CHAINS.filter!) {
      table.chains.set(chain, { name: chain, builtin: true, policy: 'ACCEPT', source: null, rules: [] });
    }
    this.tables.set('filter', table);
    this.table = table;
    this.sink.info(
      'unsupported-construct',
      'no *table header: read as `iptables -S` output, whose commands all belong to the filter table',
      this.ref(i),
    );
  }

  declareChain(i: number, rest: string): void {
    if (!this.table)
      return this.skip(
        i,
        'unrecognized-line',
        'chain declaration outside a table (no *table line before it)',
      );
    const [name = '', policy = '-'] = rest.trim().split(/\s+/);
    if (name === '') return this.skip(i, 'unrecognized-line', 'chain declaration without a name');
    const builtin = (BUILTIN_CHAINS[this.table.name] ?? []).includes(name);
    if (builtin && !POLICIES.has(policy)) {
      return this.skip(
        i,
        'invalid-value',
        `built-in chain ${name} needs policy ACCEPT or DROP, not '${policy}'`,
      );
    }
    if (!builtin && policy !== '-') {
      this.sink.warning(
        'invalid-value',
        `user chain ${name} cannot have a policy ('${policy}' ignored)`,
        this.ref(i),
      );
    }
    const chain = this.chain(name, i);
    chain.policy = builtin ? (policy as 'ACCEPT' | 'DROP') : null;
    chain.source = this.ref(i);
    this.lineKinds[i] = LineKind.Chain;
  }

  chain(name: string, i: number): IptablesChain {
    const table = this.table!;
    let chain = table.chains.get(name);
    if (!chain) {
      chain = { name, builtin: false, policy: null, source: this.ref(i), rules: [] };
      table.chains.set(name, chain);
    }
    return chain;
  }

  command(i: number, line: string): void {
    const tokens = tokenize(line);
    if (tokens === null) return this.skip(i, 'unrecognized-line', 'unclosed quote');
    const { words, quoted } = tokens;
    if (quoted && words.length > 0 && COUNTERS.test(words[0]!)) (quoted as boolean[]).shift();
    if (words.length > 0 && COUNTERS.test(words[0]!)) words.shift();
    const verb = words[0] ?? '';
    if (!this.table && this.tables.size === 0 && /^-[PNAI]$/.test(verb)) this.openImplicitFilter(i);
    if (!this.table)
      return this.skip(i, 'unrecognized-line', `'${verb}' outside a table (no *table line before it)`);
    const op = lookupOption(verb)?.name;
    if (op === 'new-chain') {
      if (words.length !== 2) return this.skip(i, 'unrecognized-line', '-N takes exactly one chain name');
      const chain = this.chain(words[1]!, i);
      chain.source = this.ref(i);
      return void (this.lineKinds[i] = LineKind.Chain);
    }
    if (op === 'append' || op === 'insert') return this.rule(i, words, quoted, op === 'insert');
    if (verb === '-P' || verb === '--policy') {
      const chain = this.table.chains.get(words[1] ?? '');
      if (!chain?.builtin || !POLICIES.has(words[2] ?? ''))
        return this.skip(i, 'invalid-value', '-P needs a built-in chain and ACCEPT or DROP');
      chain.policy = words[2] as 'ACCEPT' | 'DROP';
      chain.source = this.ref(i);
      return void (this.lineKinds[i] = LineKind.Chain);
    }
    this.skip(i, 'unsupported-construct', `'${verb}' is not modelled (only -A, -I, -N and -P are)`);
  }

  rule(i: number, words: string[], quoted: readonly boolean[] | null, insert: boolean): void {
    const bang = (k: number): boolean => words[k] === '!' && !(quoted?.[k] ?? false);
    const chainName = words[1];
    if (chainName === undefined) return this.skip(i, 'unrecognized-line', `${words[0]} without a chain name`);
    let position = 1;
    let k = 2;
    if (insert && /^\d+$/.test(words[2] ?? '')) {
      position = Number(words[2]);
      k = 3;
      if (position < 1)
        return this.skip(
          i,
          'invalid-value',
          `rule number ${words[2]} is not valid for -I (rules are numbered from 1)`,
        );
    }
    const options: IptablesOption[] = [];
    const modules: string[] = [];
    let module: string | null = null;
    let target: { kind: 'jump' | 'goto'; name: string; options: IptablesOption[] } | null = null;
    // Options after -j belong to the target, except match options (iptables parses the whole
    // line, so `-j ACCEPT -p tcp --dport 22` still matches tcp/22 only) and a later -m's options.
    let inTarget = false;
    let negate = false;
    const isOption = (at: number): boolean =>
      at < words.length && !(quoted?.[at] ?? false) && /^-[-a-zA-Z]/.test(words[at]!);
    for (; k < words.length; k++) {
      const word = words[k]!;
      if (bang(k)) {
        negate = true;
        continue;
      }
      if (word[0] !== '-' || word.length < 2) {
        return this.skip(i, 'unrecognized-line', `unexpected word '${clip(word)}' (not an option)`);
      }
      const spec = lookupOption(word);
      const name = spec?.name ?? word.replace(/^-+/, '');
      // An unknown option takes one argument unless an option follows (`--flag ! --opt` too).
      const next = bang(k + 1) ? k + 2 : k + 1;
      let arity = spec?.arity ?? (next < words.length && !isOption(next) ? 1 : 0);
      // iptables < 1.4.3 wrote the negation after the option: `--dport ! 22`, `-s ! 10.0.0.0/8`.
      if (arity > 0 && bang(k + 1)) {
        negate = true;
        k++;
      }
      if (arity > 0 && k + arity > words.length - 1) {
        return this.skip(i, 'unrecognized-line', `option ${word} is missing its argument`);
      }
      const args = words.slice(k + 1, k + 1 + arity);
      k += arity;
      if (spec === null) arity = args.length;
      if (name === 'match') {
        module = args[0]!;
        modules.push(module);
        inTarget = false;
      } else if (name === 'jump' || name === 'goto') {
        if (target) return this.skip(i, 'unrecognized-line', 'a rule can have only one -j/-g');
        target = { kind: name, name: args[0]!, options: [] };
        inTarget = true;
      } else if (name !== 'set-counters') {
        const toTarget = target !== null && inTarget && !(spec !== null && MATCH_OPTIONS.has(name));
        const opt: IptablesOption = {
          name: spec ? name : `?${name}`,
          negate,
          args,
          module: toTarget ? null : module,
        };
        if (toTarget) target!.options.push(opt);
        else options.push(opt);
        if (!this.sawIpv6 && ADDRESS_OPTIONS.has(name) && args[0]!.includes(':')) this.sawIpv6 = true;
      }
      negate = false;
    }
    if (negate) return this.skip(i, 'unrecognized-line', "a trailing '!' negates nothing");
    if (!this.table!.chains.has(chainName)) {
      this.sink.error(
        'undefined-reference',
        `chain '${chainName}' is not declared in table ${this.table!.name} (no ':${chainName}' or '-N ${chainName}' before this line); iptables-restore would reject the file`,
        this.ref(i),
      );
    }
    const chain = this.chain(chainName, i);
    const expanded = expandAddressLists(options);
    if (typeof expanded === 'string') return this.skip(i, 'invalid-value', expanded);
    const source = this.ref(i);
    const rules = expanded.map((opts): IptablesRule => ({
      table: this.table!.name,
      chain: chainName,
      source,
      modules,
      options: opts,
      target,
    }));
    if (insert && position > chain.rules.length + 1) {
      this.sink.warning(
        'invalid-value',
        `-I ${chainName} ${position}: the chain has only ${chain.rules.length} rule(s) at this point (iptables would reject the index); appended`,
        this.ref(i),
      );
    }
    // `-I` inserts each expansion at the same position, so they end up in reverse order.
    if (insert) chain.rules.splice(Math.min(position - 1, chain.rules.length), 0, ...rules.reverse());
    else for (const rule of rules) chain.rules.push(rule);
    this.lineKinds[i] = LineKind.Rule;
  }
}

const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Options whose address argument tells the file's family. */
const ADDRESS_OPTIONS = new Set(['source', 'destination', 'src-range', 'dst-range']);

/** Options that belong to a match even when written after -j (the target's options otherwise). */
const MATCH_OPTIONS = new Set([
  'source',
  'destination',
  'in-interface',
  'out-interface',
  'protocol',
  'fragment',
  'sport',
  'dport',
  'sports',
  'dports',
  'ports',
  'tcp-flags',
  'syn',
  'icmp-type',
  'icmpv6-type',
  'src-range',
  'dst-range',
  'state',
  'ctstate',
  'comment',
  'match-set',
  'pkt-type',
]);

export function parseIptables(
  file: string,
  text: string,
  lines: readonly string[] = splitLines(text),
): IptablesParse {
  const p = new Parser(file, lines);
  p.run();
  const header = lines
    .slice(0, 5)
    .some((l) => l.includes('ip6tables-save') || l.includes('ip6tables-restore'));
  return {
    config: { file, tables: p.tables, family: header || p.sawIpv6 ? 6 : 4 },
    diagnostics: p.sink,
    lineKinds: p.lineKinds,
  };
}
