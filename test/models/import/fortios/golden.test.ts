/**
 * Golden files of the neutral model, for every corpus file (read in place) and every fixture.
 * A golden is reviewed like code: a diff in it is a change of meaning. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/models/import/fortios/golden.test.ts` and review the diff.
 */
import { describeGoldens, goldenCases } from '../shared/golden';
import { corpusNames, fixtureNames, goldenDir, readCorpus, readFixture, renderDevice } from './support';

describeGoldens({
  title: 'golden neutral model',
  goldenDir,
  cases: goldenCases({ corpusNames, readCorpus }, { fixtureNames, readFixture }),
  render: renderDevice,
  deterministic: true,
});
