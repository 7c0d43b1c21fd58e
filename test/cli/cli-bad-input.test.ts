import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNRECOGNISED_MESSAGE } from '../../models/import';
import {
  repoRoot,
  SMALL_RULESET,
  conduit,
  ensureCliBuilt,
  expectOneLineError,
  fileLines,
  tempDir,
  MODBUS_FLOW,
} from './helpers';

beforeAll(ensureCliBuilt);
const tmp = tempDir();
afterAll(tmp.cleanup);

const FLOW = MODBUS_FLOW;
const other = path.join(repoRoot, 'test', 'fixtures', 'import', 'unsupported', 'mikrotik-routeros.rsc'); // a format Conduit does not read

function expectBadInput(args: string[], message: string | RegExp): void {
  const r = conduit(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const line = expectOneLineError(r);
  if (typeof message === 'string') expect(line).toBe(message);
  else expect(line).toMatch(message);
}

describe('nothing usable: exit 2 with one line naming the file and line', () => {
  it('a missing file', () => {
    const missing = path.join(tmp.dir, 'nope.rules');
    expectBadInput(['parse', missing], `conduit: ${missing}: no such file`);
    expectBadInput(['query', missing, ...FLOW], `conduit: ${missing}: no such file`);
  });

  it('an empty file, or one of blank lines', () => {
    const empty = tmp.write('empty.rules', '');
    const blank = tmp.write('blank.rules', '\n  \n\t\n');
    expectBadInput(['parse', empty], `conduit: ${empty}:1: the file is empty`);
    expectBadInput(['parse', '--json', blank], `conduit: ${blank}:1: the file is empty`);
  });

  it('a binary file', () => {
    const bin = tmp.write('image.bin', new Uint8Array([0x23, 0x0a, 0x41, 0x0a, 0x00, 0x01, 0x02]));
    expectBadInput(['parse', bin], `conduit: ${bin}:3: not a text file (a NUL byte at offset 4)`);
  });

  it('a file of another vendor, detected or forced with --vendor iptables', () => {
    expectBadInput(['parse', other], `conduit: ${other}:1: ${UNRECOGNISED_MESSAGE}`);
    const r = conduit(['parse', '--vendor', 'iptables', other]);
    expect(r.code).toBe(2);
    const m = /^conduit: (.*):(\d+): (.*)$/.exec(expectOneLineError(r));
    expect(m?.[1]).toBe(other);
    expect(m?.[3]).toMatch(/not iptables-save output/);
    expect(fileLines(other)[Number(m?.[2]) - 1]?.trim()).not.toBe('');
  });

  it('a file that is one line of 100,000 characters', () => {
    const long = tmp.write('long.rules', `${'x'.repeat(100_000)}\n`);
    expectBadInput(
      ['parse', long],
      new RegExp(`^conduit: ${long.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: `),
    );
  });

  it('a file over the 64 MB limit (checked before reading)', () => {
    const huge = path.join(tmp.dir, 'huge.rules');
    fs.closeSync(fs.openSync(huge, 'w'));
    fs.truncateSync(huge, 65 * 1024 * 1024); // sparse: costs no disk
    expectBadInput(
      ['parse', huge],
      `conduit: ${huge}: the file is 65.0 MB, more than the 64.0 MB a configuration may be`,
    );
  });

  it('a folder that holds no configuration, or nothing at all', () => {
    tmp.write('junk/notes.txt', 'nothing to see\n');
    tmp.write('junk/empty.cfg', '');
    expectBadInput(
      ['parse', path.join(tmp.dir, 'junk')],
      /^conduit: .*junk: no firewall configuration found; empty.cfg:1: skipped: the file is empty \(and 1 more\)$/,
    );
    fs.mkdirSync(path.join(tmp.dir, 'void'));
    expectBadInput(
      ['parse', path.join(tmp.dir, 'void')],
      `conduit: ${path.join(tmp.dir, 'void')}: the folder holds no files`,
    );
  });

  it('a bad file among good ones still stops the command', () => {
    const good = tmp.write('good.rules', SMALL_RULESET);
    const empty = tmp.write('empty2.rules', '');
    expectBadInput(['parse', good, empty], `conduit: ${empty}:1: the file is empty`);
  });
});

describe('something usable: exit 0, the rest reported as issues', () => {
  it('a truncated file (no COMMIT, last line cut)', () => {
    const lines = SMALL_RULESET.split('\n');
    const text = `${lines.slice(0, 13).join('\n')}\n${lines[13]!.slice(0, 20)}`;
    const file = tmp.write('truncated.rules', text);
    const r = conduit(['parse', file, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.devices[0].rules).toHaveLength(7);
    expect(out.issues.map((i: { code: string }) => i.code)).toContain('truncated-input');
    const text2 = conduit(['query', file, ...FLOW]);
    expect(text2.code).toBe(0);
    expect(text2.stdout).toMatch(/^PERMIT/);
    expect(text2.stderr).toMatch(
      new RegExp(
        `^conduit: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:14: warning: .*\\[truncated-input\\]$`,
        'm',
      ),
    );
  });

  it('a line of 100,000 characters among rules is skipped and reported at its line', () => {
    const lines = SMALL_RULESET.split('\n');
    lines.splice(8, 0, `-A INPUT -m comment --comment "${'y'.repeat(100_000)}" -j ACCEPT`);
    const file = tmp.write('long-line.rules', lines.join('\n'));
    const r = conduit(['parse', file, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.issues).toHaveLength(1);
    expect(out.issues[0]).toMatchObject({ code: 'line-too-long', source: { file, line: 9 } });
    const q = conduit(['query', file, ...FLOW]);
    expect(q.code).toBe(0);
    expect(q.stdout).toContain(`${file}:13: -A ot-in`);
    expect(q.stderr).toMatch(/:9: warning: line is 100\d+ characters long; skipped \[line-too-long\]/);
  });

  it('a 50 MB file is read and its citations are exact', () => {
    // The ruleset with 50 MB of comment lines in the middle of its filter table.
    const lines = SMALL_RULESET.split('\n');
    const filler = `# ${'-'.repeat(97)}\n`;
    const block = filler.repeat(10_000);
    const blocks = Math.ceil((50 * 1024 * 1024) / block.length);
    const file = path.join(tmp.dir, 'fifty.rules');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, `${lines.slice(0, 11).join('\n')}\n`);
    for (let k = 0; k < blocks; k++) fs.writeSync(fd, block);
    fs.writeSync(fd, lines.slice(11).join('\n'));
    fs.closeSync(fd);
    expect(fs.statSync(file).size).toBeGreaterThan(50 * 1024 * 1024);
    const r = conduit(['query', file, ...FLOW, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rule).toEqual({
      file,
      line: blocks * 10_000 + 12,
      endLine: blocks * 10_000 + 12,
      text: lines[11],
    });
    fs.rmSync(file);
  }, 60_000);

  it('a 50 MB file that is not a configuration fails fast', () => {
    const file = path.join(tmp.dir, 'fifty.log');
    const fd = fs.openSync(file, 'w');
    const block =
      'Mar  2 09:14:07 gw kernel: [12345.678] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 PROTO=TCP\n'.repeat(
        10_000,
      );
    for (let n = 0; n < 50 * 1024 * 1024; n += block.length) fs.writeSync(fd, block);
    fs.closeSync(fd);
    expectBadInput(['parse', file], `conduit: ${file}:1: ${UNRECOGNISED_MESSAGE}`);
    fs.rmSync(file);
  }, 60_000);
});
