import type { RiskSeverity } from '../analysis/types';

/**
 * The zone map's cytoscape stylesheet, a pure value. Risk is told by colour AND width AND line
 * style (colour-blind safe; Okabe-Ito hues); labels are plain text (cytoscape draws them on a
 * canvas, nothing is parsed as markup).
 */

export const RISK_STYLE: Readonly<
  Record<RiskSeverity | 'none', { color: string; width: number; line: 'solid' | 'dashed' | 'dotted' }>
> = {
  critical: { color: '#b42318', width: 6, line: 'solid' },
  high: { color: '#d55e00', width: 4.5, line: 'solid' },
  medium: { color: '#b8860b', width: 3, line: 'dashed' },
  low: { color: '#0072b2', width: 2, line: 'dashed' },
  info: { color: '#0072b2', width: 2, line: 'dotted' },
  none: { color: '#7b8794', width: 1.5, line: 'dotted' },
};

export const ZONE_FILL: Readonly<Record<string, string>> = {
  internet: '#eef0f3',
  it: '#e8f1fb',
  dmz: '#fdf6e7',
  ot: '#ebf7f1',
  unknown: '#f8f9fb',
};

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif';

export interface StyleRule {
  readonly selector: string;
  readonly style: Readonly<Record<string, string | number>>;
}

/**
 * Below this zoom the service labels of neighbouring conduits collide, so conduits carry the
 * `quiet` class and their labels are not drawn (except focused or selected ones); the side
 * panel lists every conduit's services. (Cytoscape's own min-zoomed-font-size rounds the zoom
 * up to a power of two, which cannot draw the line here.)
 */
export const EDGE_LABEL_MIN_ZOOM = 0.8;

/** Whether conduit labels are hidden at this zoom. */
export const quietEdges = (zoom: number): boolean => zoom < EDGE_LABEL_MIN_ZOOM;

export function mapStylesheet(): StyleRule[] {
  const rules: StyleRule[] = [
    {
      selector: 'node',
      style: { 'font-family': FONT, color: '#18212f', 'text-wrap': 'wrap', 'min-zoomed-font-size': 5 },
    },
    {
      selector: 'node[kind = "zone"]',
      style: {
        shape: 'round-rectangle',
        label: 'data(label)',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': 26,
        'font-size': 17,
        'min-zoomed-font-size': 0,
        'font-weight': 600,
        'background-color': ZONE_FILL.unknown!,
        'border-width': 1.5,
        'border-color': '#8a94a3',
        padding: '16px',
      },
    },
    {
      selector: 'node[kind = "zone"][w]',
      style: { width: 'data(w)', height: 'data(h)', 'text-valign': 'center', 'text-margin-y': 0 },
    },
    {
      selector: 'node[kind = "title"]',
      style: { width: 1, height: 1, opacity: 0, events: 'no', label: '' },
    },
    ...Object.entries(ZONE_FILL).map(([kind, fill]) => ({
      selector: `node[kind = "zone"][zoneKind = "${kind}"]`,
      style: { 'background-color': fill },
    })),
    { selector: 'node[zoneKind = "ot"]', style: { 'border-color': '#18794e' } },
    { selector: 'node[zoneKind = "it"]', style: { 'border-color': '#1f66b3' } },
    { selector: 'node[zoneKind = "dmz"]', style: { 'border-color': '#9a5b06', 'border-style': 'dashed' } },
    {
      selector: 'node[kind = "segment"]',
      style: {
        shape: 'round-rectangle',
        width: 156,
        height: 44,
        label: 'data(label)',
        'text-valign': 'center',
        'text-halign': 'center',
        'font-size': 12,
        'text-max-width': '150px',
        'background-color': '#ffffff',
        'border-width': 1,
        'border-color': '#cdd3dc',
      },
    },
    {
      selector: 'edge',
      style: {
        'curve-style': 'unbundled-bezier',
        'control-point-distances': 'data(bow)',
        'control-point-weights': 0.5,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 1.1,
        label: 'data(label)',
        'font-family': FONT,
        'font-size': 13,
        color: '#18212f',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.88,
        'text-background-padding': '2px',
        'text-rotation': 'none',
        'text-wrap': 'wrap',
        'text-max-width': '120px',
        'min-zoomed-font-size': 5,
      },
    },
    { selector: 'edge.quiet', style: { 'text-opacity': 0, 'text-background-opacity': 0 } },
    ...Object.entries(RISK_STYLE).map(([risk, s]) => ({
      selector: `edge[risk = "${risk}"]`,
      style: {
        width: s.width,
        'line-color': s.color,
        'target-arrow-color': s.color,
        'line-style': s.line,
      },
    })),
    { selector: '.faded', style: { opacity: 0.18 } },
    {
      selector: 'edge.focus',
      style: {
        'z-index': 10,
        'underlay-color': '#3b8ae6',
        'underlay-opacity': 0.35,
        'underlay-padding': 5,
      },
    },
    {
      selector: 'edge.quiet.focus, edge.quiet:selected',
      style: { 'text-opacity': 1, 'text-background-opacity': 0.88 },
    },
    { selector: 'node.focus[kind = "zone"]', style: { 'border-width': 3, 'border-color': '#3b8ae6' } },
    {
      selector: ':selected',
      style: { 'overlay-color': '#3b8ae6', 'overlay-opacity': 0.15, 'overlay-padding': 4 },
    },
  ];
  return rules;
}
