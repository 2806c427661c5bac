// Webview entry. In VS Code: talks to the extension by postMessage and
// validates every message. In the standalone HTML export: reads the report
// from the embedded <script type="application/json" id="report-data">.
import { isHostToWebviewMessage, type WebviewToHostMessage } from '../shared/view/messages';
import { rowsFromColumns } from '../shared/view/rowColumns';
import { isReportViewModel } from '../shared/view/validateViewModel';
import { answered, forgetQuestions } from './explain';
import { setHost, type UiState } from './host';
import { liveStateAfterRender, setLiveState } from './sections/liveState';
import { appendRows, applyInsights, applyRows, buildBelowFold, render, showError, showProgress } from './render';

interface VsCodeApi {
  postMessage(msg: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare const acquireVsCodeApi: undefined | (() => VsCodeApi);

function isUiState(v: unknown): v is Partial<UiState> {
  return typeof v === 'object' && v !== null;
}

function startStandalone(dataEl: HTMLElement): void {
  const body = document.body;
  if (!/\bvscode-(light|dark|high-contrast)/.test(body.className)) {
    const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
    body.classList.add(dark ? 'vscode-dark' : 'vscode-light');
  }
  body.classList.add('standalone');
  let data: unknown;
  try {
    data = JSON.parse(dataEl.textContent ?? '');
  } catch {
    showError('the embedded report is not valid JSON');
    return;
  }
  if (!isReportViewModel(data)) {
    showError('the embedded report does not have the expected shape');
    return;
  }
  render(data);
}

function startInVsCode(api: VsCodeApi): void {
  setHost({
    standalone: false,
    post: (m) => api.postMessage(m),
    loadState: () => {
      const s = api.getState();
      return isUiState(s) ? s : undefined;
    },
    saveState: (s) => api.setState(s),
  });
  const now = () => performance.timeOrigin + performance.now();
  /** Tell the host report `id` is on screen, with when its message came and when it was drawn. */
  const shown = (id: number, received: number) => api.postMessage({ type: 'shown', id, timing: { received, drawn: now() } });
  /** A report drawn from its first rows whose `shown` waits for the others (a sorted or filtered table). */
  let awaitingRows: number | undefined;
  window.addEventListener('message', (ev: MessageEvent<unknown>) => {
    const received = now();
    const msg = ev.data;
    if (!isHostToWebviewMessage(msg)) {
      console.warn('dlm report: ignored a message of unexpected shape');
      return;
    }
    switch (msg.type) {
      case 'report': {
        forgetQuestions();
        const vm = msg.rowColumns ? { ...msg.vm, rows: rowsFromColumns(msg.rowColumns, msg.vm.trainError !== null) } : msg.vm;
        render(vm, undefined, msg.id, msg.id === undefined ? 'painted' : 'seen');
        liveStateAfterRender(vm);
        // the first rows only: on screen as it should be unless the table is sorted or filtered (then once all are in)
        const state = api.getState() as { filter?: unknown; sortKey?: unknown } | undefined;
        const partialShowsRight = !state?.filter && !state?.sortKey;
        awaitingRows = msg.rowsTotal !== undefined && !partialShowsRight ? msg.id : undefined;
        // the host sends the other rows once the first are drawn
        if (msg.id !== undefined && awaitingRows === undefined) shown(msg.id, received);
        else if (msg.id !== undefined) api.postMessage({ type: 'shown', id: msg.id, firstRows: true });
        break;
      }
      case 'moreRows':
        if (!appendRows(msg)) api.postMessage({ type: 'ready' });
        else if (awaitingRows === msg.base) {
          awaitingRows = undefined;
          shown(msg.base, received);
        }
        break;
      case 'seen':
        buildBelowFold(msg.id);
        break;
      case 'explanation':
        answered(msg);
        break;
      case 'rows':
        // not an update of the report on screen (e.g. a reloaded webview): ask for the whole report
        if (!applyRows(msg)) api.postMessage({ type: 'ready' });
        else {
          liveStateAfterRender(msg.vm);
          shown(msg.base, received);
        }
        break;
      case 'liveState':
        setLiveState(msg);
        break;
      case 'insights':
        // for a report no longer on screen: dropped (the host sends the next report's own)
        applyInsights(msg);
        break;
      case 'progress':
        showProgress(msg.message, msg.done, msg.total);
        break;
      case 'error':
        showError(msg.message);
        break;
    }
  });
  api.postMessage({ type: 'ready' });
}

const dataEl = document.getElementById('report-data');
if (dataEl) startStandalone(dataEl);
else if (typeof acquireVsCodeApi === 'function') startInVsCode(acquireVsCodeApi());
else showError('no report to show');
