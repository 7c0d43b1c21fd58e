import type { SourceRef } from '../diagnostics';
import type { Action, RuleAction } from '../device';

/**
 * Why a verdict came out as it did:
 * - `rule`: a rule matched and decided;
 * - `default`: nothing decided and the list's configured default (iptables chain policy) applied;
 * - `implicit-deny`: nothing matched and the vendor's unconfigurable final deny applied;
 * - `no-match`: a list evaluated on its own (`--filter`) fell through without a decision;
 * - `unfiltered`: no list applies to this traffic on this device, which passes it.
 */
export type VerdictReason = 'rule' | 'default' | 'implicit-deny' | 'no-match' | 'unfiltered';

export interface TraceStep {
  readonly list: string;
  /** The rule id, or null for the list's fall-through. */
  readonly rule: string | null;
  readonly action: RuleAction | 'fall-through';
  readonly source: SourceRef | null;
}

export interface Verdict {
  readonly action: Action;
  readonly device: string;
  readonly rule: SourceRef | null;
  readonly ruleId: string | null;
  readonly reason: VerdictReason;
  /** The lists and rules visited that matched (and the fall-throughs), in order. */
  readonly trace: readonly TraceStep[];
  /** Reasons why the verdict might differ on the real device; empty when it is certain. */
  readonly uncertain: readonly string[];
}
