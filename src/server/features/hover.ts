// Hover: which file it is decides what is shown (training.yaml, .dlm/ignore).
import type { Hover, Position } from 'vscode-languageserver-types';
import { configKind } from './configFiles';
import { hoverIgnore } from './hoverIgnore';
import { hoverTrainingYaml } from './hoverTrainingYaml';
import { clampPosition, splitLines } from './position';
import type { Snapshot } from './snapshot';

export interface HoverRequest {
  /** Absolute path of the document. */
  path: string;
  /** The document's text as the editor has it. */
  text: string;
  /** As the client sent it: clamped to the text here. */
  position: Position;
  /** The snapshot of the folder whose corpus the file belongs to (null: none yet, or none). */
  snapshot: Snapshot | null;
  /** Why there is no snapshot, if there is none (shown on training.yaml). */
  unavailable?: string;
}

export function hover(req: HoverRequest): Hover | null {
  const kind = configKind(req.path);
  if (kind !== 'training.yaml' && kind !== 'ignore') return null;
  const position = clampPosition(splitLines(req.text), req.position);
  if (kind === 'ignore') return hoverIgnore({ path: req.path, text: req.text, position, snapshot: req.snapshot });
  return hoverTrainingYaml({ path: req.path, text: req.text, position, snapshot: req.snapshot, unavailable: req.unavailable });
}
