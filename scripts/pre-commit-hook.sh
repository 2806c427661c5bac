#!/bin/sh
# Entry of the pre-commit hooks (.pre-commit-hooks.yaml): build the CLI once
# inside this checkout (pre-commit's own copy of the repository), then run
# it with the hook's arguments.
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$root/dist/cli.js" ]; then
  echo "dlm-weights: building the CLI (first run only)" >&2
  if ! (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2 && node esbuild.mjs >&2); then
    echo "dlm-weights: could not build the CLI (it needs Node 20 and npm)" >&2
    exit 2
  fi
fi
exec node "$root/dist/cli.js" "$@"
