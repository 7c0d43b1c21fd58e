import type { StateCreator } from 'zustand/vanilla';
import type { AppState, SelectionSlice, UiSlice } from './types';

/** Selection, the diagnostics filter and transient notices. */

let nextNoticeId = 1;
const MAX_NOTICES = 5;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice & SelectionSlice> = (set) => ({
  selection: { kind: 'overview' },
  severityFilter: 'all',
  panels: { sidebar: true, inspector: true },
  togglePanel: (panel) => set((s) => ({ panels: { ...s.panels, [panel]: !s.panels[panel] } })),
  notices: [],
  select: (selection) => set({ selection, tab: 'import' }),
  setSeverityFilter: (severityFilter) => set({ severityFilter }),
  notify: (level, text) =>
    set((s) => ({ notices: [...s.notices, { id: nextNoticeId++, level, text }].slice(-MAX_NOTICES) })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
