/**
 * Fuzzing the importers over mutated corpus files: the fast-check mutators (lines deleted,
 * duplicated, swapped, cut off, random bytes and vendor words, very long lines, CRLF) and the
 * properties every import keeps whatever its input: it never throws, accounts for every line,
 * and quotes every line it cites exactly.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Diagnostic } from '../../../../models/diagnostics';
import type { VendorId } from '../../../../models/device';
import { importConfig, type ImportResult } from '../../../../models/import';
import { misquotedDiagnostics } from './accounting';

export interface CorpusFile {
  readonly name: string;
  readonly lines: readonly string[];
}

/** How a vendor's input is damaged. */
export interface Damage {
  /** Words (and punctuation) of the vendor's syntax, injected into and between lines. */
  readonly words: readonly string[];
  /** At most this many words per injected phrase (6 unless said). */
  readonly maxWords?: number;
  /** The importer's line length limit, around which long lines are made. */
  readonly maxLineLength: number;
  /** Long lines reach up to the limit plus this (40,000 unless said). */
  readonly longBeyond?: number;
  /** Ways of making a long line of a given length, one picked at random. */
  readonly longLines: readonly [(length: number) => string, ...Array<(length: number) => string>];
}

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'insert'; at: number; pos: number; text: string }
  | { kind: 'newline'; at: number; text: string }
  | { kind: 'long'; at: number; length: number; variant?: number };

function mutations(damage: Damage): fc.Arbitrary<Mutation> {
  const position = fc.nat({ max: 1_000_000 });
  const junk = fc.oneof(
    fc.constantFrom(...damage.words),
    fc
      .array(fc.constantFrom(...damage.words), { minLength: 1, maxLength: damage.maxWords ?? 6 })
      .map((w) => w.join(' ')),
    fc.string({ unit: 'binary', maxLength: 8 }),
  );
  const length = fc.integer({
    min: damage.maxLineLength - 10,
    max: damage.maxLineLength + (damage.longBeyond ?? 40_000),
  });
  return fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: position }),
    fc.record({ kind: fc.constant('duplicate' as const), at: position }),
    fc.record({ kind: fc.constant('swap' as const), at: position, with: position }),
    fc.record({ kind: fc.constant('insert' as const), at: position, pos: position, text: junk }),
    fc.record({ kind: fc.constant('newline' as const), at: position, text: junk }),
    damage.longLines.length > 1
      ? fc.record({
          kind: fc.constant('long' as const),
          at: position,
          length,
          variant: fc.nat({ max: damage.longLines.length - 1 }),
        })
      : fc.record({ kind: fc.constant('long' as const), at: position, length }),
  );
}

function mutate(lines: readonly string[], damage: Damage, list: readonly Mutation[]): string[] {
  const out = [...lines];
  for (const m of list) {
    const i = out.length === 0 ? 0 : m.at % out.length;
    switch (m.kind) {
      case 'delete':
        out.splice(i, 1);
        break;
      case 'duplicate':
        if (out.length > 0) out.splice(i, 0, out[i]!);
        break;
      case 'swap': {
        if (out.length === 0) break;
        const j = m.with % out.length;
        [out[i], out[j]] = [out[j]!, out[i]!];
        break;
      }
      case 'insert': {
        const line = out[i] ?? '';
        const p = m.pos % (line.length + 1);
        out[i] = `${line.slice(0, p)}${m.text}${line.slice(p)}`;
        break;
      }
      case 'newline':
        out.splice(i, 0, m.text);
        break;
      case 'long':
        out.splice(i, 0, damage.longLines[m.variant ?? 0]!(m.length));
        break;
    }
  }
  return out;
}

/** A corpus file after some mutations, maybe cut off, maybe with CRLF line endings. */
export interface Damaged {
  readonly file: CorpusFile;
  readonly mutations: readonly Mutation[];
  readonly cut: number | undefined;
  readonly crlf: boolean;
}

export function damagedFiles(corpus: readonly CorpusFile[], damage: Damage): fc.Arbitrary<Damaged> {
  return fc.record({
    file: fc.constantFrom(...corpus),
    mutations: fc.array(mutations(damage), { maxLength: 6 }),
    cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    crlf: fc.boolean(),
  });
}

export function build(d: Damaged, damage: Damage): { name: string; text: string } {
  let text = mutate(d.file.lines, damage, d.mutations).join('\n');
  if (d.cut !== undefined) text = text.slice(0, Math.floor(text.length * d.cut));
  if (d.crlf) text = text.replace(/\n/g, '\r\n');
  return { name: d.file.name, text };
}

/** What the invariants need of a vendor. */
export interface Invariants {
  readonly splitLines: (text: string) => string[];
  /**
   * Lines neither classified by the vendor's parser nor named by a diagnostic. Left out for a
   * vendor whose parser keeps no per-line account (it is then not checked, rather than checked
   * by a function that cannot fail).
   */
  readonly unaccounted?: (
    name: string,
    text: string,
    lines: readonly string[],
    diagnostics: readonly Diagnostic[],
  ) => number[];
  /** Also require every diagnostic to name a line (1 or more). */
  readonly positiveLines: boolean;
  /** Also require every NAT rule to quote its line exactly. */
  readonly natSources: boolean;
}

/** The invariants every import must keep, whatever its input. */
export function checkInvariants(name: string, text: string, result: ImportResult, inv: Invariants): void {
  const lines = inv.splitLines(text);
  const quoted = result.diagnostics.filter((d) => d.code !== 'binary-input');
  expect(misquotedDiagnostics(name, lines, quoted)).toEqual([]);
  if (inv.positiveLines) for (const d of result.diagnostics) expect(d.source.line).toBeGreaterThanOrEqual(1);
  const early = result.diagnostics.some((d) => d.stage === 'detect' && d.severity === 'error');
  if (!early && inv.unaccounted) expect(inv.unaccounted(name, text, lines, result.diagnostics)).toEqual([]);
  for (const dev of result.devices) {
    for (const list of dev.lists.values())
      for (const rule of list.rules) expect(rule.source.text).toBe(lines[rule.source.line - 1]);
    if (inv.natSources) for (const n of dev.nat) expect(n.source.text).toBe(lines[n.source.line - 1]);
  }
}

/** The sources of the rules of a result's first device, in order. */
export const ruleSources = (result: ImportResult): unknown[] =>
  [...result.devices[0]!.lists.values()].flatMap((l) => l.rules.map((r) => r.source));

export interface FuzzTarget {
  readonly vendor: VendorId;
  readonly corpus: readonly CorpusFile[];
  readonly damage: Damage;
  readonly invariants: Invariants;
}

/** The fuzz properties of one importer: the standard tests (`it…`, registered where called) and the parts for a vendor's own. */
export function fuzzer(target: FuzzTarget) {
  const { vendor, damage, invariants } = target;
  const damaged = damagedFiles(target.corpus, damage);
  const forced = (name: string, text: string): ImportResult => importConfig({ name, text }, { vendor });
  const check = (name: string, text: string, result: ImportResult): void =>
    checkInvariants(name, text, result, invariants);
  const lineEndings = (): Array<[ImportResult, ImportResult]> =>
    target.corpus.map(({ name, lines }) => {
      const text = lines.join('\n');
      return [importConfig({ name, text }), importConfig({ name, text: text.replace(/\n/g, '\r\n') })];
    });
  return {
    check,
    /** Registers: damaged corpus files, imported as the vendor, keep every invariant. */
    itKeepsInvariantsWhenForced(numRuns: number): void {
      it('never throws, accounts for every line and quotes every cited line exactly (forced vendor)', () => {
        fc.assert(
          fc.property(damaged, (d) => {
            const { name, text } = build(d, damage);
            check(name, text, forced(name, text));
          }),
          { numRuns },
        );
      });
    },
    /** Registers: damaged corpus files, whatever vendor they are detected as, quote cited lines exactly. */
    itQuotesLinesWhenDetected(numRuns: number): void {
      it('never throws and quotes every cited line exactly when the vendor is detected', () => {
        fc.assert(
          fc.property(damaged, (d) => {
            const { name, text } = build(d, damage);
            const result = importConfig({ name, text });
            const quoted = result.diagnostics.filter((x) => x.code !== 'binary-input');
            expect(misquotedDiagnostics(name, invariants.splitLines(text), quoted)).toEqual([]);
            if (result.vendor === null) expect(result.devices).toEqual([]);
          }),
          { numRuns },
        );
      });
    },
    /** Registers: arbitrary text, maybe with CRLF, imported as the vendor under `name`, keeps every invariant. */
    itSurvivesArbitraryText(name: string, numRuns: number): void {
      it(`survives arbitrary text forced as ${vendor}`, () => {
        fc.assert(
          fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.boolean(), (s, crlf) => {
            const text = crlf ? s.replace(/\n/g, '\r\n') : s;
            check(name, text, forced(name, text));
          }),
          { numRuns },
        );
      });
    },
    /** Each undamaged corpus file imported with LF and with CRLF line endings: `[lf, crlf]`. */
    lineEndings,
    /** Registers, under `title`: CRLF line endings change neither the diagnostics nor the rules' sources. */
    itIgnoresCrlf(title: string): void {
      it(title, () => {
        for (const [a, b] of lineEndings()) {
          expect(b.diagnostics).toEqual(a.diagnostics);
          expect(ruleSources(b)).toEqual(ruleSources(a));
        }
      });
    },
  };
}
