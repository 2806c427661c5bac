// When has what the server wrote to the client left the process? Over Node
// IPC (VS Code's transport) vscode-jsonrpc answers a write at once, while a
// large message (a 50k-row report) is written on later turns of the event
// loop: synchronous work started meanwhile (the cross-file checks) holds it
// back. A tiny `$/` notification (clients ignore those) sent with its own
// callback tells, since the channel writes in order.
import type { Connection } from 'vscode-languageserver';

const FLUSH_METHOD = '$/dlm/flushed';

/** Resolves once everything written to the client before the call has been written out. */
export function flushed(connection: Connection): Promise<void> {
  if (process.argv.includes('--node-ipc') && typeof process.send === 'function') {
    return new Promise((resolve) => {
      try {
        process.send!({ jsonrpc: '2.0', method: FLUSH_METHOD }, undefined, undefined, () => resolve());
      } catch {
        resolve();
      }
    });
  }
  // streams and sockets: the writer answers once the data is written
  return connection.sendNotification(FLUSH_METHOD).catch(() => undefined);
}
