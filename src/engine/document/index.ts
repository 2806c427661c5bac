// The `.dlm` document as dlm's parser enforces it (docs/spec/document.md).
export { validateDocument, type ValidateOptions } from './validate.js';
export { checkDocument, diagnosticsOf, type DocumentCheck } from './check.js';
export { FRONTMATTER_SCHEMA, resolveNode } from './schema.js';
export { freshUlid, isValidDlmId } from './ulid.js';
export type * from './types.js';
export { docAt, keysAt, schemaAt, type KeyDoc } from './schemaDocs.js';
export { parseErrorOf, rowsErrorOf, toDocumentError } from './documentError.js';
