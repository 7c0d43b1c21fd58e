import type { Attachment, Device, RuleAction, Support, VendorId } from '../../models/device';

/**
 * What the UI shows of an imported device: plain, serializable data (no Maps, no address-set
 * objects), computed in the worker and posted to the page. The full `Device` stays in the
 * worker, where later stages (topology, reach, paths) will run.
 */

export interface ListSummary {
  readonly name: string;
  readonly ruleCount: number;
  /** Rules per action; `other` counts return/continue (log, mark...). */
  readonly actions: Readonly<Record<'permit' | 'deny' | 'jump' | 'other', number>>;
  /** What happens when no rule matches: the default action, or a return to the caller. */
  /** `implicit-deny`: the vendor's unconfigurable final deny (no line to cite). */
  readonly fallThrough: 'permit' | 'deny' | 'implicit-deny' | 'return';
  /** 1-based line of the list's definition, when the config has one. */
  readonly line: number | null;
  /** Rules whose match cannot be fully decided offline. */
  readonly uncertainCount: number;
}

export interface BindingSummary {
  readonly attachment: Attachment;
  readonly list: string;
  readonly inInterface?: string;
  readonly outInterface?: string;
}

export interface InterfaceSummary {
  readonly name: string;
  readonly zone?: string;
  readonly addresses: readonly string[];
}

export interface DeviceSummary {
  /** Unique among all opened files: `<fileId>/<index>`. */
  readonly key: string;
  readonly name: string;
  readonly vendor: VendorId;
  readonly file: string;
  readonly ruleCount: number;
  readonly lists: readonly ListSummary[];
  readonly bindings: readonly BindingSummary[];
  readonly interfaces: readonly InterfaceSummary[];
  readonly zones: readonly string[];
  readonly routeCount: number;
  readonly natCount: number;
  readonly support: Support;
}

function actionBucket(action: RuleAction): keyof ListSummary['actions'] {
  if (action === 'permit' || action === 'deny') return action;
  if (action === 'jump' || action === 'goto') return 'jump';
  return 'other';
}

export function summarizeDevice(device: Device, key: string): DeviceSummary {
  const lists: ListSummary[] = [...device.lists.values()].map((list) => {
    const actions = { permit: 0, deny: 0, jump: 0, other: 0 };
    let uncertainCount = 0;
    for (const rule of list.rules) {
      actions[actionBucket(rule.action)]++;
      if (rule.match.uncertain !== undefined) uncertainCount++;
    }
    return {
      name: list.name,
      ruleCount: list.rules.length,
      actions,
      fallThrough:
        list.fallThrough.kind === 'return'
          ? 'return'
          : list.fallThrough.action === 'deny' && list.fallThrough.source === null
            ? 'implicit-deny'
            : list.fallThrough.action,
      line: list.source?.line ?? null,
      uncertainCount,
    };
  });
  return {
    key,
    name: device.name,
    vendor: device.vendor,
    file: device.file,
    ruleCount: lists.reduce((sum, list) => sum + list.ruleCount, 0),
    lists,
    bindings: device.bindings.map((b) => ({
      attachment: b.attachment,
      list: b.list,
      ...(b.inInterface !== undefined ? { inInterface: b.inInterface } : {}),
      ...(b.outInterface !== undefined ? { outInterface: b.outInterface } : {}),
    })),
    interfaces: device.interfaces.map((i) => ({
      name: i.name,
      ...(i.zone !== undefined ? { zone: i.zone } : {}),
      addresses: [...i.addresses],
    })),
    zones: device.zones.map((z) => z.name),
    routeCount: device.routes.length,
    natCount: device.nat.length,
    support: {
      filtering: device.support.filtering,
      nat: device.support.nat,
      routes: device.support.routes,
      notes: [...device.support.notes],
    },
  };
}
