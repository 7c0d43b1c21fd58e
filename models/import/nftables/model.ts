import type { SourceRef } from '../../diagnostics';

/**
 * The vendor model of an nftables ruleset, shared by the two readers: `nft list ruleset` text
 * and `nft -j list ruleset` JSON. Expressions and statements take the shape of nft's own JSON
 * schema (libnftables-json(5)), so the text reader produces what the JSON reader reads and one
 * converter serves both.
 */

/** A value or an expression: a string or number, a list (flags), or an object like `{ payload: {...} }`. */
export type NftExpr = string | number | boolean | null | readonly NftExpr[] | NftObject;
export interface NftObject {
  readonly [key: string]: NftExpr | undefined;
}

/** One statement of a rule: `{ match: {...} }`, `{ accept: null }`, `{ counter: ... }`... */
export type NftStatement = NftObject;

export type NftFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';
export const NFT_FAMILIES: readonly NftFamily[] = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];

export interface NftRule {
  readonly family: NftFamily;
  readonly table: string;
  readonly chain: string;
  readonly statements: readonly NftStatement[];
  readonly comment?: string;
  /** The rule's line (text: its first line; JSON: the line of the rule object). */
  readonly source: SourceRef;
}

export interface NftChain {
  readonly family: NftFamily;
  readonly table: string;
  readonly name: string;
  /** Base chains only. */
  type?: string;
  hook?: string;
  /** The priority as a number (named priorities resolved for the family). */
  priority?: number;
  policy?: 'accept' | 'drop';
  /** The devices of an ingress chain (`device "eth0"`, `devices = { … }`). */
  devices?: string[];
  /** The chain's line, and the line that declares its hook and policy (the default's citation). */
  source: SourceRef;
  hookSource?: SourceRef;
  readonly rules: NftRule[];
}

export interface NftSet {
  readonly family: NftFamily;
  readonly table: string;
  readonly name: string;
  readonly isMap: boolean;
  type: string;
  flags: string[];
  /** Elements as written; for maps each is `[key, value]`. */
  elements: NftExpr[];
  /** Whether elements may come and go at run time (dynamic, timeout, or filled by rules). */
  dynamic: boolean;
  readonly source: SourceRef;
}

export interface NftTable {
  readonly family: NftFamily;
  readonly name: string;
  readonly source: SourceRef;
}

export interface NftRuleset {
  readonly file: string;
  readonly tables: NftTable[];
  /** Keyed by `family table chain`. */
  readonly chains: Map<string, NftChain>;
  /** Keyed by `family table name`. */
  readonly sets: Map<string, NftSet>;
}

export const chainKey = (family: string, table: string, chain: string): string =>
  `${family} ${table} ${chain}`;

/** Standard priority names (nft(8), "PRIORITY" table) for ip, ip6 and inet; bridge has its own. */
export const PRIORITY_NAMES: Readonly<Record<string, number>> = {
  raw: -300,
  mangle: -150,
  dstnat: -100,
  filter: 0,
  security: 50,
  srcnat: 100,
};
export const BRIDGE_PRIORITY_NAMES: Readonly<Record<string, number>> = {
  dstnat: -300,
  filter: -200,
  out: 100,
  srcnat: 300,
};
