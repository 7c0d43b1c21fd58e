import { DiagnosticSink, sourceRef } from '../diagnostics';
import type { VendorId } from '../device';
import { detectVendor, looksBinary, vendorScore } from './detect';
import { importIptables } from './iptables';
import { importCiscoAsa } from './cisco-asa';
import { importCiscoIos } from './cisco-ios';
import { importJunos } from './junos';
import { importPanos } from './panos';
import { importCheckPoint } from './checkpoint';
import { importPfsense } from './pfsense';
import { importOpnsense } from './opnsense';
import { importNftables } from './nftables';
import { importFortios } from './fortios';
import type { ImportOptions, ImportResult, InputFile } from './types';

export type { ImportOptions, ImportResult, InputFile } from './types';
export { detectVendor, looksBinary, vendorScore } from './detect';

/** What each vendor id reads, for messages and the UI. */
export const VENDOR_LABELS: Readonly<Record<VendorId, string>> = {
  iptables: 'iptables',
  'cisco-ios': 'Cisco IOS / IOS-XE / NX-OS',
  'cisco-asa': 'Cisco ASA',
  junos: 'Juniper Junos / SRX',
  panos: 'Palo Alto PAN-OS',
  checkpoint: 'Check Point',
  pfsense: 'pfSense',
  opnsense: 'OPNsense',
  nftables: 'nftables',
  fortios: 'FortiGate FortiOS',
};

/** The message for a file no detector recognises; names every supported format. */
export const UNRECOGNISED_MESSAGE = `not a recognised firewall export (supported: ${Object.values(VENDOR_LABELS).join(', ')}); use --vendor to force one`;

const IMPORTERS: Readonly<Record<VendorId, (file: string, text: string) => ImportResult>> = {
  iptables: importIptables,
  'cisco-asa': importCiscoAsa,
  'cisco-ios': importCiscoIos,
  junos: importJunos,
  panos: (file, text) => importPanos(file, text),
  checkpoint: importCheckPoint,
  pfsense: importPfsense,
  opnsense: importOpnsense,
  nftables: importNftables,
  fortios: importFortios,
};

/**
 * Imports one config file of any supported vendor. Never throws on user input: what cannot be
 * used is reported as diagnostics, and `devices` is empty when nothing usable was found.
 */
export function importConfig(input: InputFile, options: ImportOptions = {}): ImportResult {
  const sink = new DiagnosticSink('detect');
  // SourceRef.text is the exact text of the line (without its terminator), however long.
  const firstLine = (): ReturnType<typeof sourceRef> =>
    sourceRef(input.name, 1, /^[^\n]*/.exec(input.text)![0].replace(/\r$/, ''));
  if (input.text.trim() === '') {
    sink.error('empty-input', 'the file is empty', firstLine());
    return { vendor: options.vendor ?? null, devices: [], diagnostics: sink.diagnostics };
  }
  if (looksBinary(input.text)) {
    sink.error(
      'binary-input',
      'the file is binary, not a text configuration export',
      sourceRef(input.name, 1, ''),
    );
    return { vendor: options.vendor ?? null, devices: [], diagnostics: sink.diagnostics };
  }
  const vendor = options.vendor ?? detectVendor(input.text);
  if (vendor === null) {
    sink.error('vendor-mismatch', UNRECOGNISED_MESSAGE, firstLine());
    return { vendor: null, devices: [], diagnostics: sink.diagnostics };
  }
  if (options.vendor !== undefined && vendorScore(vendor, input.text) < 0.2) {
    sink.warning(
      'vendor-mismatch',
      `the file does not look like ${vendor} output; imported as ${vendor} because it was forced`,
      firstLine(),
    );
  }
  const result = IMPORTERS[vendor](input.name, input.text);
  return { ...result, diagnostics: [...sink.diagnostics, ...result.diagnostics] };
}
