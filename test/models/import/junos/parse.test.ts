/**
 * Parse tests: both input forms -> set-path statements -> the Junos vendor model, the per-line
 * accounting, and the diagnostics of the --warnings / --recovery fixtures by code and line.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { LineKind, parseJunos, parseStatements, splitLines } from '../../../../models/import/junos';
import {
  codesAndLines,
  fixtureNames,
  lineOf,
  load,
  readFixture,
  renderDevice,
  stableJson,
  unaccountedLines,
} from './support';

const parse = (name: string) => parseJunos(name, readFixture(name));

describe('statements', () => {
  it('flattens the curly form into display-set paths, one per list element, citing each leaf line', () => {
    const text =
      'security {\n  policies {\n    from-zone a to-zone b {\n      policy p {\n        match {\n          application [ junos-ssh junos-http ];\n        }\n      }\n    }\n  }\n}\n';
    const { statements, form } = parseStatements('x.conf', splitLines(text));
    expect(form).toBe('curly');
    expect(statements.map((s) => [s.words.join(' '), s.line + 1, s.lines[7]! + 1])).toEqual([
      ['security policies from-zone a to-zone b policy p match application junos-ssh', 6, 4],
      ['security policies from-zone a to-zone b policy p match application junos-http', 6, 4],
    ]);
  });

  it('reads set lines with quotes, bracket lists, deactivate and insert', () => {
    const text =
      'set interfaces ge-0/0/0 description "to core"\nset firewall filter F term t from protocol [ tcp udp ]\ndeactivate interfaces ge-0/0/0\n';
    const { statements, form } = parseStatements('x.set', splitLines(text));
    expect(form).toBe('set');
    expect(statements.map((s) => [s.verb, s.words.join('|')])).toEqual([
      ['set', 'interfaces|ge-0/0/0|description|to core'],
      ['set', 'firewall|filter|F|term|t|from|protocol|tcp'],
      ['set', 'firewall|filter|F|term|t|from|protocol|udp'],
      ['deactivate', 'interfaces|ge-0/0/0'],
    ]);
  });

  it('skips CLI prompts ({master:0}, [edit]) in both forms', () => {
    const curly = parseStatements('x.conf', splitLines('{master:0}\n[edit]\nsystem {\n  host-name a;\n}\n'));
    expect(curly.statements.map((s) => s.words.join(' '))).toEqual(['system host-name a']);
    expect([...curly.lineKinds.slice(0, 2)]).toEqual([LineKind.Ignored, LineKind.Ignored]);
    const set = parseStatements('x.set', splitLines('set system host-name a\n\n{master:0}\n'));
    expect(set.statements.map((s) => s.words.join(' '))).toEqual(['system host-name a']);
  });

  it('marks inactive: from the word it precedes', () => {
    const text = 'a {\n  inactive: b c {\n    d;\n  }\n  e;\n}\n';
    const { statements } = parseStatements('x.conf', splitLines(text));
    expect(statements.map((s) => [s.words.join(' '), s.inactiveAt])).toEqual([
      ['a b c d', 1],
      ['a e', -1],
    ]);
  });
});

describe('vendor model', () => {
  it('keeps zones, address books, applications and policies with their lines', () => {
    const F = 'zone-policies.set';
    const { config } = parse(F);
    expect([...config.zones.values()].map((z) => [z.name, z.interfaces.map((i) => i.name)])).toEqual([
      ['trust', ['ge-0/0/0.0']],
      ['untrust', ['ge-0/0/1.0']],
      ['dmz', ['ge-0/0/2.0']],
    ]);
    expect(
      config.zones
        .get('dmz')!
        .addressBook.sets.get('web-farm')!
        .addresses.map((a) => a.name),
    ).toEqual(['web']);
    expect(config.addressBooks.get('global')!.addresses.get('printers')).toMatchObject({
      kind: 'range',
      value: '10.1.0.100 to 10.1.0.110',
    });
    expect(config.applications.get('tcp-8080')!.terms.get('')!.fields.get('destination-port')!.value).toBe(
      '8080',
    );
    expect(
      config.policies.get('trust\u0000dmz')!.map((p) => [p.name, p.action?.kind, p.source.line]),
    ).toEqual([
      ['deny-admin-web', 'deny', lineOf(F, 'policy deny-admin-web')],
      ['allow-web', 'permit', lineOf(F, 'policy allow-web')],
    ]);
    expect(config.globalPolicies.map((p) => p.name)).toEqual(['g-ping', 'g-dns']);
    expect(config.defaultPolicy).toMatchObject({
      action: 'deny',
      source: { line: lineOf(F, 'default-policy') },
    });
  });

  it('keeps filters, terms, prefix-lists, interface bindings and static routes', () => {
    const F = 'filter-terms.set';
    const { config } = parse(F);
    expect(config.filters.get('inet/EDGE-IN')!.terms.map((t) => t.name)).toEqual([
      'no-bogons',
      'count-web',
      'web',
      'dns',
      'replies',
    ]);
    expect(config.filters.get('inet/EDGE-IN')!.terms[0]!.from.map((c) => [c.value, c.except])).toEqual([
      ['10.0.0.0/8', false],
      ['10.1.2.0/24', true],
    ]);
    expect(config.interfaces.get('ge-0/0/0.0')!.filters).toMatchObject([
      { direction: 'input', name: 'EDGE-IN', family: 'inet' },
    ]);
    expect(config.prefixLists.get('MGMT')!.prefixes.map((p) => p.value)).toEqual([
      '10.0.0.0/24',
      '10.9.0.0/16',
    ]);
    expect(config.routes.map((r) => [r.prefix, r.nextHop, r.special])).toEqual([
      ['0.0.0.0/0', '198.51.100.2', null],
      ['10.99.0.0/16', null, 'discard'],
    ]);
  });

  it('keeps a deactivated policy in the order, marked inactive, and the deactivate lines as directives', () => {
    const F = 'insert-deactivate.set';
    const { config, lineKinds } = parse(F);
    expect(config.policies.get('inside\u0000outside')!.map((p) => [p.name, p.inactive])).toEqual([
      ['block-ftp', true],
      ['block-telnet', false],
      ['allow-all', false],
      ['block-ssh', false],
    ]);
    expect(lineKinds[lineOf(F, 'policy block-ftp match source-address') - 1]).toBe(LineKind.Inactive);
    expect(lineKinds[lineOf(F, 'deactivate security') - 1]).toBe(LineKind.Directive);
  });
});

describe('insert', () => {
  it('moves filter terms too', () => {
    const text =
      'set firewall filter F term a then accept\nset firewall filter F term b then discard\ninsert firewall filter F term b before term a\n';
    const { config, diagnostics } = parseJunos('x.set', text);
    expect(config.filters.get('inet/F')!.terms.map((t) => t.name)).toEqual(['b', 'a']);
    expect(diagnostics.diagnostics).toEqual([]);
  });
});

describe('set and curly forms', () => {
  it.each(['zone-policies', 'filter-terms'])('%s: both forms give the same neutral model', (base) => {
    const set = renderDevice(load(`${base}.set`), false);
    const curly = renderDevice(load(`${base}.conf`), false);
    expect(stableJson(curly)).toBe(stableJson(set));
    expect(load(`${base}.set`).diagnostics).toEqual([]);
    expect(load(`${base}.conf`).diagnostics).toEqual([]);
  });
});

describe('diagnostics by code and line', () => {
  it('objects--warnings', () => {
    const F = 'objects--warnings.set';
    expect(codesAndLines(load(F).diagnostics)).toEqual([
      ['unrecognized-line', lineOf(F, 'this line is not Junos')],
      ['uncertain-match', lineOf(F, 'scheduler-name')],
      ['unrecognized-line', lineOf(F, 'frobnicate')],
      ['hostname-address', lineOf(F, 'dns-name')],
      ['uncertain-match', lineOf(F, 'wildcard-address')],
      ['unsupported-construct', lineOf(F, 'junos-no-such-app')],
      ['invalid-value', lineOf(F, '10.0.0.300')],
      ['undefined-reference', lineOf(F, 'destination-address missing')],
      ['invalid-value', lineOf(F, 'application bad-port protocol')],
      ['undefined-reference', lineOf(F, 'application nowhere')],
      ['invalid-value', lineOf(F, 'policy p4')],
      ['unused-object', lineOf(F, 'address unused')],
    ]);
  });

  it('insert-deactivate: an insert naming an undefined policy', () => {
    const F = 'insert-deactivate.set';
    expect(codesAndLines(load(F).diagnostics)).toEqual([
      ['undefined-reference', lineOf(F, 'policy no-such')],
      ['disabled-rule', lineOf(F, 'policy block-ftp match source-address')],
    ]);
  });

  it('unbalanced-braces--recovery: a stray } and blocks never closed, the statements before them kept', () => {
    const F = 'unbalanced-braces--recovery.conf';
    const result = load(F);
    expect(codesAndLines(result.diagnostics)).toEqual([
      ['unrecognized-line', 12],
      ['truncated-input', splitLines(readFixture(F)).length],
      ['invalid-value', lineOf(F, 'policy cut-short')],
    ]);
    expect(result.diagnostics[1]!.message).toContain('13, 14, 15');
    expect(result.devices[0]!.lists.get('a->a')!.rules.map((r) => r.source.line)).toEqual([
      lineOf(F, 'policy ok'),
    ]);
  });

  it.each(fixtureNames())('%s: every line is accounted for', (name) => {
    expect(unaccountedLines(name, readFixture(name), load(name).diagnostics)).toEqual([]);
  });

  it('clean fixtures import without diagnostics', () => {
    for (const name of [
      'zone-policies.set',
      'zone-policies.conf',
      'inactive-and-default.conf',
      'filter-terms.set',
      'nat.set',
    ]) {
      expect(
        load(name).diagnostics.filter((d) => d.code !== 'unused-object' && d.code !== 'disabled-rule'),
        name,
      ).toEqual([]);
    }
  });

  it('text that is not Junos, forced as junos, gives no device and a vendor-mismatch error', () => {
    const r = importConfig({ name: 'x.txt', text: 'hello world\n' }, { vendor: 'junos' });
    expect(r.devices).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain('vendor-mismatch');
  });
});
