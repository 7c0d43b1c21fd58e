import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../../models/device';
import { evaluateDevice, evaluateList } from '../../../models/reach';
import { type ListSpec, type RuleSpec, buildDevice, query, sourceOf, steps } from './build-device';

/**
 * The evaluator against an independent reference: the kernel's own algorithm (ipt_do_table),
 * an explicit stack of return positions where `jump` pushes and `goto` does not, RETURN or the
 * end of a list pops, and popping an empty stack applies the base list's policy.
 */
const N = 4;
const PORTS = 8;

interface Reference {
  readonly action: Action;
  readonly ruleId: string | null;
  readonly reason: string;
  readonly trace: string[];
}

function reference(
  lists: readonly ListSpec[],
  start: number,
  standalone: boolean,
): (dport: number) => Reference {
  const byName = new Map(lists.map((l) => [l.name, l]));
  const matches = (r: RuleSpec, dport: number): boolean => {
    if (r.dport === undefined) return true;
    const [lo, hi] = r.dport.split(':').map(Number) as [number, number];
    return lo <= dport && dport <= hi;
  };
  return (dport) => {
    const base = lists[start]!;
    const stack: Array<{ list: ListSpec; next: number }> = [];
    const trace: string[] = [];
    let list = base;
    let idx = 0;
    for (;;) {
      if (idx >= list.rules.length) {
        const back = stack.pop();
        if (back === undefined) {
          if (base.policy === undefined)
            return {
              action: standalone ? 'deny' : 'permit',
              ruleId: null,
              reason: standalone ? 'no-match' : 'unfiltered',
              trace,
            };
          trace.push(`${base.name}:-:fall-through`);
          return { action: base.policy, ruleId: null, reason: 'default', trace };
        }
        ({ list, next: idx } = back);
        continue;
      }
      const rule = list.rules[idx]!;
      const id = `${list.name}#${idx + 1}`;
      idx++;
      if (!matches(rule, dport)) continue;
      trace.push(`${list.name}:${id}:${rule.action}`);
      switch (rule.action) {
        case 'permit':
        case 'deny':
          return { action: rule.action, ruleId: id, reason: 'rule', trace };
        case 'continue':
          break;
        case 'return':
          idx = list.rules.length; // pops at the top of the loop
          break;
        case 'jump':
          stack.push({ list, next: idx });
          list = byName.get(rule.target!)!;
          idx = 0;
          break;
        case 'goto':
          list = byName.get(rule.target!)!;
          idx = 0;
          break;
      }
    }
  };
}

/** Lists L0 (base, with a policy) .. L{N-1}; jumps only go to later lists, so there are no loops. */
const devArb: fc.Arbitrary<ListSpec[]> = fc
  .tuple(
    fc.constantFrom<Action>('permit', 'deny'),
    ...Array.from({ length: N }, (_, k) =>
      fc.array(
        fc.record({
          action: fc.constantFrom(
            ...(k + 1 < N
              ? (['permit', 'deny', 'jump', 'jump', 'goto', 'goto', 'return', 'continue'] as const)
              : (['permit', 'deny', 'return', 'continue'] as const)),
          ),
          to: fc.integer({ min: Math.min(k + 1, N - 1), max: N - 1 }),
          ports: fc.option(
            fc.tuple(fc.integer({ min: 0, max: PORTS - 1 }), fc.integer({ min: 0, max: PORTS - 1 })),
          ),
        }),
        { maxLength: 5 },
      ),
    ),
  )
  .map(([policy, ...ruleSets]) =>
    ruleSets.map((rules, k) => ({
      name: `L${k}`,
      ...(k === 0 ? { policy } : {}),
      rules: rules.map(({ action, to, ports }): RuleSpec => ({
        action,
        ...(action === 'jump' || action === 'goto' ? { target: `L${Math.min(to, N - 1)}` } : {}),
        ...(ports ? { proto: 'tcp', dport: `${Math.min(...ports)}:${Math.max(...ports)}` } : {}),
      })),
    })),
  );

describe('evaluation against the kernel algorithm', () => {
  it('evaluateDevice gives the same verdict, citation and trace as the reference on every port', () => {
    fc.assert(
      fc.property(devArb, (lists) => {
        const dev = buildDevice(lists);
        const ref = reference(lists, 0, false);
        for (let dport = 0; dport <= PORTS; dport++) {
          const v = evaluateDevice(dev, query({ dport }));
          const r = ref(dport);
          expect({ action: v.action, ruleId: v.ruleId, reason: v.reason, trace: steps(v) }).toEqual(r);
          expect(v.rule).toEqual(sourceOf(dev, r.ruleId ?? 'L0'));
          expect(v.uncertain).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('evaluateList on a returning list gives the reference verdict, no-match on fall-through', () => {
    fc.assert(
      fc.property(devArb, fc.integer({ min: 1, max: N - 1 }), (lists, start) => {
        const dev = buildDevice(lists);
        const ref = reference(lists, start, true);
        for (let dport = 0; dport <= PORTS; dport++) {
          const v = evaluateList(dev, `L${start}`, query({ dport }))!;
          const r = ref(dport);
          expect({ action: v.action, ruleId: v.ruleId, reason: v.reason, trace: steps(v) }).toEqual(r);
          expect(v.rule).toEqual(r.ruleId === null ? null : sourceOf(dev, r.ruleId));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a rule that cannot match never changes the verdict', () => {
    fc.assert(
      fc.property(
        devArb,
        fc.integer({ min: 0, max: N - 1 }),
        fc.nat(),
        fc.constantFrom<RuleSpec['action']>('permit', 'deny', 'return', 'jump', 'goto'),
        (lists, k, at, action) => {
          const dead: RuleSpec = {
            action,
            proto: 'udp',
            ...(action === 'jump' || action === 'goto' ? { target: `L${N - 1}` } : {}),
          };
          const rules = [...lists[k]!.rules];
          rules.splice(at % (rules.length + 1), 0, dead);
          const patched = lists.map((l, i) => (i === k ? { ...l, rules } : l));
          for (let dport = 0; dport <= PORTS; dport++) {
            const before = evaluateDevice(buildDevice(lists), query({ dport }));
            const after = evaluateDevice(buildDevice(patched), query({ dport }));
            expect([after.action, after.reason, after.trace.length]).toEqual([
              before.action,
              before.reason,
              before.trace.length,
            ]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
