// `dlm-weights suggest [PATH] --target KEY=VALUE:SHARE,… [--by rows|tokens]
// [--seed N] [--json] [--write]`: weights for one tag key that reach the
// target mix at the seed, and the training.yaml edit that applies them.
// `--write` applies the edit: the one time the CLI writes into the workspace.
import { existsSync, writeFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { TRAINING_YAML_READ } from '../engine/config/index.js';
import { loaded, trainingYamlPath } from '../engine/corpus/anchors.js';
import { CorpusError } from '../engine/corpus/directives.js';
import { dryRun } from '../engine/dryRun.js';
import { HashMemo } from '../engine/expand.js';
import { nodeFs } from '../engine/fs/index.js';
import { collectMixRows, newMeasureCaches } from '../engine/mix/index.js';
import { diskTextReader, documentFacts } from '../engine/store/index.js';
import { describeCounter, resolveTokenCounter, TokenCountCache } from '../engine/tokens/index.js';
import { parseTargetSpec, solveMix, TargetSpecError, weightsEdit, type MixLine, type Proposal, type WeightsEditResult } from '../engine/solver/index.js';
import { formatCount, formatShare } from '../shared/view/format.js';
import { parseSeed, UsageError, type ParsedArgs } from './args.js';
import { resolveCliTarget, targetNote } from './target.js';

/** What a share is a share of: expanded rows, or tokens (and where their counts come from). */
type Measure = { by: 'rows' } | { by: 'tokens'; exact: boolean; source: string };

function rel(p: string): string {
  return relative(process.cwd(), p).split(sep).join('/') || '.';
}

/**
 * Token counts per row for `--by tokens`: the document's base-model
 * tokenizer from the local Hugging Face cache (or --tokenizer FILE), else the
 * bytes / 4 estimate, the same counts `dry-run --mix` shows.
 */
function rowTokens(run: Awaited<ReturnType<typeof dryRun>>, tokenizerPath: string | null): { sizes: number[]; source: string; exact: boolean } {
  const facts = documentFacts(run.index.plan.document?.frontmatter ?? null);
  const resolved = resolveTokenCounter(facts.baseModel, diskTextReader, { explicitPath: tokenizerPath });
  if (tokenizerPath !== null && !resolved.counter.exact) {
    throw new UsageError(resolved.loadError !== null ? `--tokenizer ${tokenizerPath}: ${resolved.loadError}` : `--tokenizer: cannot read ${tokenizerPath}`);
  }
  const rows = collectMixRows(run.index, run.report, run.details, diskTextReader, newMeasureCaches(new TokenCountCache(resolved.counter)));
  return { sizes: rows.map((r) => r.tokens), source: describeCounter(resolved), exact: resolved.counter.exact };
}

export async function runSuggest(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 1) throw new UsageError('suggest takes one PATH');
  const specs = args.lists.get('--target') ?? [];
  if (!specs.length) throw new UsageError('suggest needs --target KEY=VALUE:SHARE[,VALUE:SHARE…]');
  let target;
  try {
    target = parseTargetSpec(specs);
  } catch (e) {
    if (e instanceof TargetSpecError) throw new UsageError(e.message);
    throw e;
  }
  const tokenizerFlag = args.flags.get('--tokenizer');
  const tokenizerPath = typeof tokenizerFlag === 'string' ? tokenizerFlag : null;
  // --tokenizer implies --by tokens, as it implies --mix for dry-run
  const by = args.flags.get('--by') ?? (tokenizerPath !== null ? 'tokens' : 'rows');
  if (by !== 'rows' && by !== 'tokens') throw new UsageError(`--by must be rows or tokens, got ${JSON.stringify(by)}`);
  if (by === 'rows' && tokenizerPath !== null) throw new UsageError('--tokenizer counts tokens: it goes with --by tokens');
  const path = args.positionals[0] ?? '.';
  if (!existsSync(path)) throw new UsageError(`no such file or directory: ${path}`);
  const seedFlag = args.flags.get('--seed');
  const seed = typeof seedFlag === 'string' ? parseSeed(seedFlag) : undefined;

  const corpus = resolveCliTarget('suggest', path, args.flags.has('--directory'));
  const json = args.flags.has('--json');
  let result;
  try {
    result = await dryRun(corpus.path, { seed, documentLabel: corpus.documentLabel, directory: corpus.directory });
  } catch (e) {
    if (e instanceof CorpusError) throw new UsageError(e.message);
    throw e;
  }
  const { report, details, index } = result;
  // dlm train stops before it weights anything (a broken document, a missing source): no proposal holds
  if (report.documentError || report.seed === null) {
    const fatal = details.problems.map((p) => p.message);
    if (args.flags.has('--json')) process.stdout.write(JSON.stringify({ reachable: false, trainFails: [] }, null, 2) + '\n');
    else for (const f of fatal) process.stdout.write(`✖ dlm train fails before training, whatever the weights: ${f}\n`);
    process.stderr.write(targetNote(corpus, json));
    return 1;
  }
  const seedInUse = report.seed;
  const tokens = by === 'tokens' ? rowTokens(result, tokenizerPath) : null;
  const configs = index.allAnchors().map((a) => ({ id: trainingYamlPath(a.abs), loaded: loaded(a), weights: a.yaml?.config?.weights ?? new Map() }));
  const proposal = solveMix({
    rows: report.rows, merged: report.mergedWeights, memo: new HashMemo(seedInUse), target, configs,
    sizes: tokens?.sizes,
  });

  let edit: WeightsEditResult | null = null;
  if (proposal.reachable && proposal.writeTo) edit = weightsEdit(readText(proposal.writeTo), target.key, proposal.changes);
  const write = args.flags.has('--write') && edit?.ok === true && edit.edits.length > 0;
  if (write && edit?.ok) {
    try {
      writeFileSync(proposal.writeTo!, edit.text);
    } catch (e) {
      throw new UsageError(`cannot write ${rel(proposal.writeTo!)}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
  }

  const measure: Measure = tokens ? { by: 'tokens', exact: tokens.exact, source: tokens.source } : { by: 'rows' };
  if (args.flags.has('--json')) process.stdout.write(JSON.stringify({ ...proposalJson(proposal, measure, seedInUse, edit, write), trainFails: [] }, null, 2) + '\n');
  else {
    process.stdout.write(formatProposal(proposal, measure, seedInUse, edit, write, args.flags.has('--write')));
  }
  process.stderr.write(targetNote(corpus, json));
  return proposal.reachable && edit?.ok ? 0 : 1;
}

function readText(path: string): string {
  // the engine's safe read: a regular file only, its size checked before reading
  const r = nodeFs.read(path, TRAINING_YAML_READ);
  if (r.kind === 'ok') return new TextDecoder('utf-8', { ignoreBOM: true }).decode(r.bytes);
  throw new UsageError(`cannot read ${rel(path)}: ${r.kind === 'error' ? r.code : r.kind}`);
}

function proposalJson(p: Proposal, by: Measure, seed: bigint, edit: WeightsEditResult | null, written: boolean): object {
  return {
    key: p.key,
    by: by.by,
    estimated: by.by === 'tokens' && !by.exact,
    tokenSource: by.by === 'tokens' ? by.source : null,
    seed: String(seed),
    reachable: p.reachable,
    weights: Object.fromEntries(p.weights),
    writeTo: p.writeTo && rel(p.writeTo),
    changes: Object.fromEntries(p.changes),
    winners: Object.fromEntries([...p.winners].map(([v, w]) => [v, { setBy: w.setBy && rel(w.setBy), today: w.today }])),
    mix: p.mix,
    total: p.total,
    unreachable: p.unreachable,
    edit: edit?.ok ? { file: rel(p.writeTo!), edits: edit.edits.map((e) => ({ range: e.range, newText: e.newText })) } : null,
    editError: edit && !edit.ok ? edit.reason : null,
    written,
  };
}

/** Columns padded to one width; the first and `left` ones aligned left, the rest right. */
function table(rows: string[][], left = new Set<number>()): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 || left.has(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd());
}

function signedPoints(d: number | null): string {
  if (d === null) return '';
  const pts = (100 * d).toFixed(1);
  return d > 0 ? `+${pts}` : d < 0 ? pts.replace('-', '−') : '0.0';
}

function formatProposal(p: Proposal, by: Measure, seed: bigint, edit: WeightsEditResult | null, written: boolean, askedToWrite: boolean): string {
  const out: string[] = [];
  const unit = by.by === 'rows' ? 'expanded rows' : `expanded tokens (${by.source})`;
  out.push(`dlm-weights suggest: ${p.key} as a share of all ${unit}, seed ${seed}`);
  out.push('');
  if (p.reachable) {
    out.push(`Proposed weights${p.writeTo ? ` for ${rel(p.writeTo)} (the last config in dlm's merge order, so its values win):` : ':'}`);
    const rows = [...p.weights].map(([v, x]) => {
      const w = p.winners.get(v);
      const today = w?.setBy ? `today ${w.today} from ${rel(w.setBy)}` : 'not set today';
      return [`  ${p.key}=${v}`, String(x), p.changes.has(v) ? `(${today})` : `(unchanged: ${today})`];
    });
    out.push(...table(rows, new Set([2])));
  } else {
    out.push('✖ These targets cannot be reached:');
    for (const u of p.unreachable) out.push(`  - ${u.message}`);
    if (p.weights.size) out.push('', `Closest found: ${[...p.weights].map(([v, x]) => `${p.key}=${v}: ${x}`).join(', ')}`);
  }
  out.push('', `Predicted mix (rows without \`${p.key}\` stay in the total):`);
  const head = ['  value', 'rows', 'now', 'after', 'share now', 'share', 'target', 'delta'];
  const line = (l: MixLine) => [
    `  ${l.value === null ? `(no ${p.key})` : l.value}`, formatCount(l.rows), formatCount(l.before), formatCount(l.after),
    formatShare(l.shareBefore), formatShare(l.share), l.target === null ? '' : formatShare(l.target), signedPoints(l.delta),
  ];
  out.push(...table([head, ...p.mix.map(line), ['  total', formatCount(p.total.rows), formatCount(p.total.before), formatCount(p.total.after), '', '', '', '']]));
  if (edit) {
    out.push('');
    if (!edit.ok) out.push(`✖ No edit for ${rel(p.writeTo!)}: ${edit.reason}`);
    else if (!edit.edits.length) out.push('Nothing to change.');
    else if (written) out.push(`Wrote ${rel(p.writeTo!)}.`);
    else {
      out.push(`Edit for ${rel(p.writeTo!)}:`);
      for (const e of edit.edits) {
        const where = e.start === e.end ? `insert at line ${e.range.start.line + 1}` : `line ${e.range.start.line + 1}: replace`;
        out.push(`  ${where}: ${JSON.stringify(e.newText.replace(/\r/g, ''))}`);
      }
      out.push(askedToWrite ? '' : 'Run again with --write to apply it.');
    }
  }
  return out.join('\n').trimEnd() + '\n';
}
