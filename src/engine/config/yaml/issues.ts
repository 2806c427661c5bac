// A reason PyYAML refuses a text.

import type { Span } from '../pyvalue.js';

export interface YamlIssue {
  code: string;
  message: string;
  span: Span;
}
