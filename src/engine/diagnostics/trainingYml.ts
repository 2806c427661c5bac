import { dirname, join } from 'node:path';
import type { Diagnostic } from './types.js';

/** dlm reads only `.dlm/training.yaml`: a `training.yml` is never loaded. */
export function trainingYmlDiagnostic(ymlPath: string, yamlExists: boolean): Diagnostic {
  const target = join(dirname(ymlPath), 'training.yaml');
  return {
    severity: 'warning', code: 'training-yml-ignored',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: yamlExists
      ? 'dlm reads only `.dlm/training.yaml`; this `training.yml` beside it is never loaded.'
      : 'dlm reads only `.dlm/training.yaml`: this file is never loaded, so none of its metadata or weights apply. Rename it to `training.yaml`.',
    fixes: yamlExists ? undefined : [{ kind: 'rename-file', title: 'Rename to training.yaml', edits: [], renameTo: target }],
  };
}
