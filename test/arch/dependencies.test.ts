// The import arrows between the layers (.dependency-cruiser.cjs; README,
// "Development") hold for src/, and each rule catches the import it forbids:
// a small tree that breaks every rule once gets exactly those violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ICruiseResult, IConfiguration } from 'dependency-cruiser';
import { REPO_ROOT } from '../helpers/shared';
import { makeTempDir, removeDir, writeTree } from '../helpers/tmp';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(join(REPO_ROOT, '.dependency-cruiser.cjs')) as IConfiguration;

/** `rule: from → to` for every violation found under baseDir/src. */
async function violations(baseDir: string): Promise<string[]> {
  const { cruise } = await import('dependency-cruiser');
  const { output } = await cruise(['src'], { ...config.options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden } });
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

test('src/ keeps the layer arrows', { timeout: 300_000 }, async () => {
  assert.deepEqual(await violations(REPO_ROOT), []);
});

test('each rule catches the import it forbids', { timeout: 300_000 }, async () => {
  const root = makeTempDir('dlmw-arch-');
  try {
    writeTree(root, {
      'package.json': JSON.stringify({ name: 'fixture', private: true, devDependencies: { 'vscode-fake': '1.0.0', 'vscode-languageserver': '1.0.0' } }),
      'node_modules/vscode-languageserver/package.json': JSON.stringify({ name: 'vscode-languageserver', version: '1.0.0', main: 'index.js' }),
      'node_modules/vscode-languageserver/index.js': 'exports.x = 1;\n',
      'node_modules/vscode-fake/package.json': JSON.stringify({ name: 'vscode-fake', version: '1.0.0', main: 'index.js' }),
      'node_modules/vscode-fake/index.js': 'exports.x = 1;\n',
      'node_modules/undeclared/package.json': JSON.stringify({ name: 'undeclared', version: '1.0.0', main: 'index.js' }),
      'node_modules/undeclared/index.js': 'exports.x = 1;\n',
      'src/engine/model.ts': 'export type M = number;\n',
      'src/engine/inner.ts': "import type { S } from '../server/plain';\nexport type E = S;\n",
      'src/shared/protocol.ts': "import { x } from 'vscode-fake';\nexport const P = x;\n",
      'src/shared/reachesProtocol.ts': "export { P } from './protocol';\n",
      'src/shared/reachesEngineInternals.ts': "export type { E } from '../engine/inner';\n",
      'src/shared/usesNode.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      'src/shared/usesLspLibrary.ts': "import { x } from 'vscode-fake';\nexport const y = x;\n",
      'src/report/usesClient.ts': "export { C } from '../client/plain';\n",
      'src/server/plain.ts': 'export type S = string;\n',
      'src/server/usesCli.ts': "export { X } from '../cli/plain';\n",
      'src/server/features/usesBinding.ts': "export type { S } from '../plain';\n",
      'src/server/features/usesConnection.ts': "import { x } from 'vscode-languageserver';\nexport const c = x;\n",
      'src/server/usesUndeclared.ts': "import { x } from 'undeclared';\nexport const u = x;\n",
      'src/server/usesMissing.ts': "export { m } from './missing';\n",
      'src/client/plain.ts': 'export const C = 1;\n',
      'src/client/usesServer.ts': "import type { S } from '../server/plain';\nexport const s: S = '';\n",
      'src/cli/plain.ts': 'export const X = 1;\n',
      'src/cli/lazyServer.ts': "export async function lsp(): Promise<unknown> { return import('../server/plain'); }\n",
      'src/webview/usesReport.ts': "export { C } from '../report/usesClient';\n",
      'src/webview/reachesProtocol.ts': "export { P } from '../shared/reachesProtocol';\n",
      'src/webview/reachesNode.ts': "export { r } from '../shared/usesNode';\n",
    });
    const found = await violations(root);
    const rules = (config.forbidden ?? []).map((r) => r.name).sort();
    assert.deepEqual([...new Set(found.map((v) => v.slice(0, v.indexOf(':'))))].sort(), rules, found.join('\n'));
    assert.deepEqual(found, [
      'cli-imports-no-other-program: src/cli/lazyServer.ts → src/server/plain.ts',
      'client-imports-no-server: src/client/usesServer.ts → src/server/plain.ts',
      'engine-imports-only-engine: src/engine/inner.ts → src/server/plain.ts',
      'features-import-no-server-binding: src/server/features/usesBinding.ts → src/server/plain.ts',
      'features-use-no-lsp-connection: src/server/features/usesConnection.ts → node_modules/vscode-languageserver/index.js',
      'no-undeclared-packages: src/server/usesUndeclared.ts → node_modules/undeclared/index.js',
      'no-unresolvable-imports: src/server/usesMissing.ts → ./missing',
      'only-the-protocol-imports-the-lsp-library: src/shared/usesLspLibrary.ts → node_modules/vscode-fake/index.js',
      'report-imports-no-program: src/report/usesClient.ts → src/client/plain.ts',
      'server-imports-no-other-program: src/server/usesCli.ts → src/cli/plain.ts',
      'shared-imports-only-engine-models: src/shared/reachesEngineInternals.ts → src/engine/inner.ts',
      'shared-no-node-builtins: src/shared/usesNode.ts → fs',
      'webview-imports-only-shared: src/webview/usesReport.ts → src/report/usesClient.ts',
      'webview-reaches-no-protocol-or-node: src/webview/reachesNode.ts → fs',
      'webview-reaches-no-protocol-or-node: src/webview/reachesProtocol.ts → node_modules/vscode-fake/index.js',
      'webview-reaches-no-protocol-or-node: src/webview/reachesProtocol.ts → src/shared/protocol.ts',
    ]);
  } finally {
    removeDir(root);
  }
});
