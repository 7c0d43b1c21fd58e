import { describe, expect, it } from 'vitest';
import { closeChoice, decideClose, unsavedChangesBox, windowTitle } from '../../electron/main/document-state';

describe('window title', () => {
  it('is "name — Conduit", or just Conduit without a document', () => {
    expect(windowTitle('plant-site')).toBe('plant-site — Conduit');
    expect(windowTitle('   ')).toBe('Conduit');
  });

  it('drops control characters and line separators from project names', () => {
    expect(windowTitle('evil\u0000\n\u2028name\u0085')).toBe('evilname — Conduit');
  });
});

describe('closing a window', () => {
  it('closes a clean window without asking', () => {
    expect(decideClose({ dirty: false, forced: false, prompting: false })).toBe('close');
  });

  it('asks once about a dirty window, and waits while the question is open', () => {
    expect(decideClose({ dirty: true, forced: false, prompting: false })).toBe('prompt');
    expect(decideClose({ dirty: true, forced: false, prompting: true })).toBe('wait');
  });

  it('closes a dirty window when forced (after Save or Don\u2019t Save)', () => {
    expect(decideClose({ dirty: true, forced: true, prompting: false })).toBe('close');
  });

  it('offers Save, Don\u2019t Save and Cancel, with Save the default and Esc meaning Cancel', () => {
    const box = unsavedChangesBox('plant-site');
    expect(box.buttons).toEqual(['Save', "Don't Save", 'Cancel']);
    expect(box.buttons?.[box.defaultId ?? -1]).toBe('Save');
    expect(box.buttons?.[box.cancelId ?? -1]).toBe('Cancel');
    expect(box.message).toBe('Do you want to save the changes to plant-site?');
    expect(unsavedChangesBox('').message).toBe('Do you want to save the changes to this project?');
  });

  it('maps the buttons to choices; anything unexpected keeps the window (Cancel)', () => {
    expect([0, 1, 2, 3, -1].map(closeChoice)).toEqual(['save', 'discard', 'cancel', 'cancel', 'cancel']);
  });
});
