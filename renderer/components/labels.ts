import type { Attachment } from '../../models/device';
import type { Severity } from '../../models/diagnostics';

/** Display labels for model values. Unknown values fall back to the raw id. */

const VENDOR_LABELS: Readonly<Record<string, string>> = {
  iptables: 'iptables',
  nftables: 'nftables',
  'cisco-asa': 'Cisco ASA',
  'cisco-ios': 'Cisco IOS',
  panos: 'PAN-OS',
  fortios: 'FortiGate',
  junos: 'Juniper SRX',
  checkpoint: 'Check Point',
  pfsense: 'pfSense',
  opnsense: 'OPNsense',
};

export function vendorLabel(vendor: string | null): string {
  if (vendor === null) return 'unknown format';
  return VENDOR_LABELS[vendor] ?? vendor;
}

export const ATTACHMENT_LABELS: Readonly<Record<Attachment, string>> = {
  transit: 'Forwarded traffic',
  'to-device': 'To the device',
  'from-device': 'From the device',
};

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
};

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
