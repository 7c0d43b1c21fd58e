/**
 * Golden files of the neutral model, for every corpus file (read in place), every fixture, and
 * the packages (corpus lab-basic-fw-policy, fixtures layers and refs). A golden is reviewed like code:
 * a diff in it is a change of meaning. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/models/import/checkpoint/golden.test.ts` and review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeGoldens, goldenCases } from '../shared/golden';
import {
  corpusNames,
  corpusPackage,
  fixtureNames,
  fixturePackage,
  goldenDir,
  importPackage,
  readCorpus,
  readFixture,
  render,
  stableJson,
} from './support';

const packages = [
  { golden: 'corpus--lab-basic-fw-policy.json', files: () => corpusPackage('lab-basic-fw-policy') },
  { golden: 'layers.json', files: () => fixturePackage('layers') },
  { golden: 'refs.json', files: () => fixturePackage('refs') },
];

describeGoldens({
  title: 'golden neutral model (one file)',
  goldenDir,
  cases: goldenCases({ corpusNames, readCorpus }, { fixtureNames, readFixture }),
  render,
  deterministic: true,
});

/** Package goldens live next to the one-file goldens, in their own folder. */
const packageDir = path.join(path.dirname(goldenDir), 'golden-packages');

describe('golden neutral model (packages)', () => {
  it.each(packages)('$golden', ({ golden, files }) => {
    const actual = `${stableJson(render(importPackage(files())))}\n`;
    const file = path.join(packageDir, golden);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(packageDir, { recursive: true });
      writeFileSync(file, actual);
      return;
    }
    expect(existsSync(file), `${golden} is missing; run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
});
