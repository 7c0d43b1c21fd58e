import type { IptablesOption } from './model';

/**
 * `-s a,b -d c,d` is not one rule: iptables appends one rule per source and destination pair,
 * sources outer, destinations inner. Rule numbers (`-I CHAIN n`) count those rules, so the
 * importer expands the lists as the kernel does. iptables refuses `!` with a list.
 */
export function expandAddressLists(options: IptablesOption[]): IptablesOption[][] | string {
  const lists = options.filter(
    (o) => (o.name === 'source' || o.name === 'destination') && o.args[0]!.includes(','),
  );
  if (lists.length === 0) return [options];
  if (lists.some((o) => o.negate))
    return "'!' is not allowed with several source or destination addresses (iptables refuses the rule)";
  let out: IptablesOption[][] = [options];
  for (const name of ['source', 'destination']) {
    const at = options.findIndex((o) => o.name === name && o.args[0]!.includes(','));
    if (at < 0) continue;
    const parts = options[at]!.args[0]!.split(',');
    if (parts.some((p) => p === '')) return `empty address in the list '${options[at]!.args[0]}'`;
    out = out.flatMap((opts) => parts.map((p) => opts.map((o, k) => (k === at ? { ...o, args: [p] } : o))));
  }
  return out;
}
