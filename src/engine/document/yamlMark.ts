// The line PyYAML's error mark points at. dlm reports `mark.line + 2` for a
// frontmatter YAML error (its problem mark, else its context mark). The
// PyYAML layer (src/engine/config/yaml/) gives each issue that mark, and
// lists first the issue PyYAML raises first.
import { lineAt, markOf, type YamlIssue } from '../config/pyyaml.js';

/** The issue dlm reports (our loader's first) with PyYAML's mark for it: offset and 0-based line in `text`, or null. */
export function firstYamlIssue(text: string, issues: readonly YamlIssue[]): { issue: YamlIssue; line: number | null; mark: number | null } {
  const issue = issues[0]!;
  const mark = markOf(issue);
  return { issue, line: mark === null ? null : lineAt(text, mark), mark };
}
