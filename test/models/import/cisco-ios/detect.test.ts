/** Auto-detection: every IOS / NX-OS corpus file and fixture is cisco-ios; other vendors' files are not. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectVendor } from '../../../../models/import';
import { corpusNames, corpusRoot, fixtureNames, readCorpus, readFixture } from './support';

describe('ciscoIosScore through detectVendor', () => {
  it.each([...corpusNames(), ...fixtureNames().map((f) => `fixture:${f}`)])(
    '%s is detected as cisco-ios',
    (name) => {
      const text = name.startsWith('fixture:') ? readFixture(name.slice(8)) : readCorpus(name);
      expect(detectVendor(text)).toBe('cisco-ios');
    },
  );

  const others = [
    'cisco-asa',
    'junos',
    'iptables',
    'nftables',
    'panos',
    'fortios',
    'checkpoint',
    'pfsense',
    'opnsense',
  ].flatMap((dir) => readdirSync(path.join(corpusRoot, dir)).map((f) => `${dir}/${f}`));
  it.each(others)('%s is not taken for cisco-ios', (name) => {
    expect(detectVendor(readFileSync(path.join(corpusRoot, name), 'utf8'))).not.toBe('cisco-ios');
  });
});
