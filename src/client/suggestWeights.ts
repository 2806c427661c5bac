// `dlmWeights.suggestWeights` — "DLM: Suggest Weights for a Target Mix…":
// pick a tag key, state target shares for its values, rows or tokens; the
// server's solver proposes weights; the predicted mix is shown, and applying
// it is one workspace edit of the config that wins dlm's merge (left unsaved,
// like any edit). Run with arguments (tests, other extensions) it asks
// nothing and returns the proposal.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { DryRunRequest, SuggestWeightsRequest, type DryRunParams, type SuggestWeightsParams, type SuggestWeightsResult } from '../shared/protocol';
import { parseReportJson } from '../report/contractJson';
import { formatShare } from '../shared/view/format';
import type { CommandContext } from './commands';
import { paramsOf, tokenizerSetting } from './insights';

export interface SuggestWeightsArgs {
  key: string;
  /** value → target share (0..1). */
  targets: Record<string, number>;
  by?: 'rows' | 'tokens';
  /** Apply the edit (and save the file when `save`). */
  apply?: boolean;
  save?: boolean;
  folderUri?: string;
  documentUri?: string;
}

/** "python: 60%, markdown: 0.3" → pairs; shares as fractions. Throws a sentence on bad input. */
export function parseTargets(text: string): Array<{ value: string; share: number }> {
  const out: Array<{ value: string; share: number }> = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = part.lastIndexOf(':');
    if (at <= 0) throw new Error(`"${part}" is not VALUE: SHARE`);
    const value = part.slice(0, at).trim();
    const raw = part.slice(at + 1).trim();
    const pct = raw.endsWith('%');
    const n = Number(pct ? raw.slice(0, -1) : raw);
    if (!Number.isFinite(n) || raw === '' || raw === '%') throw new Error(`"${raw}" is not a share`);
    const share = pct ? n / 100 : n;
    if (share < 0 || share > 1) throw new Error(`${value}: a share is from 0 to 1 (or 0% to 100%)`);
    if (out.some((o) => o.value === value)) throw new Error(`${value} is given twice`);
    out.push({ value, share });
  }
  if (!out.length) throw new Error('give at least one VALUE: SHARE');
  return out;
}

/** The run to suggest for: the report on screen, else the active folder's live corpus. */
function runParams(ctx: CommandContext, args?: SuggestWeightsArgs): DryRunParams | undefined {
  if (args?.documentUri || args?.folderUri) return { folderUri: args.folderUri, documentUri: args.documentUri };
  const cur = ctx.panel.current;
  if (cur) return paramsOf(cur);
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  if (active?.scheme === 'file' && active.path.endsWith('.dlm')) return { documentUri: active.toString(), folderUri: folder?.uri.toString() };
  return folder ? { folderUri: folder.uri.toString() } : undefined;
}

async function askTargets(ctx: CommandContext, params: DryRunParams): Promise<{ key: string; targets: Array<{ value: string; share: number }>; by: 'rows' | 'tokens' } | undefined> {
  const dry = await ctx.client().sendRequest(DryRunRequest, params);
  const report = parseReportJson(dry.reportJson);
  const total = report.rows.reduce((n, r) => n + r.copies, 0);
  type KeyItem = vscode.QuickPickItem & { key: string };
  const keys: KeyItem[] = [...report.distribution].map(([key, values]) => ({
    key, label: key, description: [...values.keys()].slice(0, 6).join(', ') + (values.size > 6 ? ', …' : ''),
  }));
  if (!keys.length) {
    void vscode.window.showInformationMessage('dlm: no row carries a tag: there is no mix to aim for (tag files with metadata in .dlm/training.yaml).');
    return undefined;
  }
  const key = keys.length === 1 ? keys[0]! : await vscode.window.showQuickPick(keys, { placeHolder: 'Suggest weights for which tag key?', title: 'DLM: Suggest Weights for a Target Mix (1/3)' });
  if (!key) return undefined;
  // today's shares of the expanded rows, as a starting point to edit
  const now = [...(report.distribution.get(key.key) ?? new Map<string, number>()).keys()].map((v) => {
    const copies = report.rows.filter((r) => r.tags.get(key.key) === v).reduce((n, r) => n + r.copies, 0);
    return `${v}: ${total ? Math.round((1000 * copies) / total) / 10 : 0}%`;
  }).join(', ');
  const text = await vscode.window.showInputBox({
    title: 'DLM: Suggest Weights for a Target Mix (2/3)',
    prompt: `Target shares of ${key.key}'s values in the whole expanded corpus (rows without ${key.key} stay in the total). Leave out values to keep their weights.`,
    value: now,
    validateInput: (v) => {
      try { parseTargets(v); return undefined; } catch (e) { return (e as Error).message; }
    },
  });
  if (text === undefined) return undefined;
  const by = await vscode.window.showQuickPick([
    { label: 'Rows', description: 'shares of the expanded rows (what dlm counts)', by: 'rows' as const },
    { label: 'Tokens', description: 'shares of the expanded tokens (what the model sees)', by: 'tokens' as const },
  ], { title: 'DLM: Suggest Weights for a Target Mix (3/3)', placeHolder: 'Shares of what?' });
  if (!by) return undefined;
  return { key: key.key, targets: parseTargets(text), by: by.by };
}

/** The predicted mix as quick pick items (value: share now → proposed, target). */
function mixItems(r: SuggestWeightsResult): vscode.QuickPickItem[] {
  return r.mix.map((l) => ({
    label: l.value === null ? `(no ${r.key})` : `${r.key}=${l.value}`,
    description: `${formatShare(l.shareBefore)} → ${formatShare(l.share)}${l.target !== null ? `  (target ${formatShare(l.target)})` : ''}`,
    detail: r.weights.find((w) => w.value === l.value) ? `weight ${r.weights.find((w) => w.value === l.value)!.weight}` : undefined,
  }));
}

async function applyEdit(r: SuggestWeightsResult, save: boolean): Promise<boolean> {
  if (!r.edit) return false;
  const uri = vscode.Uri.parse(r.edit.uri);
  const we = new vscode.WorkspaceEdit();
  for (const e of r.edit.edits) {
    we.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  }
  if (!(await vscode.workspace.applyEdit(we))) return false;
  if (save) await (await vscode.workspace.openTextDocument(uri)).save();
  return true;
}

export async function suggestWeightsCommand(ctx: CommandContext, args?: SuggestWeightsArgs): Promise<SuggestWeightsResult | undefined> {
  const params = runParams(ctx, args);
  if (!params) {
    void vscode.window.showWarningMessage('dlm: open a folder with a dlm corpus first.');
    return undefined;
  }
  const interactive = !args;
  const asked = args
    ? { key: args.key, targets: Object.entries(args.targets).map(([value, share]) => ({ value, share })), by: args.by ?? 'rows' as const }
    : await askTargets(ctx, params);
  if (!asked) return undefined;
  const folderUri = params.folderUri ?? ctx.panel.current?.folderUri;
  const request: SuggestWeightsParams = { ...params, ...asked, workDoneToken: randomUUID() };
  const tokenizer = asked.by === 'tokens' && folderUri ? tokenizerSetting(folderUri) : undefined;
  if (tokenizer) request.tokenizer = tokenizer;
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'dlm: solving for the target mix', cancellable: true },
    (_p, token) => ctx.client().sendRequest(SuggestWeightsRequest, request, token));
  if (!interactive) {
    if (args?.apply && result.reachable && result.edit) await applyEdit(result, args.save === true);
    return result;
  }
  if (result.trainFails.length) {
    void vscode.window.showErrorMessage(`dlm: dlm train fails before any weight applies: ${result.trainFails[0]}`);
    return result;
  }
  if (!result.reachable) {
    const why = result.unreachable.map((u) => u.message).join(' ');
    void vscode.window.showWarningMessage(`dlm: these targets cannot be reached. ${why}`, { modal: false });
    return result;
  }
  if (!result.edit || result.edit.edits.length === 0) {
    const msg = result.editError ? `dlm: no edit could be made: ${result.editError}` : 'dlm: the weights already give this mix: nothing to change.';
    void vscode.window.showInformationMessage(msg);
    return result;
  }
  type Action = vscode.QuickPickItem & { apply?: boolean };
  const file = vscode.workspace.asRelativePath(vscode.Uri.parse(result.edit.uri));
  const changes = result.changes.map((c) => `${c.value}: ${c.weight}`).join(', ');
  const unit = result.by === 'tokens' ? (result.estimated ? 'tokens (ESTIMATED)' : 'tokens') : 'expanded rows';
  const items: Action[] = [
    { label: `$(check) Apply to ${file}`, description: `${result.key}: ${changes}`, detail: 'One edit of the config whose weights win dlm\'s merge (not saved).', apply: true },
    { label: `Predicted share of ${unit} at seed ${result.seed}`, kind: vscode.QuickPickItemKind.Separator },
    ...mixItems(result),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'DLM: Suggested weights', placeHolder: `Apply weights ${changes} to ${file}?` });
  if (pick?.apply) {
    if (await applyEdit(result, false)) await vscode.window.showTextDocument(vscode.Uri.parse(result.edit.uri), { preview: false });
    else void vscode.window.showErrorMessage(`dlm: the edit of ${file} could not be applied.`);
  }
  return result;
}
