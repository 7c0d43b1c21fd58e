/**
 * Parse tests: fixture text -> the iptables vendor model (tables, chains, rules, options) and
 * the per-line accounting, before any conversion.
 */
import { describe, expect, it } from 'vitest';
import { LineKind, parseIptables, splitLines, type IptablesRule } from '../../../../models/import/iptables';
import { tokenize } from '../../../../models/import/iptables/tokenize';
import { codesAndLines, parse, readFixture } from './support';

const rulesOf = (name: string, table: string, chain: string): IptablesRule[] =>
  parse(name).config.tables.get(table)!.chains.get(chain)!.rules;
const opts = (r: IptablesRule): string[] =>
  r.options.map((o) => `${o.negate ? '!' : ''}${o.name}${o.args.length ? `=${o.args.join(' ')}` : ''}`);
const inline = (text: string) => parseIptables('inline.iptables-save', text);

describe('tables and chains', () => {
  it('declares built-in chains with their policy and the line that set it', () => {
    const { config } = parse('chains-and-policies.iptables-save');
    const filter = config.tables.get('filter')!;
    expect([...filter.chains.values()].map((c) => [c.name, c.builtin, c.policy, c.source?.line])).toEqual([
      ['INPUT', true, 'ACCEPT', 5],
      ['FORWARD', true, 'DROP', 6],
      ['OUTPUT', true, 'ACCEPT', 16],
    ]);
    expect(filter.committed).toBe(true);
    expect([...config.tables.keys()]).toEqual(['filter', 'mangle']);
    expect(config.family).toBe(4);
  });

  it('declares user chains from :NAME - and -N NAME, without a policy', () => {
    const filter = parse('user-chains-jump-goto-return.iptables-save').config.tables.get('filter')!;
    expect(
      [...filter.chains.values()].filter((c) => !c.builtin).map((c) => [c.name, c.policy, c.source?.line]),
    ).toEqual([
      ['WEB', null, 7],
      ['SSH', null, 8],
      ['OUTER', null, 9],
      ['INNER', null, 10],
      ['TAIL', null, 11],
    ]);
  });

  it('keeps -j and -g apart', () => {
    const fwd = rulesOf('user-chains-jump-goto-return.iptables-save', 'filter', 'FORWARD');
    expect(fwd.map((r) => [r.source.line, r.target?.kind, r.target?.name])).toEqual([
      [13, 'jump', 'RETURN'],
      [15, 'jump', 'WEB'],
      [17, 'goto', 'SSH'],
      [19, 'jump', 'OUTER'],
      [20, 'jump', 'ACCEPT'],
    ]);
  });

  it('a rule without a target has target null', () => {
    const logdrop = inline('*filter\n:X - [0:0]\n-A X\n-A X -j DROP\nCOMMIT\n')
      .config.tables.get('filter')!
      .chains.get('X')!;
    expect(logdrop.rules.map((r) => r.target)).toEqual([null, { kind: 'jump', name: 'DROP', options: [] }]);
  });

  it('a second section of a table flushes the first one, keeping built-in policies', () => {
    const { config, diagnostics } = parse('table-reopened--warnings.iptables-save');
    const filter = config.tables.get('filter')!;
    expect([...filter.chains.keys()]).toEqual(['INPUT', 'FORWARD', 'OUTPUT']);
    expect(filter.chains.get('FORWARD')!.rules.map((r) => r.source.line)).toEqual([16]);
    expect(filter.chains.get('FORWARD')!.source?.line).toBe(14);
    expect(codesAndLines(diagnostics.diagnostics)).toEqual([['duplicate-definition', 12]]);
  });

  it('tells IPv6 files by the ip6tables-save header, or by the addresses used', () => {
    expect(parse('ip6tables.iptables-save').config.family).toBe(6);
    expect(inline('*filter\n-A INPUT -s 2001:db8::/32 -j DROP\nCOMMIT\n').config.family).toBe(6);
    expect(
      inline('*filter\n-A INPUT -m iprange --src-range 2001:db8::1-2001:db8::9 -j DROP\nCOMMIT\n').config
        .family,
    ).toBe(6);
    expect(inline('*filter\n-A INPUT -s 10.0.0.0/8 -j DROP\nCOMMIT\n').config.family).toBe(4);
  });
});

describe('rule options', () => {
  it('records negations before the option and in the old `--opt ! value` form alike', () => {
    const fwd = rulesOf('negations.iptables-save', 'filter', 'FORWARD');
    expect(fwd.map(opts)).toEqual([
      ['!source=10.0.0.0/8', 'destination=192.0.2.1/32'],
      ['!in-interface=eth0', 'destination=192.0.2.2/32'],
      ['!protocol=udp', 'destination=192.0.2.3/32'],
      ['destination=192.0.2.4/32', 'protocol=tcp', '!dport=22'],
      ['destination=192.0.2.5/32', 'protocol=tcp', '!dport=443'],
      ['!source=10.0.0.0/8', 'destination=192.0.2.6/32'],
      ['protocol=udp', '!destination=192.0.2.0/24', '!sport=53'],
      ['destination=192.0.2.7/32', 'comment=!'],
      ['destination=192.0.2.8/32', '!out-interface=eth1'],
    ]);
    expect(fwd[3]!.modules).toEqual(['tcp']);
    expect(fwd[3]!.options[2]!.module).toBe('tcp');
  });

  it('unquotes arguments, honours \\" inside double quotes, and keeps quoted option-like text as text', () => {
    const fwd = rulesOf('comments-and-quotes.iptables-save', 'filter', 'FORWARD');
    expect(fwd.map((r) => r.options.find((o) => o.name === 'comment')?.args[0] ?? null)).toEqual([
      'allow "quoted" word',
      '!',
      '! not a negation',
      'single quoted',
      '-j DROP',
      null,
      null,
      '# not a comment',
    ]);
    expect(fwd.map((r) => r.target?.name)).toEqual([
      'ACCEPT',
      'DROP',
      'DROP',
      'ACCEPT',
      'ACCEPT',
      'LOG',
      'ACCEPT',
      'ACCEPT',
    ]);
    expect(fwd[5]!.target!.options.map((o) => [o.name, o.args])).toEqual([
      ['?log-prefix', ['-- fw: ']],
      ['?log-level', ['4']],
    ]);
  });

  it('match options after -j stay with the match; the target keeps its own', () => {
    const fwd = rulesOf('options-after-target.iptables-save', 'filter', 'FORWARD');
    expect(fwd.map(opts)).toEqual([
      ['destination=192.0.2.1/32', 'protocol=tcp', 'dport=22'],
      ['source=10.0.0.0/8'],
      ['protocol=udp', 'dports=53,123'],
    ]);
    expect(fwd.map((r) => r.target!.options.map((o) => o.name))).toEqual([[], ['?log-prefix'], []]);
    expect(fwd[2]!.options[1]!.module).toBe('multiport');
  });

  it('gives unknown options one argument, or none when an option (or ! option) follows', () => {
    const r = inline(
      '*filter\n-A INPUT -m foo --flag --val 3 --flag2 ! --neg x --other ! y -j ACCEPT\nCOMMIT\n',
    )
      .config.tables.get('filter')!
      .chains.get('INPUT')!.rules[0]!;
    expect(opts(r)).toEqual(['?flag', '?val=3', '?flag2', '!?neg=x', '!?other=y']);
  });

  it('takes two arguments for --match-set, --tcp-flags and SET --add-set', () => {
    const r = inline(
      '*filter\n-A INPUT -p tcp --tcp-flags SYN,ACK SYN -m set --match-set s src,dst -j SET --add-set t src --exist\nCOMMIT\n',
    );
    const rule = r.config.tables.get('filter')!.chains.get('INPUT')!.rules[0]!;
    expect(opts(rule)).toEqual(['protocol=tcp', 'tcp-flags=SYN,ACK SYN', 'match-set=s src,dst']);
    expect(rule.target!.options.map((o) => [o.name, o.args])).toEqual([
      ['add-set', ['t', 'src']],
      ['?exist', []],
    ]);
    expect(r.diagnostics.diagnostics).toEqual([]);
  });

  it('drops [packets:bytes] and -c counters', () => {
    const fwd = rulesOf('counters.iptables-save', 'filter', 'FORWARD');
    expect(fwd.map((r) => [r.source.line, opts(r).join(' ')])).toEqual([
      [11, 'source=10.9.9.9/32'],
      [7, 'source=10.0.0.0/8'],
      [8, 'protocol=tcp dport=22'],
      [9, 'destination=192.0.2.1/32'],
    ]);
    expect(fwd[1]!.source.text).toBe('[12:34] -A FORWARD -s 10.0.0.0/8 -j ACCEPT');
  });

  it('orders -I rules at the top or at their position', () => {
    expect(rulesOf('insert-order.iptables-save', 'filter', 'FORWARD').map((r) => r.source.line)).toEqual([
      12, 10, 14, 8, 16, 18,
    ]);
  });
});

describe('tokenize', () => {
  it('splits on blanks and tabs, groups quotes, and flags quoted words', () => {
    expect(tokenize('-A  X\t-j ACCEPT')).toEqual({ words: ['-A', 'X', '-j', 'ACCEPT'], quoted: null });
    expect(tokenize('--comment "a \\"b\\"" ! \'c d\'')).toEqual({
      words: ['--comment', 'a "b"', '!', 'c d'],
      quoted: [false, true, false, true],
    });
    expect(tokenize('--comment "!"')?.quoted).toEqual([false, true]);
    expect(tokenize('x"a b"y')).toEqual({ words: ['xa by'], quoted: [true] });
  });

  it('returns null on an unclosed quote', () => {
    expect(tokenize('--comment "open')).toBeNull();
    expect(tokenize("--comment 'open")).toBeNull();
  });
});

describe('line accounting', () => {
  it('classifies every line of a clean file', () => {
    const name = 'chains-and-policies.iptables-save';
    const { lineKinds } = parse(name);
    const K = LineKind;
    // prettier-ignore
    expect([...lineKinds]).toEqual([
      K.Comment, K.Comment, K.Table, K.Comment, K.Chain, K.Chain, K.Chain, K.Comment, K.Rule, K.Rule, K.Comment, K.Rule, K.Rule, K.Rule,
      K.Comment, K.Chain, K.Rule, K.Commit, K.Comment, K.Table, K.Chain, K.Chain, K.Chain, K.Chain, K.Chain, K.Commit,
    ]);
    expect(lineKinds).toHaveLength(splitLines(readFixture(name)).length);
  });

  it('marks the unusable lines of a damaged file as diagnostics, each named by one', () => {
    const { lineKinds, diagnostics } = parse('garbage-lines--recovery.iptables-save');
    const marked = [...lineKinds].flatMap((k, i) => (k === LineKind.Diagnostic ? [i + 1] : []));
    expect(marked).toEqual([8, 11, 13, 15, 17, 19, 21, 25, 27, 31, 33, 37, 39, 41]);
    const named = new Set(diagnostics.diagnostics.map((d) => d.source.line));
    expect(marked.every((l) => named.has(l))).toBe(true);
    // a user chain with a policy and an -I past the end are still imported, with a warning
    expect([lineKinds[22], lineKinds[28]]).toEqual([LineKind.Chain, LineKind.Rule]);
  });

  it('quotes each line exactly in its SourceRef, CRLF or not', () => {
    const crlf = readFixture('counters.iptables-save').replace(/\n/g, '\r\n');
    const { config } = parseIptables('counters.iptables-save', crlf);
    const rule = config.tables.get('filter')!.chains.get('FORWARD')!.rules[1]!;
    expect(rule.source).toEqual({
      file: 'counters.iptables-save',
      line: 7,
      endLine: 7,
      text: '[12:34] -A FORWARD -s 10.0.0.0/8 -j ACCEPT',
    });
  });
});
