/**
 * The project file (`.conduit`): a JSON document holding the imported files with their SHA-256,
 * the analysis settings, the what-if edits and the view state. See docs/project-file.md and
 * docs/project-schema.json.
 */

/** The `format` field every project file carries. */
export const PROJECT_FORMAT = 'conduit-project';
/** The schema version this Conduit writes, and the newest it reads. */
export const CURRENT_VERSION = 1;
/** The extension of project files. */
export const PROJECT_EXTENSION = '.conduit';

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** One imported file, kept whole so the project opens without the original files. */
export interface ProjectFile {
  /** Relative name (`/` separated for files from a dropped folder); what SourceRefs cite. */
  readonly name: string;
  /** SHA-256 of the UTF-8 bytes of `text`, 64 lower-case hex digits. */
  readonly sha256: string;
  /** The number of UTF-8 bytes of `text`. */
  readonly size: number;
  /** The file's text as imported (decoded to Unicode, byte-order mark removed). */
  readonly text: string;
}

/** The analysis settings: the selection of `conduit analyze` (AnalysisOptions). */
export interface ProjectSettings {
  /** Foothold selectors (zones, asset names, IPs, CIDRs); empty: the site's default. */
  readonly from: readonly string[];
  /** Target selectors; empty: the site's default. */
  readonly to: readonly string[];
  /** Paths kept per target (1-100); absent: the default (3). */
  readonly k?: number;
  /** The name of one of the project's files holding a public-resolver list to use instead of the bundled one. */
  readonly resolvers?: string;
}

/**
 * A what-if edit in its saved form (models/paths RuleEdit with text instead of sets). Addresses
 * are `any`, `any4`, `any6`, an address, a CIDR (`10.0.0.0/8`) or a range (`10.0.0.1-10.0.0.9`);
 * services are `any`, a protocol (`icmp`, `gre`, `47`), or a protocol with destination ports or
 * ICMP types (`tcp/22`, `udp/53`, `tcp/5900-5903`, `tcp/80,443`, `icmp/8`), optionally followed
 * by ` from PORTS` (source ports) or, for ICMP, ` code CODES`.
 */
export type ProjectEdit =
  | {
      readonly kind: 'disable';
      readonly device: string;
      readonly rule: string;
      readonly note?: string;
    }
  | {
      readonly kind: 'narrow';
      readonly device: string;
      readonly rule: string;
      readonly src?: readonly string[];
      readonly dst?: readonly string[];
      readonly service?: readonly string[];
      readonly note?: string;
    }
  | {
      readonly kind: 'deny-above';
      readonly device: string;
      readonly rule: string;
      readonly src: readonly string[];
      readonly dst: readonly string[];
      readonly service: readonly string[];
      readonly note?: string;
    };

export type EditKind = ProjectEdit['kind'];
export const EDIT_KINDS: readonly EditKind[] = ['disable', 'narrow', 'deny-above'];

/** The map's viewport. */
export type MapViewport = {
  readonly zoom: number;
  readonly pan: { readonly x: number; readonly y: number };
};

/**
 * The view state: an open record (the app adds keys as it grows), with the keys below typed.
 * A known key with the wrong type is dropped with a warning when the project is read.
 */
export interface ProjectView {
  readonly tab?: string;
  /** The selected path's key (app-defined), or null. */
  readonly selectedPath?: string | null;
  readonly map?: MapViewport;
  readonly expandedZones?: readonly string[];
  readonly [key: string]: JsonValue | undefined;
}

export interface ProjectTool {
  readonly name: string;
  readonly version: string;
}

export interface Project {
  readonly format: typeof PROJECT_FORMAT;
  readonly version: typeof CURRENT_VERSION;
  readonly name: string;
  /** ISO 8601 date-time (UTC, `2026-12-04T21:30:00.000Z`). */
  readonly createdAt: string;
  readonly savedAt: string;
  /** What wrote the file last. */
  readonly tool: ProjectTool;
  readonly files: readonly ProjectFile[];
  readonly settings: ProjectSettings;
  readonly edits: readonly ProjectEdit[];
  readonly view: ProjectView;
}
