// The tags a corpus can carry: every (tag key, tag value) that some loaded
// config's `metadata` sets, anywhere in the tree. Weights for anything else
// change nothing (the cross-file checks), and completion offers these.
import { loaded } from '../corpus/anchors.js';
import type { CorpusIndex } from '../corpus/corpusIndex.js';

/** Tag key → the values metadata sets for it, in the index's anchor order. */
export function knownTags(index: CorpusIndex): Map<string, Set<string>> {
  const known = new Map<string, Set<string>>();
  for (const a of index.allAnchors()) {
    if (!loaded(a)) continue;
    for (const [k, v] of a.yaml!.config!.metadata) {
      let values = known.get(k);
      if (!values) known.set(k, (values = new Set()));
      values.add(v);
    }
  }
  return known;
}
