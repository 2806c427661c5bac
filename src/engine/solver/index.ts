// Target-mix solver: weights for one tag key's values that reach target
// shares of the expanded corpus at the current seed, and the training.yaml
// edit that applies them.
export type { MergeConfig, MixLine, MixTarget, Proposal, SolveInput, Unreachable, UnreachableReason } from './types.js';
export { solveMix } from './solve.js';
export { weightsEdit, yamlKey, type WeightsEditResult } from './yamlEdit.js';
export { parseShare, parseTargetSpec, TargetSpecError } from './targetSpec.js';
