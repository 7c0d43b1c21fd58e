import type { Attachment } from '../../models/device';
import type { DeviceSummary, ListSummary } from '../worker/summary';

/** Pure shaping of a device summary for display; unit-tested in Node. */

/** A list with no rules that lets everything through (or returns): it cannot change a verdict. */
export function isNoOpList(list: ListSummary): boolean {
  return list.ruleCount === 0 && list.fallThrough !== 'deny' && list.fallThrough !== 'implicit-deny';
}

/** Lists worth a row, and the empty pass-through ones that only clutter (shown on request). */
export function partitionLists(device: DeviceSummary): { shown: ListSummary[]; noOps: ListSummary[] } {
  const shown: ListSummary[] = [];
  const noOps: ListSummary[] = [];
  for (const list of device.lists) (isNoOpList(list) ? noOps : shown).push(list);
  return { shown, noOps };
}

export interface PipelineStep {
  readonly list: string;
  /** The list cannot change the verdict (empty, permits or returns). */
  readonly noOp: boolean;
}

/** The lists one kind of traffic meets, in evaluation order: bindings grouped by attachment and interfaces. */
export interface Pipeline {
  readonly attachment: Attachment;
  readonly inInterface: string | null;
  readonly outInterface: string | null;
  readonly steps: readonly PipelineStep[];
}

const ATTACHMENT_ORDER: readonly Attachment[] = ['transit', 'to-device', 'from-device'];

export function pipelines(device: DeviceSummary): Pipeline[] {
  const lists = new Map(device.lists.map((l) => [l.name, l]));
  const groups = new Map<
    string,
    { attachment: Attachment; inInterface: string | null; outInterface: string | null; steps: PipelineStep[] }
  >();
  for (const binding of device.bindings) {
    const inInterface = binding.inInterface ?? null;
    const outInterface = binding.outInterface ?? null;
    const key = JSON.stringify([binding.attachment, inInterface, outInterface]);
    let group = groups.get(key);
    if (!group) {
      group = { attachment: binding.attachment, inInterface, outInterface, steps: [] };
      groups.set(key, group);
    }
    const list = lists.get(binding.list);
    group.steps.push({ list: binding.list, noOp: list ? isNoOpList(list) : false });
  }
  return [...groups.values()].sort(
    (a, b) => ATTACHMENT_ORDER.indexOf(a.attachment) - ATTACHMENT_ORDER.indexOf(b.attachment),
  );
}
