/**
 * The main window's size, position and maximized state, kept across runs. Pure: the saved
 * state is checked against the displays present now, so a window saved on a monitor that is
 * gone (or a corrupt file) never opens off-screen. electron/main/index.ts reads and writes it.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  /** The normal (not maximized) bounds. */
  readonly bounds: Rect;
  readonly maximized: boolean;
}

export interface WindowSizeLimits {
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
}

export const WINDOW_STATE_FILE = 'window-state.json';

/** How much of the window's top strip (where the title bar is) must lie on a display. */
const MIN_VISIBLE_WIDTH = 120;
const TITLE_BAR_HEIGHT = 32;

const isCoordinate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return isCoordinate(r.x) && isCoordinate(r.y) && isCoordinate(r.width) && isCoordinate(r.height);
}

/** The state in a window-state file, or null when it is missing, corrupt or nonsensical. */
export function parseWindowState(text: string): WindowState | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const { bounds, maximized } = data as Record<string, unknown>;
  if (!isRect(bounds) || bounds.width <= 0 || bounds.height <= 0) return null;
  return { bounds, maximized: maximized === true };
}

export function serializeWindowState(state: WindowState): string {
  const { x, y, width, height } = state.bounds;
  return `${JSON.stringify({ bounds: { x, y, width, height }, maximized: state.maximized })}\n`;
}

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), max);

/** The bounds centred in `area`, no larger than it. */
function centred(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return {
    x: Math.round(area.x + (area.width - w) / 2),
    y: Math.round(area.y + (area.height - h) / 2),
    width: w,
    height: h,
  };
}

/**
 * The bounds to open the window with. `workAreas` are the displays' work areas, the primary
 * first. Saved bounds are kept when their title bar is reachable on some display (at least
 * MIN_VISIBLE_WIDTH pixels of the top strip lie on it); their size is then clamped to that
 * display. Otherwise the window opens centred on the primary display at the saved (or default)
 * size. Never smaller than the window's minimum size, unless the display itself is smaller.
 */
export function restoreWindowState(
  saved: WindowState | null,
  workAreas: readonly Rect[],
  limits: WindowSizeLimits,
): WindowState {
  const primary = workAreas[0];
  const width = Math.max(saved?.bounds.width ?? limits.width, limits.minWidth);
  const height = Math.max(saved?.bounds.height ?? limits.height, limits.minHeight);
  if (!primary) {
    return { bounds: { x: 0, y: 0, width, height }, maximized: saved?.maximized ?? false };
  }
  if (saved) {
    const titleBar: Rect = { ...saved.bounds, height: Math.min(TITLE_BAR_HEIGHT, saved.bounds.height) };
    const home = workAreas.find((area) => {
      const shared = overlap(titleBar, area);
      return shared !== null && shared.width >= Math.min(MIN_VISIBLE_WIDTH, saved.bounds.width);
    });
    if (home) {
      const w = Math.min(width, home.width);
      const h = Math.min(height, home.height);
      // Keep the position, but pull the window in so that it fits the display it is on.
      const x = clamp(saved.bounds.x, home.x, home.x + home.width - w);
      const y = clamp(saved.bounds.y, home.y, home.y + home.height - h);
      return { bounds: { x, y, width: w, height: h }, maximized: saved.maximized };
    }
  }
  return { bounds: centred(primary, width, height), maximized: saved?.maximized ?? false };
}
