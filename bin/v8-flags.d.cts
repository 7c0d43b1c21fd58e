/** Types of v8-flags.cjs (plain CommonJS, so the launcher runs before anything is built). */
export declare const ANALYSIS_V8_FLAGS: readonly string[];
export declare const SITE_COMMANDS: ReadonlySet<string>;
export declare const RELAUNCHED: string;
export declare function relaunchArgs(
  script: string,
  argv: readonly string[],
  execArgv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string[] | null;
