/**
 * Golden files of the neutral model, for every opnsense corpus file (read in place) and fixture.
 * A golden is reviewed like code: a diff in it is a change of meaning. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/models/import/opnsense/golden.test.ts` and review the diff.
 */
import { describeGoldens, goldenCases } from '../shared/golden';
import { renderDevice, vendorSupport } from '../pfsense/support';

const S = vendorSupport('opnsense');

describeGoldens({
  title: 'golden neutral model (opnsense)',
  goldenDir: S.goldenDir,
  cases: goldenCases(S, S),
  render: renderDevice,
  deterministic: true,
});
