/**
 * The ordering the importer builds (per interface: quick rules in order, then non-quick rules in
 * reverse, then the default deny) checked against pf itself, simulated: every rule is evaluated
 * in ruleset order (floating rules first, then interface rules), the last matching rule decides
 * unless a matching rule is quick, which decides at once; no match is the default block.
 * Random rulesets of quick and non-quick floating rules and (always quick) interface rules,
 * random packets: the verdict and the cited `<rule>` line must agree with the simulation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { flow, splitLines, verdict } from './support';

interface GenRule {
  readonly floating: boolean;
  readonly quick: boolean;
  readonly pass: boolean;
  readonly from: number;
  readonly to: number;
}

const genRule = fc
  .record({
    floating: fc.boolean(),
    quick: fc.boolean(),
    pass: fc.boolean(),
    a: fc.integer({ min: 1, max: 20 }),
    b: fc.integer({ min: 1, max: 20 }),
  })
  .map(({ a, b, ...r }) => ({ ...r, from: Math.min(a, b), to: Math.max(a, b) }));

function configOf(rules: readonly GenRule[], vendor: 'pfsense' | 'opnsense'): string {
  const body = rules.map((r, i) =>
    [
      '    <rule>',
      `      <type>${r.pass ? 'pass' : 'block'}</type>`,
      '      <interface>lan</interface>',
      ...(r.floating ? ['      <floating>yes</floating>', '      <direction>in</direction>'] : []),
      ...(vendor === 'opnsense'
        ? [`      <quick>${r.quick ? 1 : 0}</quick>`]
        : r.floating && r.quick
          ? ['      <quick>yes</quick>']
          : []),
      '      <protocol>tcp</protocol>',
      '      <source><any/></source>',
      `      <destination><any/><port>${r.from}-${r.to}</port></destination>`,
      `      <descr>rule ${i}</descr>`,
      '    </rule>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0"?>',
    `<${vendor}>`,
    '  <system><ipv6allow/><webgui><noantilockout/></webgui></system>',
    '  <interfaces><lan><enable/><if>em1</if><ipaddr>10.0.0.1</ipaddr><subnet>24</subnet></lan></interfaces>',
    '  <filter>',
    ...body,
    '  </filter>',
    `</${vendor}>`,
    '',
  ].join('\n');
}

/**
 * pf: floating rules, then interface rules (each kept in file order); last match unless quick.
 * pfSense writes every interface rule quick; OPNsense as the rule says.
 */
function simulate(
  rules: readonly GenRule[],
  port: number,
  vendor: 'pfsense' | 'opnsense',
): { pass: boolean; index: number | null } {
  const order = [
    ...rules.map((r, i) => ({ r, i })).filter((x) => x.r.floating),
    ...rules.map((r, i) => ({ r, i })).filter((x) => !x.r.floating),
  ];
  let last: { pass: boolean; index: number } | null = null;
  for (const { r, i } of order) {
    if (port < r.from || port > r.to) continue;
    last = { pass: r.pass, index: i };
    if (r.quick || (!r.floating && vendor === 'pfsense')) break;
  }
  return last ?? { pass: false, index: null };
}

describe.each(['pfsense', 'opnsense'] as const)('pf rule order, simulated (%s)', (vendor) => {
  it('the importer decides every packet as pf does, citing the same rule', () => {
    fc.assert(
      fc.property(
        fc.array(genRule, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 21 }),
        (rules, port) => {
          const text = configOf(rules, vendor);
          const dev = importConfig({ name: 'gen.xml', text }).devices[0]!;
          const v = verdict(dev, flow('tcp', '10.0.0.5', '10.9.9.9', 40000, port), { in: 'lan', out: 'lan' });
          const want = simulate(rules, port, vendor);
          const lines = splitLines(text);
          const ruleLines = lines.flatMap((l, i) => (l.trim() === '<rule>' ? [i + 1] : []));
          expect(v.action).toBe(want.pass ? 'permit' : 'deny');
          expect(v.rule?.line ?? null).toBe(want.index === null ? null : ruleLines[want.index]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

interface DirRule extends GenRule {
  readonly dir: 'in' | 'out' | 'any';
  readonly on: 'lan' | 'wan' | 'lan,wan';
}

const dirRule = fc
  .record({
    rule: genRule,
    dir: fc.constantFrom('in' as const, 'out' as const, 'any' as const),
    on: fc.constantFrom('lan' as const, 'wan' as const, 'lan,wan' as const),
  })
  .map(({ rule, dir, on }) => ({ ...rule, dir, on }));

function dirConfig(rules: readonly DirRule[]): string {
  const body = rules.map((r, i) =>
    [
      '    <rule>',
      `      <type>${r.pass ? 'pass' : 'block'}</type>`,
      `      <interface>${r.floating ? r.on : 'lan'}</interface>`,
      ...(r.floating ? ['      <floating>yes</floating>', `      <direction>${r.dir}</direction>`] : []),
      ...(r.floating && r.quick ? ['      <quick>yes</quick>'] : []),
      '      <protocol>tcp</protocol>',
      '      <source><any/></source>',
      `      <destination><any/><port>${r.from}-${r.to}</port></destination>`,
      `      <descr>rule ${i}</descr>`,
      '    </rule>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0"?>',
    '<pfsense>',
    '  <system><ipv6allow/><webgui><noantilockout/></webgui></system>',
    '  <interfaces>',
    '    <wan><enable/><if>em0</if><ipaddr>198.51.100.2</ipaddr><subnet>24</subnet></wan>',
    '    <lan><enable/><if>em1</if><ipaddr>10.0.0.1</ipaddr><subnet>24</subnet></lan>',
    '  </interfaces>',
    '  <filter>',
    ...body,
    '  </filter>',
    '</pfsense>',
    '',
  ].join('\n');
}

/** One pf pass over the ruleset for a packet going `dir` on `iface`; null when nothing matched. */
function pass(
  rules: readonly DirRule[],
  port: number,
  dir: 'in' | 'out',
  iface: 'lan' | 'wan',
): { pass: boolean; index: number } | null {
  const order = [
    ...rules.map((r, i) => ({ r, i })).filter((x) => x.r.floating),
    ...rules.map((r, i) => ({ r, i })).filter((x) => !x.r.floating),
  ];
  let last: { pass: boolean; index: number } | null = null;
  for (const { r, i } of order) {
    const applies = r.floating
      ? (r.dir === dir || r.dir === 'any') && r.on.split(',').includes(iface)
      : dir === 'in' && iface === 'lan';
    if (!applies || port < r.from || port > r.to) continue;
    last = { pass: r.pass, index: i };
    if (!r.floating || r.quick) break;
  }
  return last;
}

describe('pf rule order with directions, simulated (pfsense)', () => {
  it('in on lan, then out on wan (default pass out): the verdict and the deciding rule agree with pf', () => {
    fc.assert(
      fc.property(
        fc.array(dirRule, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 21 }),
        (rules, port) => {
          const text = dirConfig(rules);
          const dev = importConfig({ name: 'gen.xml', text }).devices[0]!;
          const v = verdict(dev, flow('tcp', '10.0.0.5', '203.0.113.9', 40000, port), {
            in: 'lan',
            out: 'wan',
          });
          const lines = splitLines(text);
          const ruleLines = lines.flatMap((l, i) => (l.trim() === '<rule>' ? [i + 1] : []));
          const inbound = pass(rules, port, 'in', 'lan');
          const outbound = pass(rules, port, 'out', 'wan');
          if (inbound === null || !inbound.pass) {
            expect(v.action).toBe('deny');
            expect(v.rule?.line ?? null).toBe(inbound === null ? null : ruleLines[inbound.index]);
          } else if (outbound !== null && !outbound.pass) {
            expect(v.action).toBe('deny');
            expect(v.rule?.line).toBe(ruleLines[outbound.index]);
          } else {
            expect(v.action).toBe('permit');
            expect(v.rule?.line).toBe(ruleLines[inbound.index]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
