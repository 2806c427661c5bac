// What the e2e harness (scripts/e2e/run.mjs) tells the suite through the
// environment of the VS Code server, which the extension host inherits.
export const e2eEnv = {
  /** Which scenario module index.ts loads (a key of SCENARIOS). */
  scenario: process.env.DLM_E2E_SCENARIO ?? '',
  /** Where the suite writes its results as JSON. */
  resultsFile: process.env.DLM_E2E_RESULTS ?? '',
  /** Folder of the DOM bridge; unset when no browser drives the workbench (Electron runs). */
  bridgeDir: process.env.DLM_E2E_BRIDGE ?? '',
  /** The opened workspace: a folder, or a .code-workspace file. */
  workspace: process.env.DLM_E2E_WORKSPACE ?? '',
  /** Folder the dlm-weights extension is expected to be loaded from. */
  extensionDir: process.env.DLM_E2E_EXTENSION_DIR ?? '',
  /** 'vsix' (installed from the package), 'dev' (extensionDevelopmentPath), or 'electron-…'. */
  mode: process.env.DLM_E2E_MODE ?? '',
};

export const EXTENSION_ID = 'dlm-weights.dlm-weights';
