/**
 * Golden files of the neutral model, for every pfsense corpus file (read in place) and fixture.
 * A golden is reviewed like code: a diff in it is a change of meaning. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/models/import/pfsense/golden.test.ts` and review the diff.
 */
import { describeGoldens, goldenCases } from '../shared/golden';
import { renderDevice, vendorSupport } from './support';

const S = vendorSupport('pfsense');

describeGoldens({
  title: 'golden neutral model (pfsense)',
  goldenDir: S.goldenDir,
  cases: goldenCases(S, S),
  render: renderDevice,
  deterministic: true,
});
