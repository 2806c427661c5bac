// PyYAML 6 `safe_load`, the stages of which live in ./yaml/ (see safeLoad.ts).
// Other modules import it from here.
export { pyyamlSafeLoad, simpleSafeLoad, PYYAML_MAX_DEPTH, type PyYamlResult, type YamlIssue } from './yaml/safeLoad.js';
export { lineAt, markOf } from './yaml/issues.js';
export { simpleBlockRoot } from './yaml/simpleBlock.js';
