import type { Diagnostic } from '../diagnostics';
import type { Device, VendorId } from '../device';

/** One input file: its name as the user gave it (used in every SourceRef) and its text. */
export interface InputFile {
  readonly name: string;
  readonly text: string;
}

export interface ImportResult {
  readonly vendor: VendorId | null;
  readonly devices: readonly Device[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface ImportOptions {
  /** Force a vendor instead of detecting it. */
  readonly vendor?: VendorId;
}
