import type { SourceRef } from '../../diagnostics';

/** The vendor model of an iptables-save / iptables-restore file, before conversion. */

/** One option of a rule line, with its negation and arguments, as written. */
export interface IptablesOption {
  /** Canonical long name without dashes (`source`, `dport`, `match-set`...). */
  readonly name: string;
  readonly negate: boolean;
  readonly args: readonly string[];
  /** The `-m` module in force when the option appeared (null for the core options). */
  readonly module: string | null;
}

export interface IptablesTarget {
  readonly kind: 'jump' | 'goto';
  readonly name: string;
  readonly options: readonly IptablesOption[];
}

export interface IptablesRule {
  readonly table: string;
  readonly chain: string;
  readonly source: SourceRef;
  readonly modules: readonly string[];
  readonly options: readonly IptablesOption[];
  readonly target: IptablesTarget | null;
}

export interface IptablesChain {
  readonly name: string;
  readonly builtin: boolean;
  /** `ACCEPT` / `DROP` for built-in chains, null for user chains. */
  policy: 'ACCEPT' | 'DROP' | null;
  source: SourceRef | null;
  readonly rules: IptablesRule[];
}

export interface IptablesTable {
  readonly name: string;
  readonly source: SourceRef;
  readonly chains: Map<string, IptablesChain>;
  committed: boolean;
}

export interface IptablesConfig {
  readonly file: string;
  readonly tables: Map<string, IptablesTable>;
  /** 6 when the file is an ip6tables-save (by header or by the addresses it uses). */
  readonly family: 4 | 6;
}

/** The built-in chains of each table, in the kernel's order. */
export const BUILTIN_CHAINS: Readonly<Record<string, readonly string[]>> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};
