import type { NatRule } from '../device';
import { addressIntersect, addressIsEmpty, serviceIntersect, serviceIsEmpty } from '../net';

/**
 * A destination rewrite is applied only when it is the one translation that can meet its
 * packets. When two destination rules of a device may take the same packets and the vendor's
 * order between them is not modelled (or the device itself would refuse the pair), neither
 * rewrite is kept: the rule stays, as a record, without `rewrite`. `report` is told of each drop.
 */
export function dropAmbiguousRewrites(
  rules: readonly NatRule[],
  overlap: (a: NatRule, b: NatRule) => boolean,
  report: (dropped: NatRule, other: NatRule) => void = () => undefined,
): NatRule[] {
  const dest = rules.filter((r) => r.translates === 'destination');
  return rules.map((r) => {
    if (!r.rewrite) return r;
    const other = dest.find((o) => o !== r && overlap(o, r));
    if (other === undefined) return r;
    report(r, other);
    const { rewrite: _dropped, ...rest } = r;
    return rest;
  });
}

/** The same destination addresses, and for `service` the same ports, can meet both rules. */
export const sameDestination =
  (options: { service: boolean }) =>
  (a: NatRule, b: NatRule): boolean =>
    !addressIsEmpty(addressIntersect(a.match.dst, b.match.dst)) &&
    (!options.service || !serviceIsEmpty(serviceIntersect(a.match.service, b.match.service)));
