import type { SourceRef } from '../../diagnostics';
import { type AceContext, parseExtendedAce, parseStandardAce } from './ace';
import type { AsaConfig } from './model';
import { Words } from './operands';
import { protocolsOfGroup } from './resolve';

/** An ACE line waiting for the second pass (objects may be defined after their use). */
export interface PendingEntry {
  readonly index: number;
  readonly list: string;
  readonly words: readonly string[];
  readonly label: string | undefined;
  /** `line N` of `show access-list` output, or of a config insertion. */
  readonly position: number | null;
  /** An indented, expanded entry of `show access-list` output. */
  readonly child: boolean;
}

/** Parses the pending entries into their ACLs, now that every object is known. */
export function parseEntries(
  pending: readonly PendingEntry[],
  config: AsaConfig,
  ref: (index: number) => SourceRef,
  warn: (index: number, code: 'unrecognized-line' | 'unsupported-construct', message: string) => void,
): void {
  const protocolsOf = (name: string): readonly number[] | null => protocolsOfGroup(config, name);
  for (let k = 0; k < pending.length; k++) {
    const e = pending[k]!;
    // `show access-list`: an entry whose objects are expanded on the indented lines after it
    // is a heading; the expanded lines are the entries the ASA evaluates.
    const next = pending[k + 1];
    if (!e.child && next?.child && next.list === e.list && next.position === e.position) continue;
    const list = config.accessLists.get(e.list)!;
    const w = new Words(e.words);
    let type = w.peek();
    if (type === 'extended' || type === 'standard') w.next();
    else type = 'extended'; // `access-list NAME permit tcp ...` (PIX style) is extended
    const ctx: AceContext = { list: e.list, label: e.label, source: ref(e.index), protocolsOf };
    const ace = type === 'standard' ? parseStandardAce(w, config, ctx) : parseExtendedAce(w, config, ctx);
    if (!ace.ok) {
      const code = ace.error.includes('not modelled') ? 'unsupported-construct' : 'unrecognized-line';
      warn(e.index, code, `access-list entry not understood: ${ace.error}; skipped`);
      continue;
    }
    // `access-list NAME line N ...` in a config inserts before entry N.
    if (!config.showAccessList && e.position !== null && e.position <= list.entries.length) {
      list.entries.splice(Math.max(0, e.position - 1), 0, ace.value);
    } else list.entries.push(ace.value);
  }
}
