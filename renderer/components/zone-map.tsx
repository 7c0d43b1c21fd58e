import cytoscape, { type Core, type ElementDefinition, type StylesheetJson } from 'cytoscape';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { onMapCommand } from '../map/map-commands';
import type { AnalysisView } from '../analysis/types';
import { edgeId, toMapElements, zoneNodeId } from '../map/elements';
import { mapStylesheet, quietEdges } from '../map/style';
import type { MapFocus } from '../store';

export type MapPick =
  | { readonly kind: 'zone'; readonly zone: string }
  | { readonly kind: 'segment'; readonly zone: string; readonly segment: string }
  | { readonly kind: 'conduit'; readonly from: string; readonly to: string };

export interface ZoneMapProps {
  readonly view: Pick<AnalysisView, 'site' | 'zones' | 'conduits' | 'findings'>;
  readonly focus: MapFocus | null;
  readonly onPick?: (pick: MapPick | null) => void;
  readonly compact?: boolean;
}

/**
 * Cytoscape injects a one-rule <style> element unless an element with its id exists; the CSP
 * (style-src 'self') blocks inline styles, so a placeholder takes the id and the container's
 * positioning comes from analysis.css instead.
 */
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';
function claimCytoscapeStylesheet(document: Document): void {
  if (document.getElementById(CYTOSCAPE_STYLESHEET_ID)) return;
  const placeholder = document.createElement('template');
  placeholder.id = CYTOSCAPE_STYLESHEET_ID;
  document.head.append(placeholder);
}

/**
 * The zone map. The cytoscape Core lives in a ref, never in the store; elements and style are
 * pure functions (../map). Positions are preset, so a data change never reshuffles the map.
 */
export function ZoneMap({ view, focus, onPick, compact = false }: ZoneMapProps): ReactNode {
  const container = useRef<HTMLDivElement | null>(null);
  const cyRef = useRef<Core | null>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const elements = useMemo(() => toMapElements(view), [view]);

  useEffect(() => {
    if (!container.current) return undefined;
    claimCytoscapeStylesheet(container.current.ownerDocument);
    const cy = cytoscape({
      container: container.current,
      style: mapStylesheet() as unknown as StylesheetJson,
      layout: { name: 'preset' },
      minZoom: 0.05,
      maxZoom: 3,
      boxSelectionEnabled: false,
      autoungrabify: true,
    });
    cy.on('tap', (event) => {
      const target = event.target as cytoscape.SingularElementReturnValue | Core;
      if (target === cy) return pickRef.current?.(null);
      const el = target as cytoscape.SingularElementReturnValue;
      const data = el.data() as Record<string, string>;
      if (el.isEdge()) {
        const [from, to] = data.id!.slice('conduit:'.length).split('\u0000');
        pickRef.current?.({ kind: 'conduit', from: from!, to: to! });
      } else if (data.kind === 'segment') {
        pickRef.current?.({ kind: 'segment', zone: data.zone!, segment: data.id!.slice('segment:'.length) });
      } else {
        pickRef.current?.({ kind: 'zone', zone: data.zone! });
      }
    });
    // Double-click a zone to zoom into it (its segments and their asset classes).
    cy.on('dbltap', 'node', (event) => {
      const el = event.target as cytoscape.NodeSingular;
      const zone = el.isChild() ? el.parent() : el;
      cy.animate({ fit: { eles: zone, padding: 30 }, duration: 200 });
    });
    // Conduit labels only where they do not collide (see quietEdges).
    let quiet: boolean | null = null;
    const quieten = (): void => {
      const now = quietEdges(cy.zoom());
      if (now === quiet) return;
      quiet = now;
      cy.edges().toggleClass('quiet', now);
    };
    cy.on('zoom', quieten);
    cy.on('add', 'edge', (event) => {
      (event.target as cytoscape.EdgeSingular).toggleClass('quiet', quiet ?? quietEdges(cy.zoom()));
    });
    cyRef.current = cy;
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements().remove();
      cy.add([...elements.nodes, ...elements.edges] as ElementDefinition[]);
    });
    cy.fit(undefined, 24);
  }, [elements]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements().removeClass('focus faded');
      if (!focus) return;
      const zones = new Set(focus.zones.map(zoneNodeId));
      const edges = new Set(focus.edges.map(([a, b]) => edgeId(a, b)));
      cy.elements().forEach((el) => {
        const id = el.id();
        const parent = el.isNode() ? (el.data('parent') as string | undefined) : undefined;
        const on = zones.has(id) || edges.has(id) || (parent !== undefined && zones.has(parent));
        el.addClass(on ? 'focus' : 'faded');
      });
    });
    // The small map (paths view) follows the highlight; the full map keeps the user's viewport.
    if (compact) {
      const focused = cy.elements('.focus');
      cy.fit(focused.length ? focused : cy.elements(), 28);
    }
  }, [focus, elements, compact]);

  const zoom = (factor: number): void => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.zoom({
      level: Math.min(3, Math.max(0.05, cy.zoom() * factor)),
      renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 },
    });
  };
  const fit = (): void => {
    const cy = cyRef.current;
    if (!cy) return;
    const focused = cy.elements('.focus');
    cy.animate({ fit: { eles: focused.length ? focused : cy.elements(), padding: 24 }, duration: 200 });
  };

  const zoomRef = useRef({ zoom, fit });
  zoomRef.current = { zoom, fit };
  useEffect(
    () =>
      onMapCommand((command) => {
        if (command === 'fit') zoomRef.current.fit();
        else zoomRef.current.zoom(command === 'zoom-in' ? 1.25 : 0.8);
      }),
    [],
  );

  const edges = elements.edges.length;
  return (
    <div className={`zone-map${compact ? ' compact' : ''}`}>
      <div
        ref={container}
        tabIndex={0}
        onKeyDown={(event) => {
          if (event.key === '+' || event.key === '=') zoom(1.25);
          else if (event.key === '-') zoom(0.8);
          else if (event.key === '0') fit();
          else return;
          event.preventDefault();
        }}
        className="zone-map-canvas"
        role="img"
        aria-label={`Zone map of ${view.site}: ${view.zones.length} zones, ${edges} conduits between them (+ and − zoom, 0 fits; the lists beside it select)`}
        data-testid="zone-map"
      />
      <div className="map-controls" role="toolbar" aria-label="Map view">
        <button
          type="button"
          className="icon-button"
          onClick={() => zoom(1.25)}
          aria-label="Zoom in"
          title="Zoom in"
        >
          +
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => zoom(0.8)}
          aria-label="Zoom out"
          title="Zoom out"
        >
          −
        </button>
        <button
          type="button"
          className="button secondary small"
          onClick={fit}
          title="Fit the map (or the highlighted part)"
        >
          Fit
        </button>
      </div>
      {focus && <div className="map-focus-label">{focus.label}</div>}
    </div>
  );
}
