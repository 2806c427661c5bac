// The files under each anchor (a folder holding `.dlm/`): the one answer to
// "which files lie under this config", shared by the cross-file checks
// ("matches nothing") and hover ("matches N of the M files"), so the two
// cannot disagree.
import type { CorpusIndex } from '../corpus/corpusIndex.js';
import { compileGlob } from '../glob.js';

/** One listed file under an anchor (kept by the configs or not). */
export class AnchorFile {
  constructor(
    /** The directive root of the first directive listing the file. */
    readonly root: string,
    /** Relative to `root`: what that directive's `include` patterns see. */
    readonly rootRel: string,
    /** Relative to the anchor: what `exclude` patterns and ignore rules see. */
    readonly anchorRel: string,
  ) {}
  /**
   * The file's paths relative to the roots of other directives that list it
   * too (overlapping `training.sources`); each directive matches its own.
   */
  otherRootRels: string[] | undefined;

  get abs(): string {
    return this.root === '/' ? '/' + this.rootRel : this.root + '/' + this.rootRel;
  }
}

/**
 * Every anchor's files, by anchor directory, in one pass over each
 * directive's listing (walking up each file's folders). An anchor several
 * directives list holds each file once, in the order first listed.
 */
export function filesByAnchor(index: CorpusIndex): Map<string, AnchorFile[]> {
  const map = new Map<string, AnchorFile[]>();
  const directivesOf = new Map<string, number>();
  for (const d of index.directives) for (const abs of new Set(d.anchors.map((a) => a.abs))) directivesOf.set(abs, (directivesOf.get(abs) ?? 0) + 1);
  // only for anchors listed by more than one directive: file path -> its entry
  const shared = new Map<string, Map<string, AnchorFile>>();
  for (const d of index.directives) {
    if (d.anchors.length === 0) continue;
    const byRel = new Map(d.anchors.map((a) => [a.rel, a.abs] as const));
    const add = (anchorAbs: string | undefined, root: string, rel: string, cut: number) => {
      if (anchorAbs === undefined) return;
      let list = map.get(anchorAbs);
      if (!list) map.set(anchorAbs, (list = []));
      if ((directivesOf.get(anchorAbs) ?? 0) < 2) {
        list.push(new AnchorFile(root, rel, rel.slice(cut)));
        return;
      }
      let seen = shared.get(anchorAbs);
      if (!seen) shared.set(anchorAbs, (seen = new Map()));
      const file = new AnchorFile(root, rel, rel.slice(cut));
      const first = seen.get(file.abs);
      if (first) (first.otherRootRels ??= []).push(rel);
      else { seen.set(file.abs, file); list.push(file); }
    };
    for (const f of d.files) {
      const rel = f.rel;
      add(byRel.get(''), f.root, rel, 0);
      for (let i = rel.indexOf('/'); i !== -1; i = rel.indexOf('/', i + 1)) add(byRel.get(rel.slice(0, i)), f.root, rel, i + 1);
    }
  }
  return map;
}

/** The path a pattern of this kind is matched against, if it matches: include → root-relative (any directive), exclude → anchor-relative. */
export function patternMatch(file: AnchorFile, kind: 'include' | 'exclude', pattern: string): string | null {
  const re = compileGlob(pattern);
  if (kind === 'exclude') return re.test(file.anchorRel) ? file.anchorRel : null;
  if (re.test(file.rootRel)) return file.rootRel;
  for (const rel of file.otherRootRels ?? []) if (re.test(rel)) return rel;
  return null;
}
