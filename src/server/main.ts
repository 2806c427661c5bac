// Entry point of dist/server.js. The transport comes from the command line
// (`--stdio`, `--node-ipc` or `--socket=N`), as vscode-languageserver reads it.
import { traceHop } from './hopTrace';
import { startServer } from './server';

traceHop('process started');

startServer();
