// Cross-file checks: what dlm accepts but probably does not do what the user
// meant — mostly because dlm merges every config's weights into one global
// map (semantics.md §5) and its ignore rules are not gitignore.
import { join } from 'node:path';
import type { CorpusIndex, ReportDetails } from '../corpus/corpusIndex.js';
import { ignorePath, loaded, trainingYamlPath, type AnchorState } from '../corpus/anchors.js';
import { displayBase, posixRelative } from '../corpus/directives.js';
import { compileGlob } from '../glob.js';
import { ignoreMatcher } from '../ignoreMatcher.js';
import type { DryRunReport } from '../types.js';
import { ignoreLineRanges } from './ignoreFile.js';
import { knownTags } from './knownTags.js';
import { closest } from './similar.js';
import type { Diagnostic } from './types.js';
import { rowFacts } from './rowFacts.js';

const EXAMPLES = 3;

function examples(paths: string[]): string {
  const shown = paths.slice(0, EXAMPLES).map((p) => `\`${p}\``).join(', ');
  return paths.length > EXAMPLES ? `${shown} and ${paths.length - EXAMPLES} more` : shown;
}

function configLabel(base: string, a: AnchorState): string {
  return posixRelative(base, trainingYamlPath(a.abs));
}

/**
 * Diagnostics for every config and ignore file of the corpus, keyed by
 * absolute path. Per-file checks (diagnoseTrainingYamlText) come on top.
 */
export function diagnoseCorpus(index: CorpusIndex, report: DryRunReport, details: ReportDetails): Map<string, Diagnostic[]> {
  // a report with a documentError holds placeholders: judge configs on what dlm would do past it
  if (details.unblocked) ({ report, details } = details.unblocked);
  const out = new Map<string, Diagnostic[]>();
  const push = (path: string, d: Diagnostic) => {
    let list = out.get(path);
    if (!list) out.set(path, (list = []));
    list.push(d);
  };
  // files are named from the folder dlm trains (a document's own `.dlm/` is not that folder)
  const base = displayBase(index.plan);
  const origin = base === index.plan.base ? (o: string) => o : (o: string) => posixRelative(base, join(index.plan.base, o));
  const facts = rowFacts(index, report, details);
  const anchors = index.allAnchors();

  const known = knownTags(index);
  // the config whose value dlm applies for each (key, value): the last in merge order
  const winner = new Map<string, AnchorState>();
  for (const a of anchors) {
    if (!loaded(a)) continue;
    for (const [k, vals] of a.yaml!.config!.weights) for (const v of vals.keys()) winner.set(`${k}\u0000${v}`, a);
  }

  for (const a of anchors) {
    const file = trainingYamlPath(a.abs);
    for (const [p, d] of patternAndIgnoreDiagnostics(index, a, file)) push(p, d);
    if (!loaded(a) || !a.yaml!.locations) continue;
    const loc = a.yaml!.locations;
    for (const w of loc.weights) {
      const values = known.get(w.tagKey);
      if (!values) {
        const guess = closest(w.tagKey, known.keys());
        push(file, {
          severity: 'warning', code: 'weight-tag-key-unknown', range: w.keyRange,
          message: `No \`metadata\` in this corpus sets the tag key \`${w.tagKey}\`, so these weights change nothing.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
          fixes: guess ? [{ kind: 'did-you-mean', title: `Change to \`${guess}\``, edits: [{ range: w.keyRange, newText: yamlKey(guess) }] }] : undefined,
        });
        continue;
      }
      for (const v of w.values) {
        const tag = `${w.tagKey}=${v.tagValue}`;
        if (!values.has(v.tagValue)) {
          const guess = closest(v.tagValue, values);
          push(file, {
            severity: 'warning', code: 'weight-tag-value-unknown', range: v.keyRange,
            message: `No \`metadata\` in this corpus sets \`${tag}\`, so this weight changes nothing.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
            fixes: guess ? [{ kind: 'did-you-mean', title: `Change to \`${guess}\``, edits: [{ range: v.keyRange, newText: yamlKey(guess) }] }] : undefined,
          });
          continue;
        }
        const rows = facts.rowsByTag.get(`${w.tagKey}\u0000${v.tagValue}`) ?? [];
        const win = winner.get(`${w.tagKey}\u0000${v.tagValue}`)!;
        const applied = report.mergedWeights.get(w.tagKey)?.get(v.tagValue);
        if (win !== a && !Object.is(applied, v.weight)) {
          push(file, {
            severity: 'warning', code: 'weight-overridden', range: v.valueRange,
            message: `dlm train does not apply this weight: it merges every config's weights into one map, and \`${configLabel(base, win)}\` sets \`${tag}\` to ${applied} later in its merge order (shorter paths first, then Python path order). Every row tagged \`${tag}\` gets ${applied}.`,
            related: relatedWeight(win, w.tagKey, v.tagValue, `sets ${tag} to ${applied} (this value wins)`),
          });
        }
        if (rows.length === 0) {
          push(file, {
            severity: 'information', code: 'weight-no-rows', range: v.keyRange,
            message: `No row of the corpus carries \`${tag}\` (the files tagged with it are excluded, skipped or absent), so this weight changes nothing today.`,
          });
          continue;
        }
        // only the winning config's value reaches rows, so only it can leak (one pass per tag value)
        const outside = win === a ? facts.outside(a.abs, w.tagKey, v.tagValue) : [];
        if (outside.length > 0) {
          push(file, {
            severity: 'warning', code: 'weight-leaks', range: v.keyRange,
            message: `This weight also applies outside \`${posixRelative(base, a.abs)}/\`: dlm merges weights globally (not per subtree, whatever its cookbook says), so ${outside.length} ${outside.length === 1 ? 'row' : 'rows'} tagged \`${tag}\` outside this folder (of ${rows.length} in all) get ${v.weight} too, e.g. ${examples(outside.map((r) => origin(r.origin)))}.`,
          });
        }
        if (v.weight === 0 && win === a) {
          push(file, {
            severity: 'warning', code: 'weight-drops-rows', range: v.valueRange,
            message: `A weight of 0 drops every row tagged \`${tag}\` (${rows.length} rows) from training.`,
          });
        } else if (v.weight > 10 && Number.isFinite(v.weight)) {
          push(file, {
            severity: 'warning', code: 'weight-very-large', range: v.valueRange,
            message: `Every row tagged \`${tag}\` (${rows.length} rows) appears ${Math.trunc(v.weight)}+ times: a handful of files may dominate training and overfit.`,
          });
        }
      }
    }
    const firstMeta = loc.metadata[0];
    if (firstMeta && !facts.rowsUnder.get(a.abs)) {
      push(file, {
        severity: 'information', code: 'metadata-tags-no-rows', range: loc.topKeys.get('metadata') ?? firstMeta.keyRange,
        message: `No file under \`${posixRelative(base, a.abs)}/\` becomes a training row, so this metadata tags nothing. (dlm still merges this config's weights corpus-wide.)`,
      });
    }
  }
  return out;
}

function relatedWeight(a: AnchorState, key: string, value: string, message: string) {
  const w = a.yaml!.locations?.weights.find((x) => x.tagKey === key);
  const v = w?.values.find((x) => x.tagValue === value);
  return v ? [{ path: trainingYamlPath(a.abs), range: v.valueRange, message }] : undefined;
}

/** A tag name written as a YAML key that PyYAML reads back as the same string. */
export function yamlKey(s: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s) && !/^(y|n|yes|no|true|false|on|off|null)$/i.test(s) ? s : `'${s.replace(/'/g, "''")}'`;
}

function diagnosePatterns(files: AnchorFile[], a: AnchorState, file: string, push: (p: string, d: Diagnostic) => void): void {
  const loc = a.yaml!.locations!;
  for (const inc of loc.include) {
    // include patterns are matched against the path relative to the source root
    const re = compileGlob(inc.pattern);
    if (!files.some((f) => re.test(f.rootRel))) {
      push(file, { severity: 'warning', code: 'pattern-matches-nothing', range: inc.range, message: `\`${inc.pattern}\` matches no file under this folder. Note that dlm matches \`include\` against the path relative to the source root, not to this folder.` });
    }
  }
  for (const exc of loc.exclude) {
    const re = compileGlob(exc.pattern);
    if (!files.some((f) => re.test(f.anchorRel))) {
      push(file, { severity: 'information', code: 'pattern-matches-nothing', range: exc.range, message: `\`${exc.pattern}\` matches no file under this folder (matched against the path relative to this folder).` });
    }
  }
}

interface AnchorFile { rootRel: string; anchorRel: string }

/**
 * The files under each anchor, in one pass over each directive's listing
 * (walking up each file's folders), cached while the listing is unchanged.
 */
const filesByAnchorCache = new WeakMap<CorpusIndex, { listings: unknown[]; map: Map<AnchorState, AnchorFile[]> }>();
function filesByAnchor(index: CorpusIndex): Map<AnchorState, AnchorFile[]> {
  const listings = index.directives.map((d) => d.files);
  const hit = filesByAnchorCache.get(index);
  if (hit && hit.listings.length === listings.length && hit.listings.every((f, i) => f === listings[i])) return hit.map;
  const map = new Map<AnchorState, AnchorFile[]>();
  for (const d of index.directives) {
    const byRel = new Map(d.anchors.map((a) => [a.rel, a] as const));
    for (const f of d.files) {
      const add = (a: AnchorState | undefined) => {
        if (!a) return;
        let list = map.get(a);
        if (!list) map.set(a, (list = []));
        list.push({ rootRel: f.rel, anchorRel: a.rel === '' ? f.rel : f.rel.slice(a.rel.length + 1) });
      };
      add(byRel.get(''));
      for (let i = f.rel.indexOf('/'); i !== -1; i = f.rel.indexOf('/', i + 1)) add(byRel.get(f.rel.slice(0, i)));
    }
  }
  filesByAnchorCache.set(index, { listings, map });
  return map;
}

/** Files under an anchor, keyed by the anchor's state object (replaced on reload: rebuilt then). */
function filesUnderAnchor(index: CorpusIndex, a: AnchorState): AnchorFile[] {
  const map = filesByAnchor(index);
  let list = map.get(a);
  if (!list) {
    // a reloaded anchor object: find the files of the anchor it replaced
    for (const [old, files] of map) if (old.abs === a.abs && old.rel === a.rel) { list = files; break; }
    map.set(a, (list ??= []));
  }
  return list;
}

/** Pattern and ignore checks depend only on the listing and the anchor: memoise them. */
const localCache = new WeakMap<AnchorState, { files: AnchorFile[]; diags: Array<[string, Diagnostic]> }>();
function patternAndIgnoreDiagnostics(index: CorpusIndex, a: AnchorState, file: string): Array<[string, Diagnostic]> {
  const files = filesUnderAnchor(index, a);
  const hit = localCache.get(a);
  if (hit && hit.files === files) return hit.diags;
  const diags: Array<[string, Diagnostic]> = [];
  const push = (p: string, d: Diagnostic) => diags.push([p, d]);
  if (loaded(a) && a.yaml!.locations) diagnosePatterns(files, a, file, push);
  if (a.ignore) diagnoseIgnoreRules(index, files, a, push);
  localCache.set(a, { files, diags });
  return diags;
}

function diagnoseIgnoreRules(index: CorpusIndex, files: AnchorFile[], a: AnchorState, push: (p: string, d: Diagnostic) => void): void {
  const file = ignorePath(a.abs);
  const ranges = ignoreLineRanges(a.ignoreText ?? '');
  const rules = a.ignore!.rules;
  // one pass over the files with the bucketed matcher (not every rule against every file)
  const matcher = ignoreMatcher(a.ignore!);
  const matched = new Uint8Array(rules.length);
  const dirNames = new Set<string>();
  for (const f of files) {
    matcher.forEachMatch(f.anchorRel, (i) => { matched[i] = 1; });
    const parts = f.anchorRel.split('/');
    for (let i = 0; i < parts.length - 1; i++) dirNames.add(parts[i]!);
  }
  const namesFolder = new Uint8Array(rules.length);
  for (const n of dirNames) for (const i of matcher.fileRulesMatchingName(n)) namesFolder[i] = 1;
  rules.forEach((rule, i) => {
    if (rule.dirOnly && (rule.anchored || rule.pattern.includes('/'))) return; // diagnosed per file
    const range = ranges[rule.line];
    if (!range || matched[i]) return;
    if (!rule.dirOnly && !rule.anchored && !rule.pattern.includes('/') && namesFolder[i]) {
      push(file, {
        severity: 'warning', code: 'ignore-bare-name-matches-folder', range,
        message: `\`${rule.raw.trim()}\` names a folder, but dlm's ignore rules are not gitignore: a bare name does not match the files inside a folder of that name. Write \`${rule.pattern}/\` to exclude them.`,
        fixes: [{ kind: 'folder-rule', title: `Change to \`${rule.negated ? '!' : ''}${rule.pattern}/\``, edits: [{ range, newText: `${rule.negated ? '!' : ''}${rule.pattern}/` }] }],
      });
      return;
    }
    push(file, { severity: 'information', code: 'ignore-rule-matches-nothing', range, message: `\`${rule.raw.trim()}\` matches no file under \`${posixRelative(displayBase(index.plan), a.abs)}/\`.` });
  });
}
