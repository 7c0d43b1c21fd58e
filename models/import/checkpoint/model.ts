import type { SourceRef } from '../../diagnostics';
import type { JsonNode } from '../formats/json';

/**
 * The Check Point vendor model: what the management API exports say, each piece with the
 * SourceRef of the JSON object it came from. Objects are kept as their JSON nodes and read
 * lazily by the resolver (objects.ts), so an export with thousands of predefined services costs
 * nothing until a rule refers to one.
 */

/** One object of an objects dictionary or of a show-hosts / show-services-* ... list. */
export interface CheckPointObject {
  readonly uid: string;
  readonly name: string;
  readonly type: string;
  readonly node: JsonNode;
  readonly source: SourceRef;
  /** The SourceRef of any node of the object's file (interfaces of a gateway, members). */
  readonly locate: (node: JsonNode) => SourceRef;
}

/** A reference to an object by uid, as a rule cell holds it, with the line of the reference. */
export interface CheckPointRef {
  readonly uid: string;
  readonly source: SourceRef;
}

export interface CheckPointCell {
  readonly refs: readonly CheckPointRef[];
  readonly negate: boolean;
  /** False when the rule has no such cell (the rule is then read as uncertain). */
  readonly present: boolean;
}

export interface CheckPointAccessRule {
  readonly uid: string;
  readonly name: string;
  /** `rule-number` as exported; null when absent. */
  readonly number: number | null;
  readonly enabled: boolean;
  readonly src: CheckPointCell;
  readonly dst: CheckPointCell;
  readonly service: CheckPointCell;
  /** Cells that are not modelled: VPN, time, content; they make the match uncertain unless Any. */
  readonly vpn: CheckPointCell;
  readonly time: CheckPointCell;
  readonly content: CheckPointCell;
  readonly action: CheckPointRef | null;
  /** The uid of the inline layer the rule applies (action "Apply Layer"). */
  readonly inlineLayer: CheckPointRef | null;
  readonly installOn: readonly CheckPointRef[];
  /** The section the rule sits in, if any. */
  readonly section: string | null;
  readonly comments: string;
  readonly source: SourceRef;
}

/** One `show-access-rulebase` output: one layer. */
export interface CheckPointLayer {
  readonly file: string;
  readonly uid: string;
  readonly name: string;
  readonly rules: readonly CheckPointAccessRule[];
  /** The layer's implicit cleanup action when the export states it (`implicit-cleanup-action`). */
  readonly cleanup: 'drop' | 'accept' | null;
  /** Set when the export is one page of a longer rulebase: later rules are missing. */
  readonly partial: string | null;
  readonly source: SourceRef;
}

export interface CheckPointNatRule {
  readonly uid: string;
  readonly number: number | null;
  readonly enabled: boolean;
  readonly method: string;
  readonly originalSource: CheckPointRef | null;
  readonly originalDestination: CheckPointRef | null;
  readonly originalService: CheckPointRef | null;
  readonly translatedSource: CheckPointRef | null;
  readonly translatedDestination: CheckPointRef | null;
  readonly translatedService: CheckPointRef | null;
  readonly installOn: readonly CheckPointRef[];
  readonly section: string | null;
  readonly source: SourceRef;
}

/** What one JSON file of a package holds. */
export type CheckPointFileContent =
  | { readonly kind: 'access'; readonly layer: CheckPointLayer }
  | { readonly kind: 'nat'; readonly rules: readonly CheckPointNatRule[] }
  | { readonly kind: 'objects' };

export interface CheckPointJsonFile {
  readonly file: string;
  readonly content: CheckPointFileContent;
  /** Every object the file defines: its objects dictionary or its object list. */
  readonly objects: readonly CheckPointObject[];
  /** The line of the file's start, for file-level notes. */
  readonly first: SourceRef;
}
