// A read worker that dies (as a native crash would: the thread just ends) when
// it opens a file named `crash-me.txt`; otherwise the real worker. For the
// pool's crash tests only.
// the module object itself (an `import * as` namespace would be a copy)
const fs = require('node:fs') as { openSync: (...a: unknown[]) => number };

const open = fs.openSync;
fs.openSync = (path: unknown, ...rest: unknown[]) => {
  if (String(path).endsWith('crash-me.txt')) process.exit(70);
  return open(path, ...rest);
};

require('../../src/engine/corpus/readWorker');
