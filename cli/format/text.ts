import { visible } from '../../models/report/text';
import { type Diagnostic, formatDiagnostic } from '../../models/diagnostics';
import type { Attachment, Device } from '../../models/device';
import { type Flow, formatFlow } from '../../models/net';
import type { Verdict } from '../../models/reach';
import { listDefault } from './device-json';

/**
 * Text for a terminal: config contents are hostile (an escape sequence in a rule comment could
 * rewrite the screen, a bidi override reorder it), so the report's `visible` marks them.
 */
export const printable = visible;

/** How many issues text mode prints on stderr before summarising the rest. */
export const MAX_ISSUES_SHOWN = 20;

/** The issues as stderr warnings (`conduit: file:line: severity: message [code]`), capped. */
export function formatIssues(issues: readonly Diagnostic[], max = MAX_ISSUES_SHOWN): string {
  if (issues.length === 0) return '';
  const lines = issues
    .slice(0, max)
    .map((d) => `conduit: ${printable(formatDiagnostic(d).replace(/[\r\n]+/g, ' '))}`);
  if (issues.length > max)
    lines.push(
      `conduit: ... and ${issues.length - max} more issues (all are in 'conduit parse --json' under "issues")`,
    );
  return `${lines.join('\n')}\n`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

/** The readable summary of `conduit parse` without --json: devices, their lists, what applies where. */
export function formatDeviceSummary(device: Device): string {
  const lists = [...device.lists.values()];
  const rules = lists.reduce((n, l) => n + l.rules.length, 0);
  const out: string[] = [];
  out.push(`${device.name}  (${device.vendor}, ${device.file})`);
  out.push(
    `  ${plural(lists.length, 'list')}, ${plural(rules, 'rule')}, ${plural(device.interfaces.length, 'interface')}, ${plural(device.zones.length, 'zone')}`,
  );
  if (device.interfaces.length > 0)
    out.push(
      `  interfaces: ${device.interfaces.map((i) => (i.zone ? `${i.name} (${i.zone})` : i.name)).join(', ')}`,
    );
  for (const z of device.zones) out.push(`  zone ${z.name}: ${z.interfaces.join(', ') || '(no interfaces)'}`);
  const applied = new Map<string, Attachment[]>();
  for (const b of device.bindings) applied.set(b.list, [...(applied.get(b.list) ?? []), b.attachment]);
  const nameWidth = Math.min(40, Math.max(0, ...lists.map((l) => l.name.length)));
  for (const l of lists) {
    const def = listDefault(l);
    const policy = def === 'return' ? 'returns' : `default ${def}`;
    const where = applied.get(l.name);
    out.push(
      `  ${pad(l.name, nameWidth)}  ${pad(plural(l.rules.length, 'rule'), 11)} ${pad(policy, 16)}${where ? `applies to ${where.join(', ')}` : ''}`.trimEnd(),
    );
  }
  if (device.nat.length > 0) out.push(`  NAT: ${plural(device.nat.length, 'rule')} (${device.support.nat})`);
  out.push(`  filtering: ${device.support.filtering}`);
  for (const note of device.support.notes) out.push(`  note: ${note}`);
  return `${out.join('\n')}\n`;
}

export interface QueryDescription {
  readonly flow: Flow;
  readonly verdict: Verdict;
  readonly list: string | null;
  readonly inInterface: string | undefined;
  readonly outInterface: string | undefined;
}

/** Why the verdict came out as it did, citing the line when there is one. */
function explain(q: QueryDescription): string {
  const v = q.verdict;
  const at = v.rule === null ? '' : ` at ${v.rule.file}:${v.rule.line}: ${v.rule.text.trim()}`;
  switch (v.reason) {
    case 'rule':
      return `rule ${v.ruleId ?? '?'}${at}`;
    case 'default': {
      const list = [...v.trace].reverse().find((t) => t.action === 'fall-through')?.list;
      return `default policy${list ? ` of ${list}` : ''}${at}`;
    }
    case 'implicit-deny':
      return 'implicit deny: no rule matched';
    case 'no-match':
      return `no rule of ${q.list ?? 'the list'} matched`;
    case 'unfiltered':
      return `no rule list applies to this traffic on ${v.device}`;
  }
}

/** The readable answer of `conduit query` without --json. */
export function formatAnswer(q: QueryDescription): string {
  const v = q.verdict;
  const via = [
    q.inInterface !== undefined ? `in ${q.inInterface}` : '',
    q.outInterface !== undefined ? `out ${q.outInterface}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const scope = q.list !== null ? `list ${q.list} of ${v.device}` : `${v.device} (transit)`;
  const out = [`${v.action.toUpperCase()}  ${formatFlow(q.flow)}  through ${scope}${via ? `, ${via}` : ''}`];
  out.push(`  ${explain(q)}`);
  for (const u of v.uncertain) out.push(`  uncertain: ${u}`);
  return `${out.join('\n')}\n`;
}
