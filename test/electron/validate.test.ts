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
    for (const channel of [
      'app:versions',
      'dialog:openFiles',
      'file:read',
      'file:write',
      'project:open',
      'project:openRecent',
      'project:save',
      'project:recent',
      'project:launch',
      'project:remember',
      'window:setDocumentState',
      'window:close',
      'report:measurePdf',
      'report:printPdf',
    ])
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

describe('project, window and report channels', () => {
  it('project:open and project:recent take no arguments', () => {
    expect(validateArgs('project:open', [])).toEqual({ ok: true, value: [] });
    expect(validateArgs('project:open', [{ path: '/x' }]).ok).toBe(false);
    expect(validateArgs('project:recent', [])).toEqual({ ok: true, value: [] });
    expect(validateArgs('project:recent', [undefined]).ok).toBe(false);
  });

  it('project:openRecent and project:remember take one absolute path and nothing else', () => {
    for (const channel of ['project:openRecent', 'project:remember'] as const) {
      expect(validateArgs(channel, [{ path: '/home/u/site.conduit' }])).toEqual({
        ok: true,
        value: [{ path: '/home/u/site.conduit' }],
      });
      expect(validateArgs(channel, [{ path: 'site.conduit' }])).toMatchObject({
        ok: false,
        message: 'path must be absolute',
      });
      expect(validateArgs(channel, [{ path: '/a', extra: 1 }])).toMatchObject({
        ok: false,
        message: 'unexpected field "extra"',
      });
      expect(validateArgs(channel, [{}])).toMatchObject({ ok: false, message: 'missing field "path"' });
      expect(validateArgs(channel, ['/a']).ok).toBe(false);
    }
  });

  it('project:save takes content, a name and a path or null', () => {
    const request = { content: '{}', suggestedName: 'site.conduit', path: null };
    expect(validateArgs('project:save', [request])).toEqual({ ok: true, value: [request] });
    expect(validateArgs('project:save', [{ ...request, path: 'C:\\sites\\a.conduit' }]).ok).toBe(true);
    expect(validateArgs('project:save', [{ ...request, path: 'relative.conduit' }]).ok).toBe(false);
    expect(validateArgs('project:save', [{ ...request, path: '/a\0b' }]).ok).toBe(false);
    expect(validateArgs('project:save', [{ content: '{}', suggestedName: 'x' }])).toMatchObject({
      ok: false,
      message: 'missing field "path"',
    });
    expect(validateArgs('project:save', [{ ...request, content: 1 }]).ok).toBe(false);
    expect(validateArgs('project:save', [{ ...request, suggestedName: '' }]).ok).toBe(false);
  });

  it('window:setDocumentState takes a bounded title and a boolean', () => {
    expect(validateArgs('window:setDocumentState', [{ title: '', dirty: false }])).toEqual({
      ok: true,
      value: [{ title: '', dirty: false }],
    });
    expect(validateArgs('window:setDocumentState', [{ title: 'x', dirty: 1 }]).ok).toBe(false);
    expect(
      validateArgs('window:setDocumentState', [{ title: 'x'.repeat(LIMITS.titleLength + 1), dirty: true }])
        .ok,
    ).toBe(false);
  });

  it('window:close takes a boolean force', () => {
    expect(validateArgs('window:close', [{ force: true }])).toEqual({ ok: true, value: [{ force: true }] });
    expect(validateArgs('window:close', [{ force: 'true' }]).ok).toBe(false);
    expect(validateArgs('window:close', [{}]).ok).toBe(false);
  });

  it('report:measurePdf takes non-empty html only', () => {
    expect(validateArgs('report:measurePdf', [{ html: '<h1>r</h1>' }]).ok).toBe(true);
    expect(validateArgs('report:measurePdf', [{ html: '' }]).ok).toBe(false);
    expect(validateArgs('report:measurePdf', [{ html: '<p>', suggestedName: 'r' }]).ok).toBe(false);
  });

  it('report:printPdf takes non-empty html, a name and the report date', () => {
    const at = '2026-03-01T09:00:00Z';
    expect(
      validateArgs('report:printPdf', [{ html: '<h1>r</h1>', suggestedName: 'r', generatedAt: at }]).ok,
    ).toBe(true);
    expect(validateArgs('report:printPdf', [{ html: '', suggestedName: 'r', generatedAt: at }]).ok).toBe(
      false,
    );
    for (const bad of ['2026-03-01', '2026-13-01T09:00:00Z', 'yesterday', 7])
      expect(
        validateArgs('report:printPdf', [{ html: '<p>', suggestedName: 'r', generatedAt: bad }]).ok,
      ).toBe(false);
    expect(validateArgs('report:printPdf', [{ html: '<p>', suggestedName: 'r', url: 'https://x' }]).ok).toBe(
      false,
    );
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
