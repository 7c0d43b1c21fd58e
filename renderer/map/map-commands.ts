/**
 * View > Zoom In / Zoom Out / Fit reach the zone map on screen through this small bus: the menu
 * (or its shortcut) emits, every mounted map listens. The cytoscape Core stays inside the map
 * component.
 */
export type MapCommand = 'zoom-in' | 'zoom-out' | 'fit';

type Listener = (command: MapCommand) => void;
const listeners = new Set<Listener>();

export function onMapCommand(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Returns whether a map heard it (none is on screen on the Rules tab, for instance). */
export function emitMapCommand(command: MapCommand): boolean {
  for (const listener of listeners) listener(command);
  return listeners.size > 0;
}
