// Asking the host "why?": one `explain` message per question, answered by an
// `explanation` message with the same id. The standalone page has no host and
// no explanations (its disclosures are not drawn).
import type { ExplainAnswer } from '../shared/explain';
import type { ExplainMessage, ExplanationMessage } from '../shared/view/messages';
import { host, post } from './host';

const pending = new Map<number, (a: ExplainAnswer) => void>();
let nextId = 1;

/** Whether explanations can be asked for (a VS Code webview, not the standalone page). */
export function canExplain(): boolean {
  return !host().standalone;
}

export function askWhy(target: ExplainMessage['target']): Promise<ExplainAnswer> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    post({ type: 'explain', id, target });
  });
}

/** An `explanation` message from the host. */
export function answered(msg: ExplanationMessage): void {
  const resolve = pending.get(msg.id);
  pending.delete(msg.id);
  resolve?.(msg.answer);
}

/** A new report replaced the one the questions were about: their answers are dropped. */
export function forgetQuestions(): void {
  pending.clear();
}
