declare const __CONDUIT_VERSION__: string | undefined;

/** The app's version (package.json), set at build time; `dev` when run without the build (tests). */
export const TOOL_VERSION: string = typeof __CONDUIT_VERSION__ === 'string' ? __CONDUIT_VERSION__ : 'dev';
