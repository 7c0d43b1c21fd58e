import { describe, expect, it } from 'vitest';
import {
  checkPath,
  isInvokeChannel,
  LIMITS,
  sanitizeFileName,
  validateArgs,
} from '../../electron/ipc/validate';

describe('IPC argument validation', () => {
  it('knows exactly the contract channels', () => {
    for (const channel of ['app:versions', 'dialog:openFiles', 'file:read', 'file:write'])
      expect(isInvokeChannel(channel)).toBe(true);
    for (const channel of ['shell:openExternal', 'constructor', '__proto__', 'toString', ''])
      expect(isInvokeChannel(channel), channel).toBe(false);
  });

  it('app:versions takes no arguments', () => {
    expect(validateArgs('app:versions', [])).toEqual({ ok: true, value: [] });
    expect(validateArgs('app:versions', [1]).ok).toBe(false);
  });

  it('dialog:openFiles takes an optional request with a title', () => {
    expect(validateArgs('dialog:openFiles', [])).toEqual({ ok: true, value: [] });
    expect(validateArgs('dialog:openFiles', [{ title: 'Open' }])).toEqual({
      ok: true,
      value: [{ title: 'Open' }],
    });
    expect(validateArgs('dialog:openFiles', [{}])).toEqual({ ok: true, value: [{}] });
    expect(validateArgs('dialog:openFiles', [{ title: 7 }]).ok).toBe(false);
    expect(validateArgs('dialog:openFiles', [{ title: 'x'.repeat(LIMITS.titleLength + 1) }]).ok).toBe(false);
    expect(validateArgs('dialog:openFiles', [{ defaultPath: '/etc' }])).toEqual({
      ok: false,
      message: 'unexpected field "defaultPath"',
    });
    expect(validateArgs('dialog:openFiles', ['x']).ok).toBe(false);
    expect(validateArgs('dialog:openFiles', [{}, {}]).ok).toBe(false);
  });

  it('file:read takes one absolute path', () => {
    expect(validateArgs('file:read', [{ path: '/home/a/fw.conf' }])).toEqual({
      ok: true,
      value: [{ path: '/home/a/fw.conf' }],
    });
    expect(validateArgs('file:read', [{ path: 'C:\\site\\fw.conf' }]).ok).toBe(true);
    expect(validateArgs('file:read', [{ path: 'relative/fw.conf' }]).ok).toBe(false);
    expect(validateArgs('file:read', [{ path: '/a\0b' }]).ok).toBe(false);
    expect(validateArgs('file:read', [{ path: '' }]).ok).toBe(false);
    expect(validateArgs('file:read', [{ path: ['/a'] }]).ok).toBe(false);
    expect(validateArgs('file:read', [{ path: '/a', encoding: 'latin1' }]).ok).toBe(false);
    expect(validateArgs('file:read', []).ok).toBe(false);
  });

  it('file:write takes a name, a known kind and string content', () => {
    const good = { suggestedName: 'issues.csv', kind: 'csv', content: 'a,b\r\n' };
    expect(validateArgs('file:write', [good])).toEqual({ ok: true, value: [good] });
    expect(validateArgs('file:write', [{ ...good, content: '' }]).ok).toBe(true);
    expect(validateArgs('file:write', [{ ...good, kind: 'exe' }]).ok).toBe(false);
    expect(validateArgs('file:write', [{ ...good, suggestedName: '' }]).ok).toBe(false);
    expect(validateArgs('file:write', [{ ...good, content: new Uint8Array(2) }]).ok).toBe(false);
    expect(validateArgs('file:write', [{ ...good, path: '/etc/passwd' }]).ok).toBe(false);
  });

  it('rejects objects that are not plain (class instances, arrays, null-proto is fine)', () => {
    class Request {
      path = '/a';
    }
    expect(validateArgs('file:read', [new Request()]).ok).toBe(false);
    expect(validateArgs('file:read', [['/a']]).ok).toBe(false);
    expect(validateArgs('file:read', [null]).ok).toBe(false);
    const bare = Object.assign(Object.create(null) as object, { path: '/a' });
    expect(validateArgs('file:read', [bare]).ok).toBe(true);
  });

  it('checkPath explains what is wrong', () => {
    expect(checkPath(42)).toBe('path must be a string');
    expect(checkPath('x')).toBe('path must be absolute');
    expect(checkPath('\\\\server\\share\\fw.conf')).toBeUndefined();
  });
});

describe('sanitizeFileName', () => {
  it('keeps ordinary names', () => {
    expect(sanitizeFileName('conduit-issues.csv')).toBe('conduit-issues.csv');
  });

  it('strips directories and characters that are unsafe in file names', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Windows\\system32\\x.dll')).toBe('x.dll');
    expect(sanitizeFileName('a<b>c:d"e|f?g*h\u0001.csv')).toBe('a_b_c_d_e_f_g_h_.csv');
    expect(sanitizeFileName('..hidden')).toBe('hidden');
    expect(sanitizeFileName('name. ')).toBe('name');
  });

  it('defuses reserved Windows device names and empty results', () => {
    expect(sanitizeFileName('CON.csv')).toBe('_CON.csv');
    expect(sanitizeFileName('nul')).toBe('_nul');
    expect(sanitizeFileName('///')).toBe('export');
    expect(sanitizeFileName('...', 'report.csv')).toBe('report.csv');
  });

  it('caps the length', () => {
    expect(sanitizeFileName(`${'a'.repeat(400)}.csv`)).toHaveLength(LIMITS.fileNameLength);
  });
});
