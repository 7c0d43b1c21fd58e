/**
 * Golden files of the neutral model, for every corpus file (read in place; all are permissively
 * licensed, see ../shared/corpus/SOURCES.md) and every fixture. A golden is reviewed like code.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/models/import/nftables/golden.test.ts`.
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
