import type { ImportResult } from '../types';
import { importPfConfig, rootScore } from '../pfsense';
import { readOpnsenseMvc } from './mvc';

export { readOpnsenseMvc } from './mvc';

/** An OPNsense config.xml: its root element is `<opnsense>`. */
export const opnsenseScore = (lines: readonly string[]): number => rootScore('opnsense', lines);

/**
 * OPNsense keeps pfSense's legacy config.xml sections (interfaces, aliases, filter, nat...),
 * read by the pfSense importer with OPNsense's defaults (`quick` and `direction` on interface
 * rules), plus its MVC firewall sections.
 */
export function importOpnsense(file: string, text: string): ImportResult {
  return importPfConfig(file, text, 'opnsense', readOpnsenseMvc);
}
