/**
 * Golden files of the neutral model, for every corpus file (read in place) and every fixture.
 * A golden is reviewed like code: a diff in it is a change of meaning. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/models/import/cisco-asa/golden.test.ts` and review the diff.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import {
  corpusNames,
  fixtureNames,
  goldenDir,
  readCorpus,
  readFixture,
  renderDevice,
  stableJson,
} from './support';

const update = process.env.UPDATE_GOLDEN === '1';

const cases = [
  ...corpusNames().map((name) => ({ name, golden: `corpus--${name}.json`, text: () => readCorpus(name) })),
  ...fixtureNames().map((name) => ({ name, golden: `${name}.json`, text: () => readFixture(name) })),
];

describe('golden neutral model (cisco-asa)', () => {
  it.each(cases)('$name converts to its reviewed golden', ({ name, golden, text }) => {
    const actual = `${stableJson(renderDevice(importConfig({ name, text: text() })))}\n`;
    const file = path.join(goldenDir, golden);
    if (update) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(file, actual);
      return;
    }
    expect(existsSync(file), `${golden} is missing; run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it('has no golden without an input', () => {
    const expected = new Set(cases.map((c) => c.golden));
    expect(readdirSync(goldenDir).filter((f) => !expected.has(f))).toEqual([]);
  });

  it('renders deterministically', () => {
    const { name, text } = cases[0]!;
    expect(stableJson(renderDevice(importConfig({ name, text: text() })))).toBe(
      stableJson(renderDevice(importConfig({ name, text: text() }))),
    );
  });
});
