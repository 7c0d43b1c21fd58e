import { describe, expect, it } from 'vitest';
import { FileGrants } from '../../electron/main/file-grants';

describe('FileGrants', () => {
  it('grants only the paths the user chose', () => {
    const grants = new FileGrants(false);
    grants.grant('/site/fw1.conf');
    expect(grants.has('/site/fw1.conf')).toBe(true);
    expect(grants.has('/site/fw2.conf')).toBe(false);
    expect(grants.has('/etc/passwd')).toBe(false);
  });

  it('compares resolved paths, so dot segments neither hide nor forge a grant', () => {
    const grants = new FileGrants(false);
    grants.grant('/site/configs/../fw1.conf');
    expect(grants.has('/site/fw1.conf')).toBe(true);
    expect(grants.has('/site/x/../fw1.conf')).toBe(true);
    expect(grants.has('/site/fw1.conf/../../etc/passwd')).toBe(false);
  });

  it('refuses relative paths', () => {
    const grants = new FileGrants(false);
    grants.grant(`${process.cwd()}/fw1.conf`);
    expect(grants.has('fw1.conf')).toBe(false);
  });

  it('folds case where the file system does', () => {
    const grants = new FileGrants(true);
    grants.grant('/Site/FW1.conf');
    expect(grants.has('/site/fw1.conf')).toBe(true);
    expect(new FileGrants(false).has('/site/fw1.conf')).toBe(false);
  });
});
