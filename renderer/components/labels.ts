import type { Attachment, VendorId } from '../../models/device';
import { VENDOR_LABELS } from '../../models/import';
import type { Severity } from '../../models/diagnostics';

/** Display labels for model values. Unknown values fall back to the raw id. */

export function vendorLabel(vendor: string | null): string {
  if (vendor === null) return 'unknown format';
  return Object.hasOwn(VENDOR_LABELS, vendor) ? VENDOR_LABELS[vendor as VendorId] : vendor;
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
