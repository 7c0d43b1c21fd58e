import type { VendorId } from '../device';
import { iptablesScore } from './iptables';
import { ciscoAsaScore } from './cisco-asa';
import { ciscoIosScore } from './cisco-ios';
import { junosScore } from './junos';
import { panosScore } from './panos';
import { checkPointScore } from './checkpoint';
import { pfsenseScore } from './pfsense';
import { opnsenseScore } from './opnsense';
import { nftablesScore } from './nftables';
import { fortiosScore } from './fortios';

/** Scores of each vendor's detector; the best one over the threshold wins. */
const DETECTORS: ReadonlyArray<readonly [VendorId, (lines: readonly string[]) => number]> = [
  ['iptables', iptablesScore],
  ['cisco-asa', ciscoAsaScore],
  ['cisco-ios', ciscoIosScore],
  ['junos', junosScore],
  ['panos', panosScore],
  ['checkpoint', checkPointScore],
  ['pfsense', pfsenseScore],
  ['opnsense', opnsenseScore],
  ['nftables', nftablesScore],
  ['fortios', fortiosScore],
];
const THRESHOLD = 0.5;

/**
 * The first lines of a text, each cut to 1,000 characters: enough to recognise a vendor, and a
 * huge first line (a 100,000-character comment) does not hide the lines after it.
 */
function headLines(text: string, max = 400): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < max && start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    out.push(text.slice(start, Math.min(end, start + 1000)));
    start = end + 1;
  }
  return out;
}

export function detectVendor(text: string): VendorId | null {
  const lines = headLines(text);
  let best: VendorId | null = null;
  let bestScore = THRESHOLD;
  for (const [vendor, score] of DETECTORS) {
    const s = score(lines);
    if (s >= bestScore) {
      best = vendor;
      bestScore = s;
    }
  }
  return best;
}

export function vendorScore(vendor: VendorId, text: string): number {
  const lines = headLines(text);
  return DETECTORS.find(([v]) => v === vendor)?.[1](lines) ?? 0;
}

/** True when the text is binary rather than a config: NUL bytes or many control characters. */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  return head.length > 0 && control / head.length > 0.1;
}
