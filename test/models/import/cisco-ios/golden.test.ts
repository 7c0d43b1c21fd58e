/**
 * Golden files of the neutral model, for the permissively licensed corpus files (read in
 * place) and every fixture. A golden is reviewed like code: a diff in it is a change of
 * meaning. Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/models/import/cisco-ios/golden.test.ts`
 * and review the diff.
 */
import { describeGoldens, goldenCases } from '../shared/golden';
import { corpusNames, fixtureNames, goldenDir, readCorpus, readFixture, renderDevice } from './support';

/** GPL corpus files (../shared/corpus/SOURCES.md) are imported in place but get no golden. */
const COPYLEFT = /stanford-backbone/;

describeGoldens({
  title: 'golden neutral model',
  goldenDir,
  cases: goldenCases({ corpusNames, readCorpus }, { fixtureNames, readFixture }, COPYLEFT),
  render: renderDevice,
});
