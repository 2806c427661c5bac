// The e2e runs. Each run gets a fresh VS Code server, a fresh copy of its
// fixture and a fresh browser; `suite` names the module the extension-host
// suite loads (SCENARIOS in test/e2e/suite/index.ts).
//   install: 'vsix' — the packaged .vsix is installed into the run's
//            extensions folder (the development path is an empty stub);
//            'dev'  — the repo itself is the extensionDevelopmentPath.
//   workspace: a .code-workspace file inside the fixture to open instead of
//            the fixture folder.
export const SCENARIOS = [
  { id: 'activation-vsix', title: 'extension activates (installed from the .vsix)', suite: 'activation', fixture: 'basic', install: 'vsix' },
  { id: 'activation-dev', title: 'extension activates (extensionDevelopmentPath)', suite: 'activation', fixture: 'basic', install: 'dev' },
];
