import type { SourceRef } from '../diagnostics';
import type { AddressSet, ServiceSet } from '../net';

/**
 * The vendor-neutral firewall. After import nothing downstream asks which vendor a device came
 * from, except to label it. Vendor ids equal the folder names under models/import/.
 */
export type VendorId =
  | 'iptables'
  | 'cisco-ios'
  | 'cisco-asa'
  | 'junos'
  | 'panos'
  | 'checkpoint'
  | 'nftables'
  | 'pfsense'
  | 'opnsense'
  | 'fortios';
export const VENDOR_IDS: readonly VendorId[] = [
  'iptables',
  'cisco-ios',
  'cisco-asa',
  'junos',
  'panos',
  'checkpoint',
  'nftables',
  'pfsense',
  'opnsense',
  'fortios',
];

export type Action = 'permit' | 'deny';

/**
 * What a rule does when it matches. `permit`/`deny` end evaluation; `jump` evaluates `target`
 * and comes back unless that list decides; `goto` continues in `target` and returns to the
 * caller of the current list; `return` leaves the current list; `continue` has no effect on
 * the verdict (logging, marking, counters) and evaluation goes on with the next rule.
 */
export type RuleAction = Action | 'jump' | 'goto' | 'return' | 'continue';

/** Interface match: any of the patterns (a trailing `+` is a prefix wildcard), optionally negated. */
export interface InterfaceMatch {
  readonly names: readonly string[];
  readonly negate: boolean;
}

export interface Match {
  readonly src: AddressSet;
  readonly dst: AddressSet;
  readonly service: ServiceSet;
  readonly inInterface?: InterfaceMatch;
  readonly outInterface?: InterfaceMatch;
  /**
   * Whether the rule can match the first packet of a new connection, as connection tracking
   * sees it: NEW when tracked, UNTRACKED when an earlier rule exempted it from tracking. False
   * for rules that only match established or related traffic.
   */
  readonly matchesNew: boolean;
  /** Absent means the same as `matchesNew`: the rule does not test the tracking state. */
  readonly matchesUntracked?: boolean;
  /**
   * Whether the rule matches a packet connection tracking calls INVALID: an ICMP message that
   * cannot start a connection (an echo reply, an error with no connection behind it). Absent
   * means the same as `matchesNew`.
   */
  readonly matchesInvalid?: boolean;
  /**
   * Set when part of the match cannot be decided offline (unknown module, ipset contents,
   * marks, rate limits...). Evaluation then takes the reachability-conservative branch
   * (a permitting or jumping rule matches, a denying rule does not) and marks the verdict uncertain.
   */
  readonly uncertain?: string;
}

export interface RuleOrigin {
  readonly vendor: VendorId;
  readonly file: string;
  readonly line: number;
  /** The vendor's name for the rule, or for the list and position (`FORWARD #3`). */
  readonly name: string;
}

export interface Rule {
  /** Unique within the device, stable across runs: `<list>#<n>` with n 1-based. */
  readonly id: string;
  readonly action: RuleAction;
  readonly target?: string;
  readonly match: Match;
  readonly source: SourceRef;
  readonly origin: RuleOrigin;
  /** A comment or remark the config attaches to the rule. */
  readonly label?: string;
  /** The vendor's target when it is kept for later stages (REJECT with, LOG prefix, DNAT to...). */
  readonly detail?: string;
  /**
   * Set when what the rule does is not known exactly (an unknown target, a userspace verdict);
   * `action` is then the reachability-conservative guess and verdicts it touches are uncertain.
   */
  readonly uncertainEffect?: string;
  /** A side effect on later rules: `untrack` exempts the flow from connection tracking (NOTRACK). */
  readonly effect?: 'untrack';
}

/** An ordered rule list (iptables chain, ACL, rulebase) and what happens when nothing matches. */
export interface RuleList {
  readonly name: string;
  readonly rules: readonly Rule[];
  /** For lists that end evaluation (base chains with a policy): the action and its source line. */
  readonly fallThrough:
    | { readonly kind: 'default'; readonly action: Action; readonly source: SourceRef | null }
    | { readonly kind: 'return' };
  readonly source: SourceRef | null;
}

/** Where a device applies a list: to transit traffic, traffic to itself, or traffic it sends. */
export type Attachment = 'transit' | 'to-device' | 'from-device';

export interface Binding {
  readonly attachment: Attachment;
  readonly list: string;
  /** Optional narrowing: the list applies only to traffic entering / leaving these interfaces. */
  readonly inInterface?: string;
  readonly outInterface?: string;
  /**
   * Zone-based narrowing (Junos and IOS zone pairs, PAN-OS, FortiGate): the list applies only to
   * traffic from this zone to that one. A flow's zones come from its interfaces' `zone`.
   */
  readonly fromZone?: string;
  readonly toZone?: string;
  /** The list applies only to flows of this address family (an IOS `ip access-group` filters IPv4 only). */
  readonly family?: 4 | 6;
  /** When every list permits, the verdict cites the decision of the primary list (iptables: filter). */
  readonly primary?: boolean;
}

export interface Interface {
  readonly name: string;
  /** A loopback interface carries only the device's own traffic, never a packet from another host. */
  readonly loopback?: boolean;
  readonly zone?: string;
  readonly addresses: readonly string[];
  readonly source: SourceRef | null;
}

export interface Zone {
  readonly name: string;
  readonly interfaces: readonly string[];
  readonly source: SourceRef | null;
}

export interface Route {
  readonly prefix: string;
  readonly nextHop?: string;
  readonly interface?: string;
  /**
   * A discard route (IOS `Null0`, Junos `discard` / `reject`, Linux `blackhole` / `unreachable`
   * / `prohibit`): what it covers is dropped; `interface` keeps the vendor's word for display.
   */
  readonly discard?: boolean;
  readonly source: SourceRef | null;
}

export type NatKind = 'dnat' | 'snat' | 'masquerade' | 'redirect' | 'netmap' | 'static';

/** A NAT rule kept for later stages; `match` is what it applies to, `to` the vendor's translation text. */
export interface NatRule {
  readonly id: string;
  readonly kind: NatKind;
  /** Which address the rule rewrites; destination NAT happens before filtering. */
  readonly translates: 'source' | 'destination';
  readonly match: Match;
  readonly to: string;
  /**
   * The translation in structured form, when the importer can state it exactly: the new
   * address (a host, or a prefix of the same length as the matched one, mapped host bits 1:1)
   * and the new port. Absent means the rule is recorded but not applied to verdicts.
   */
  readonly rewrite?: { readonly address?: string; readonly port?: number };
  readonly list: string;
  readonly source: SourceRef;
}

/** What the importer models for this device, so the UI can say "NAT not modelled" instead of guessing. */
export interface Support {
  readonly filtering: 'full' | 'partial';
  readonly nat: 'modelled' | 'recorded' | 'none';
  readonly routes: 'modelled' | 'absent';
  readonly notes: readonly string[];
}

export interface Device {
  readonly name: string;
  readonly vendor: VendorId;
  readonly file: string;
  readonly interfaces: readonly Interface[];
  readonly zones: readonly Zone[];
  readonly lists: ReadonlyMap<string, RuleList>;
  /** Evaluated in order for each attachment; a packet must be permitted by every list that applies. */
  readonly bindings: readonly Binding[];
  readonly routes: readonly Route[];
  readonly nat: readonly NatRule[];
  readonly support: Support;
  /**
   * The address families this export filters (an iptables-save covers IPv4 only, an
   * ip6tables-save IPv6 only); absent means both. A flow of another family is unknown ground.
   */
  readonly families?: readonly (4 | 6)[];
  /**
   * Which destination the filter sees after destination NAT: `translated` (the default:
   * iptables FORWARD, nftables, pf, ASA 8.3+, Junos SRX, FortiOS policies naming a VIP, which
   * the importer writes as the mapped address) or `original` (PAN-OS security policy matches
   * the pre-NAT address with the post-NAT zone).
   */
  readonly natPolicyMatch?: 'original' | 'translated';
}
