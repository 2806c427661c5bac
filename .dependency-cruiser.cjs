// The import arrows between the layers (README, "Development"), checked by
// test/arch/dependencies.test.ts (and `npx depcruise src`):
//
//   engine ← shared ← report ← server, client, cli      webview ← shared
//
// engine: dlm semantics; imports nothing outside itself.
// shared: the protocol, the report model, diagnostic codes, the report's
//   view-model and webview messages; runs everywhere (no Node, no DOM);
//   imports only the engine's pure model files.
// report: view-model building, contract JSON, CSV, HTML (Node side).
// server / client / cli: the three programs; none imports another. The CLI's
//   `lsp` command loads the server's own bundle at run time, not its source.
// server/features: the language features as plain functions over a document,
//   a position and a snapshot; LSP shapes only (vscode-languageserver-types),
//   no connection, nothing else of the server.
// webview: the report UI; imports only shared.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-imports-only-engine',
      comment: 'src/engine is the pure dlm semantics every program builds on: it never imports another layer.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/', pathNot: '^src/engine/' },
    },
    {
      name: 'shared-imports-only-engine-models',
      comment: 'src/shared runs in the server, the extension host and the webview: it imports itself and the engine\'s pure model and registry files only.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: {
        path: '^src/',
        pathNot: ['^src/shared/', '^src/engine/(types|reportDetails|problems)\\.ts$', '^src/engine/explain/types\\.ts$', '^src/engine/diagnostics/(codes|types)\\.ts$'],
      },
    },
    {
      name: 'shared-no-node-builtins',
      comment: 'src/shared is bundled into the webview: no Node built-in modules.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'only-the-protocol-imports-the-lsp-library',
      comment: 'Only src/shared/protocol.ts may import the LSP protocol library, so the rest of shared stays light enough for the webview.',
      severity: 'error',
      from: { path: '^src/shared/', pathNot: '^src/shared/protocol\\.ts$' },
      to: { path: 'node_modules/vscode-' },
    },
    {
      name: 'report-imports-no-program',
      comment: 'src/report serves the server, the client and the CLI: it imports engine and shared only.',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: '^src/(server|client|cli|webview)/' },
    },
    {
      name: 'server-imports-no-other-program',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(client|cli|webview)/' },
    },
    {
      name: 'features-import-no-server-binding',
      comment: 'src/server/features are LSP-free providers: they import engine, shared and each other, never the server binding around them.',
      severity: 'error',
      from: { path: '^src/server/features/' },
      to: { path: '^src/server/', pathNot: '^src/server/features/' },
    },
    {
      name: 'features-use-no-lsp-connection',
      comment: 'Providers return plain data in LSP shapes (vscode-languageserver-types); the connection, JSON-RPC and the protocol module belong to the binding.',
      severity: 'error',
      from: { path: '^src/server/features/' },
      to: { path: ['node_modules/vscode-languageserver/', 'node_modules/vscode-jsonrpc/', 'node_modules/vscode-languageserver-protocol/', 'node_modules/vscode-languageserver-textdocument/', '^src/shared/protocol\\.ts$'] },
    },
    {
      name: 'client-imports-no-server',
      comment: 'The extension talks to the server through src/shared/protocol.ts only, and reaches the engine through shared and report.',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^src/(server|cli|webview|engine)/' },
    },
    {
      name: 'cli-imports-no-other-program',
      comment: 'The CLI loads the language server\'s bundle at run time for `lsp`; it never imports server code.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/(server|client|webview)/' },
    },
    {
      name: 'webview-imports-only-shared',
      severity: 'error',
      from: { path: '^src/webview/' },
      to: { path: '^src/', pathNot: ['^src/webview/', '^src/shared/'] },
    },
    {
      name: 'webview-reaches-no-protocol-or-node',
      comment: 'Nothing the webview bundles may pull in the LSP libraries, the protocol module or a Node built-in.',
      severity: 'error',
      from: { path: '^src/webview/' },
      // (Node built-ins resolve to their bare names: `fs`, `fs/promises`)
      to: { path: ['^src/shared/protocol\\.ts$', 'node_modules/vscode-', '^(node:)?[a-z_/]+$'], reachable: true },
    },
    {
      name: 'no-undeclared-packages',
      comment: 'Import only packages package.json declares (not whatever another package happens to pull in).',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-unresolvable-imports',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // type-only imports count: a layer must not even name another's types
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    moduleSystems: ['es6', 'cjs'],
    // (NodeNext-style `./x.js` imports of `./x.ts` resolve by themselves)
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'] },
  },
};
