// Where the webview's outgoing messages go: the VS Code host, or nowhere in
// the standalone HTML page (no host: file links and exports are inert).
import type { WebviewToHostMessage } from '../shared/view/messages';
import { isWebviewToHostMessage } from '../shared/view/messages';

export interface UiState {
  filter: string;
  sortKey: string | null;
  sortDir: 'ascending' | 'descending';
}

export interface Host {
  readonly standalone: boolean;
  post(msg: WebviewToHostMessage): void;
  loadState(): Partial<UiState> | undefined;
  saveState(state: UiState): void;
}

let current: Host = {
  standalone: true,
  post: () => undefined,
  loadState: () => undefined,
  saveState: () => undefined,
};

export function setHost(h: Host): void {
  current = h;
}

export function host(): Host {
  return current;
}

/** Sends a message after checking it with the same validator the host uses. */
export function post(msg: WebviewToHostMessage): void {
  if (!isWebviewToHostMessage(msg)) throw new Error(`invalid outgoing message ${JSON.stringify(msg)}`);
  current.post(msg);
}

export function openFile(path: string, line?: number): void {
  if (current.standalone) return;
  post(line === undefined ? { type: 'openFile', path } : { type: 'openFile', path, line });
}

/**
 * A file name that opens the file when clicked: a link-styled button in VS
 * Code (`title` on hover), plain text in the standalone page (where there is
 * nothing to open; the path on hover).
 */
export function fileLink(content: Node | string, path: string, title: string): HTMLElement {
  if (current.standalone) {
    const span = document.createElement('span');
    span.className = 'file-name';
    span.title = path;
    span.append(content);
    return span;
  }
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'link';
  b.title = title;
  b.append(content);
  b.addEventListener('click', () => openFile(path));
  return b;
}
