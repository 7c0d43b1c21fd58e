import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LateralMovement } from '../../../models/paths';
import { type LineIndex, exactCut, minimumHittingSet, remediationCut } from '../../../models/paths';
import { assembleSite } from '../../../models/topology';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The smallest hitting set by brute force (tiny universes only). */
function bruteMinimum(sets: readonly (readonly string[])[]): number {
  const universe = [...new Set(sets.flat())];
  for (let size = 0; size <= universe.length; size++) {
    const pick = (start: number, chosen: string[]): boolean => {
      if (chosen.length === size) return sets.every((s) => s.some((e) => chosen.includes(e)));
      for (let i = start; i < universe.length; i++) if (pick(i + 1, [...chosen, universe[i]!])) return true;
      return false;
    };
    if (pick(0, [])) return size;
  }
  return Infinity;
}

const setsArb = fc.array(
  fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { minLength: 1, maxLength: 4 }),
  {
    minLength: 1,
    maxLength: 9,
  },
);

/**
 * An abstract site: every path it has (each the set of permit lines it needs), shortest first.
 * The analysis lists the first `k` paths left open once some lines are removed, as
 * lateralMovement lists the k shortest: removing lines reveals paths not listed before.
 */
function fakeAnalysis(paths: readonly (readonly string[])[], k: number) {
  const permits: LineIndex = new Map(
    [...new Set(paths.flat())].map((line) => [
      line,
      {
        device: 'fw',
        source: { file: 'fw.cfg', line: line.charCodeAt(0), endLine: line.charCodeAt(0), text: line },
        ids: [line],
      },
    ]),
  );
  const keyOf = (line: string): string => `fw.cfg:${line.charCodeAt(0)}`;
  const permitsByKey: LineIndex = new Map([...permits.values()].map((v) => [keyOf(v.source.text), v]));
  const lateral = (removed: ReadonlySet<string>): LateralMovement => {
    const open = paths.filter((p) => !p.some((line) => removed.has(keyOf(line)))).slice(0, k);
    return {
      footholds: ['f'],
      targets: open.length
        ? [
            {
              target: 't',
              targetIp: '10.0.0.1',
              level: 1,
              role: null,
              alike: [],
              shortestPaths: open.length,
              length: 1,
              paths: open.map((p) => ({
                from: 'f',
                to: 't',
                uncertain: false,
                routeAssumed: false,
                hops: [
                  {
                    from: 'f',
                    fromIp: '10.0.0.2',
                    to: 't',
                    toIp: '10.0.0.1',
                    service: 'tcp/3389 (rdp)',
                    kind: 'pivot' as const,
                    rules: [],
                    uncertain: false,
                    routeAssumed: false,
                    devices: p.map((line) => ({
                      device: 'fw',
                      in: 'a',
                      out: 'b',
                      rule: permits.get(line)!.source,
                    })),
                  },
                ],
              })),
            },
          ]
        : [],
      unreachableTargets: [],
      blastRadius: [],
      classes: 1,
      pairsEvaluated: 1,
    };
  };
  return { permits: permitsByKey, lateral };
}

describe('the smallest set of rule lines that closes every path', () => {
  it('finds the minimum hitting set (checked against brute force)', () => {
    fc.assert(
      fc.property(setsArb, (sets) => {
        const r = minimumHittingSet(sets, Infinity, 1_000_000);
        expect(r.exhausted).toBe(false);
        expect(r.set).not.toBeNull();
        expect(sets.every((s) => s.some((e) => r.set!.includes(e)))).toBe(true);
        expect(r.set!.length).toBe(bruteMinimum(sets));
      }),
    );
  });

  it('learns the paths removals reveal and proves its answer the smallest over all of them', () => {
    fc.assert(
      fc.property(setsArb, fc.integer({ min: 1, max: 3 }), (paths, k) => {
        const { permits, lateral } = fakeAnalysis(paths, k);
        const result = exactCut(lateral(new Set()), permits, (lines) => lateral(new Set(lines)), Infinity);
        expect(result.status).toBe('minimum');
        if (result.status !== 'minimum') return;
        // It closes everything, not just the paths first listed, and nothing smaller does.
        expect(lateral(new Set(result.lines)).targets).toEqual([]);
        expect(result.lines.length).toBe(bruteMinimum(paths));
      }),
    );
  });

  it('says when no removal can close a path (a hop allowed by no removable permit)', () => {
    const { permits, lateral } = fakeAnalysis([['a'], []], 3);
    expect(exactCut(lateral(new Set()), permits, (l) => lateral(new Set(l)), Infinity).status).toBe(
      'impossible',
    );
  });

  it('proves the example site’s cut the smallest', () => {
    const dir = path.resolve(import.meta.dirname, '..', '..', '..', 'examples', 'plant-site');
    const files = readdirSync(dir)
      .filter((n) => n !== 'README.md')
      .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
    const cut = remediationCut(assembleSite(files).network, {});
    expect(cut.closesAll).toBe(true);
    expect(cut.minimum).toBe(true);
    expect(cut.after.targets).toEqual([]);
    expect(cut.rules.map((r) => `${r.source.file}:${r.source.line}`).sort()).toEqual([
      'rbw-edge-fw01.cfg:126',
      'rbw-edge-fw01.cfg:144',
      'rbw-edge-fw01.cfg:146',
    ]);
  });
});
