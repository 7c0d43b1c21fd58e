import type { Diagnostic } from '../../models/diagnostics';
import type { InputFile } from '../../models/import/types';
import { classifyInput } from '../../models/topology';
import {
  parseInventoryCsv,
  parseIpAddr,
  parseIpRoute,
  parseNmapXml,
  parseSiteFile,
} from '../../models/topology/inputs';

/**
 * Files of a site folder that are not firewall exports (inventory, nmap scan, site file, `ip
 * addr` / `ip route` output), recognised the way assembleSite does, with their parsers'
 * diagnostics, so the import view labels them instead of calling them unknown configs.
 */
export type SiteInputKind = NonNullable<ReturnType<typeof classifyInput>>;

export const SITE_INPUT_LABELS: Readonly<Record<SiteInputKind, string>> = {
  inventory: 'Asset inventory',
  nmap: 'nmap scan',
  site: 'Site file',
  'ip-addr': 'ip addr output',
  'ip-route': 'ip route output',
};

export function readSiteInput(file: InputFile): { kind: SiteInputKind; diagnostics: Diagnostic[] } | null {
  const kind = classifyInput(file);
  if (kind === null) return null;
  const parsed =
    kind === 'inventory'
      ? parseInventoryCsv(file.name, file.text)
      : kind === 'nmap'
        ? parseNmapXml(file.name, file.text)
        : kind === 'site'
          ? parseSiteFile(file.name, file.text)
          : kind === 'ip-addr'
            ? parseIpAddr(file.name, file.text)
            : parseIpRoute(file.name, file.text);
  return { kind, diagnostics: [...parsed.diagnostics] };
}
