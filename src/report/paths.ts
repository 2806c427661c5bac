// Joins the report's relative POSIX paths onto an optional root, without node:path
// (this module is also bundled into the webview).

/** "docs/corpus.dlm#2" -> "docs/corpus.dlm" (document sections have no file of their own). */
export function originFile(origin: string): string {
  const m = /^(.*\.dlm)#\d+$/.exec(origin);
  return m ? m[1] : origin;
}

/** The training.yaml of an anchor: "." -> ".dlm/training.yaml". */
export function trainingYamlPath(anchor: string): string {
  return anchor === '.' || anchor === '' ? '.dlm/training.yaml' : `${anchor.replace(/\/+$/, '')}/.dlm/training.yaml`;
}

/** Resolve `rel` (POSIX, may hold . and ..) against `root` (POSIX or Windows). */
export function resolveUnder(root: string | null | undefined, rel: string): string {
  if (!root) return rel;
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const head = root.replace(/[\\/]+$/, '');
  const parts = head === '' ? [''] : head.split(/[\\/]/);
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && parts.length > 1) parts.pop();
    else parts.push(seg);
  }
  return parts.length === 1 && parts[0] === '' ? sep : parts.join(sep);
}

/** Whether `path` lies inside directory `anchor` (both relative, POSIX). */
export function isInside(anchor: string, path: string): boolean {
  const a = anchor.replace(/^\.\//, '').replace(/\/+$/, '');
  if (a === '.' || a === '') return !path.startsWith('../');
  return path.startsWith(`${a}/`);
}

/** isInside with the anchor fixed: the anchor is normalised once, for testing many paths. */
export function insideOf(anchor: string): (path: string) => boolean {
  const a = anchor.replace(/^\.\//, '').replace(/\/+$/, '');
  if (a === '.' || a === '') return (path) => !path.startsWith('../');
  const prefix = `${a}/`;
  return (path) => path.startsWith(prefix);
}
