import { describe, expect, it } from 'vitest';
import {
  parseWindowState,
  restoreWindowState,
  serializeWindowState,
  type Rect,
} from '../../electron/main/window-state';

const LIMITS = { width: 1280, height: 820, minWidth: 880, minHeight: 560 };
const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
// A second monitor to the right of the primary one.
const right: Rect = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  it('reads back what it saves and rejects corrupt or nonsensical files', () => {
    const state = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true };
    expect(parseWindowState(serializeWindowState(state))).toEqual(state);
    for (const text of [
      '',
      'null',
      '{"bounds": {"x": 1, "y": 2, "width": "wide", "height": 3}}',
      '{"bounds": {"x": 1, "y": 2, "width": 0, "height": 3}}',
      '{"bounds": {"x": 1e999, "y": 2, "width": 100, "height": 100}}',
      '{"maximized": true}',
    ])
      expect(parseWindowState(text), text).toBeNull();
  });

  it('opens at the default size, centred on the primary display, the first time', () => {
    expect(restoreWindowState(null, [primary, right], LIMITS)).toEqual({
      bounds: { x: 320, y: 110, width: 1280, height: 820 },
      maximized: false,
    });
  });

  it('keeps saved bounds that are on a display, including a secondary one', () => {
    const onRight = { bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximized: false };
    expect(restoreWindowState(onRight, [primary, right], LIMITS)).toEqual(onRight);
  });

  it('moves a window whose monitor is gone back onto the primary display', () => {
    const onRight = { bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximized: true };
    expect(restoreWindowState(onRight, [primary], LIMITS)).toEqual({
      bounds: { x: 260, y: 70, width: 1400, height: 900 },
      maximized: true,
    });
  });

  it('does not keep a window whose title bar is off-screen, even if its body shows', () => {
    // Title bar above the top of the screen: unreachable with the mouse.
    const above = { bounds: { x: 100, y: -400, width: 1200, height: 900 }, maximized: false };
    expect(restoreWindowState(above, [primary], LIMITS).bounds).toEqual({
      x: 360,
      y: 70,
      width: 1200,
      height: 900,
    });
    // Only a 50-pixel sliver on the left edge.
    const sliver = { bounds: { x: -1150, y: 100, width: 1200, height: 800 }, maximized: false };
    expect(restoreWindowState(sliver, [primary], LIMITS).bounds.x).toBe(360);
  });

  it('keeps a window partly off the edge but pulls it in to fit its display', () => {
    const hanging = { bounds: { x: 1500, y: 600, width: 1000, height: 700 }, maximized: false };
    expect(restoreWindowState(hanging, [primary], LIMITS).bounds).toEqual({
      x: 920,
      y: 340,
      width: 1000,
      height: 700,
    });
  });

  it('shrinks a window larger than its display and enforces the minimum size', () => {
    const huge = { bounds: { x: 0, y: 0, width: 5000, height: 3000 }, maximized: false };
    expect(restoreWindowState(huge, [primary], LIMITS).bounds).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1040,
    });
    const tiny = { bounds: { x: 50, y: 50, width: 100, height: 80 }, maximized: false };
    expect(restoreWindowState(tiny, [primary], LIMITS).bounds).toEqual({
      x: 50,
      y: 50,
      width: 880,
      height: 560,
    });
  });

  it('handles displays at negative coordinates (a monitor left of the primary)', () => {
    const left: Rect = { x: -1600, y: 0, width: 1600, height: 900 };
    const onLeft = { bounds: { x: -1500, y: 50, width: 1000, height: 700 }, maximized: false };
    expect(restoreWindowState(onLeft, [primary, left], LIMITS)).toEqual(onLeft);
  });
});
