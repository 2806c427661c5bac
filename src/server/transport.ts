// The server's end of the connection, chosen from the command line as
// vscode-languageserver does (`--stdio`, `--node-ipc`, `--socket=N`,
// `--pipe=NAME`), but made here so its reader's failures are ours to handle:
// a message whose framing cannot be read (no Content-Length, a length that is
// not a number, a header line without `:`) leaves the stream out of step for
// good, so the process ends with the reason on stderr and the client starts a
// new one, instead of living on, deaf. A body that is not JSON leaves the
// stream in step: it is logged and the next message is read.
import { format } from 'node:util';
import {
  createServerPipeTransport, createServerSocketTransport, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter,
  type MessageReader, type MessageWriter,
} from 'vscode-languageserver/node';

export interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
  /** Over stdio, stdout carries the protocol: nothing else may write there. */
  stdio: boolean;
}

/** The transport the command line names, or null (then the library explains what is missing). */
export function transportFromArgs(argv: readonly string[]): Transport | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--stdio') return { reader: new StreamMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout), stdio: true };
    if (arg === '--node-ipc') return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
    const [name, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, argv[i + 1]];
    if (name === '--socket' && value) {
      const port = Number.parseInt(value, 10);
      if (port) {
        const [reader, writer] = createServerSocketTransport(port);
        return { reader, writer, stdio: false };
      }
    }
    if (name === '--pipe' && value) {
      const [reader, writer] = createServerPipeTransport(value);
      return { reader, writer, stdio: false };
    }
  }
  return null;
}

/** Ends the process: `reason` goes to stderr (the client shows it and restarts the server). */
export function endProcess(reason: string, code = 1): never {
  try { process.stderr.write(`dlm-weights language server: ${reason}; exiting\n`); } catch { /* stderr gone too */ }
  process.exit(code);
}

/** A read error that leaves the stream in step: a well-framed body that is not JSON. */
function isBodyError(e: unknown): boolean {
  return e instanceof SyntaxError;
}

/**
 * Watches the transport's reader: unreadable framing and a closed input end
 * the process (exit 0 after `shutdown`, else 1 with the reason on stderr).
 */
export function guardTransport(t: Transport, opts: { shutdownReceived(): boolean; log(message: string): void }): void {
  t.reader.onError((e) => {
    const message = (e as Error)?.message ?? String(e);
    if (isBodyError(e)) {
      opts.log(`dlm: ignored a message whose body is not JSON: ${message}`);
      return;
    }
    endProcess(`cannot read the client's messages (${message.split('\n')[0]}): the stream is out of step`);
  });
  t.reader.onClose(() => {
    if (opts.shutdownReceived()) process.exit(0);
    endProcess('the client closed the connection without a shutdown request');
  });
  if (t.stdio) {
    // stdout is the protocol: anything logged with console goes to stderr instead
    const toStderr = (...args: unknown[]) => { try { process.stderr.write(`${format(...args)}\n`); } catch { /* gone */ } };
    console.log = console.info = console.warn = console.error = console.debug = console.trace = toStderr;
  }
}
