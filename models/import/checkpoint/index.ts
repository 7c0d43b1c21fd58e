import { gaiaScore } from './gaia';

export { importCheckPoint, importCheckPointPackage, checkPointPackageKey } from './package';
export { parseGaiaConfiguration, parseGaia, GaiaLine, GAIA_MAX_LINE } from './gaia';
export type { GaiaParse } from './gaia';
export { parseCheckPointJson, splitLines } from './parse-json';
export { convertCheckPoint } from './convert';
export type { CheckPointPackage } from './convert';
export type * from './model';

const UID = /"uid"\s*:\s*"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/;
const MARKERS =
  /"objects-dictionary"\s*:|"domain-type"\s*:|"type"\s*:\s*"(access-rule|access-section|nat-rule|nat-section|host|network|address-range|group|group-with-exclusion|service-tcp|service-udp|service-icmp|service-other|service-group|simple-gateway|simple-cluster|CpmiAnyObject|RulebaseAction)"/;

/**
 * How much a text looks like a Check Point export: management API JSON (uids in the API's form
 * with Check Point object types or keys) or Gaia clish `show configuration`.
 */
export function checkPointScore(lines: readonly string[]): number {
  const firstText = lines.find((l) => l.trim() !== '')?.trim() ?? '';
  if (firstText.startsWith('{') || firstText.startsWith('[') || firstText.startsWith('\uFEFF')) {
    const head = lines.slice(0, 200).join('\n');
    return UID.test(head) && MARKERS.test(head) ? 0.95 : 0;
  }
  return gaiaScore(lines);
}
