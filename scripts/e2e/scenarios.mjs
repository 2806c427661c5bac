// The e2e runs. Each run gets a fresh VS Code server, a fresh copy of its
// fixture and a fresh browser; `suite` names the module the extension-host
// suite loads (SCENARIOS in test/e2e/suite/index.ts).
//   install: 'vsix' — the packaged .vsix is installed into the run's
//            extensions folder (the development path is an empty stub);
//            'dev'  — the built extension (a private copy of the work tree's
//            dist/, see snapshot.mjs) is the extensionDevelopmentPath.
//   workspace: a .code-workspace file inside the fixture to open instead of
//            the fixture folder.
export const SCENARIOS = [
  { id: 'activation-vsix', title: 'extension activates (installed from the .vsix)', suite: 'activation', fixture: 'basic', install: 'vsix' },
  { id: 'activation-dev', title: 'extension activates (extensionDevelopmentPath)', suite: 'activation', fixture: 'basic', install: 'dev' },
  { id: 'diagnostics', title: 'unquoted true: error at `true`, quick fix quotes it (from the .vsix)', suite: 'diagnostics', fixture: 'unquoted-true', install: 'vsix' },
  { id: 'hover', title: 'hover on a weight; weight-leaks follows a sibling config edited on disk', suite: 'hover', fixture: 'basic', install: 'dev' },
  { id: 'report', title: 'dry-run report equals the CLI, follows unsaved edits (from the .vsix)', suite: 'report', fixture: 'basic', install: 'vsix' },
  { id: 'cancel', title: 'cancelling a long dry run (30k files)', suite: 'cancel', fixture: 'big', install: 'dev' },
  { id: 'multi-root', title: 'two corpora: diagnostics in both, the dry run asks which folder', suite: 'multi-root', fixture: 'multi-root', workspace: 'multi-root.code-workspace', install: 'dev' },
  { id: 'quiet', title: 'no dlm files: the extension stays quiet', suite: 'quiet', fixture: 'empty', install: 'vsix' },
  { id: 'nasty', title: 'nasty corpus: the dry run completes and accounts for every file', suite: 'nasty', fixture: 'nasty', install: 'dev' },
  { id: 'demo', title: 'the README demo corpus: document mode, report = CLI, diagnostics = check (from the .vsix)', suite: 'demo', fixture: 'demo', install: 'vsix' },
  { id: 'layout', title: 'the report at 420 px beside an editor and alone at 1280 px, light / dark / high contrast: no overflow, nothing cut, contrast', suite: 'layout', fixture: 'demo', install: 'dev' },
  { id: 'fixes', title: 'merge fixes: scope a leaking weight, quote every unquoted value (source.fixAll); diagnostics and report = the CLI', suite: 'fixes', fixture: 'merge-fixes', install: 'dev' },
  { id: 'flow', title: "the user's path: status bar at start-up, progress until the report is drawn, panel kept when hidden, folder-menu dry run, decorations, exports outside the corpus", suite: 'flow', fixture: 'basic', install: 'dev' },
  // only when named (--only bench-vscode): `npm run bench` runs it on its 50k-file corpus (scripts/bench/vscode.mjs)
  { id: 'bench-vscode', title: 'bench: command → report and edit → report in VS Code', suite: 'bench-vscode', fixture: 'bench', install: 'dev', onlyWhenNamed: true },
  { id: 'suggest', title: 'Suggest Weights for a Target Mix with fixed targets: applied, the CLI dry run hits them', suite: 'suggest', fixture: 'basic', install: 'dev' },
  { id: 'fuzz', title: 'random bytes as training.yaml: the server survives', suite: 'fuzz', fixture: 'basic', install: 'dev' },
];
