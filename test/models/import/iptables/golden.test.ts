/**
 * Golden files of the neutral model, for every corpus file (read in place) and every fixture.
 * A golden is reviewed like code: a diff in it is a change of meaning. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/models/import/iptables/golden.test.ts` and review the diff.
 */
import { describeGoldens, goldenCases } from '../shared/golden';
import { corpusNames, fixtureNames, goldenDir, readCorpus, readFixture, renderDevice } from './support';

/**
 * Copyleft corpus files (CC BY-SA: ../shared/corpus/SOURCES.md) are imported in place by the
 * corpus tests but get no golden: a golden is a derivative committed to this repository.
 */
const COPYLEFT = /^serverfault-/;

describeGoldens({
  title: 'golden neutral model',
  goldenDir,
  cases: goldenCases({ corpusNames, readCorpus }, { fixtureNames, readFixture }, COPYLEFT),
  render: renderDevice,
  deterministic: true,
});
