// Entry point of dist/server.js. The transport comes from the command line
// (`--stdio`, `--node-ipc` or `--socket=N`), as vscode-languageserver reads it.
import { startServer } from './server';

startServer();
