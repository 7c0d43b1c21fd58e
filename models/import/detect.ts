import type { VendorId } from '../device';
import { iptablesScore } from './iptables';

/** Scores of each vendor's detector; the best one over the threshold wins. */
const DETECTORS: ReadonlyArray<readonly [VendorId, (lines: readonly string[]) => number]> = [['iptables', iptablesScore]];
const THRESHOLD = 0.5;

export function detectVendor(text: string): VendorId | null {
  const lines = text.slice(0, 64 * 1024).split('\n');
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
  const lines = text.slice(0, 64 * 1024).split('\n');
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
