// The engine's only door to files (see types.ts). Nothing else in src/engine
// imports node:fs; entry points take an `fs` option that defaults to nodeFs.
export * from './types.js';
export { NodeFs, nodeFs } from './nodeFs.js';
export { MemoryFs } from './memoryFs.js';
export { decodeFsName, encodeFsPath, hasLoneSurrogate } from './fsNames.js';
