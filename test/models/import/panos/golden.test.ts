/**
 * Golden files of the neutral model: one per corpus file and per fixture, reviewed like code
 * (UPDATE_GOLDEN=1 rewrites them). The XML, set and brace forms of one policy render the same model.
 */
import { describe, expect, it } from 'vitest';
import { describeGoldens, goldenCases } from '../shared/golden';
import {
  corpusNames,
  fixtureNames,
  goldenDir,
  load,
  readCorpus,
  readFixture,
  renderDevice,
  stableJson,
} from './support';

describeGoldens({
  title: 'PAN-OS goldens',
  goldenDir,
  cases: goldenCases({ corpusNames, readCorpus }, { fixtureNames, readFixture }),
  render: (r) => renderDevice(r),
  deterministic: true,
});

describe('one policy in three forms', () => {
  it('zone-policies.xml, .set and .conf convert to the same model (source lines aside)', () => {
    const xml = stableJson(renderDevice(load('zone-policies.xml'), false));
    expect(stableJson(renderDevice(load('zone-policies.set'), false))).toBe(xml);
    expect(stableJson(renderDevice(load('zone-policies.conf'), false))).toBe(xml);
  });
});
