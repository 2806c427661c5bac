#!/bin/sh
# Entry of the pre-commit hooks (.pre-commit-hooks.yaml). pre-commit clones
# this repository into its cache; the first run installs and builds the CLI
# there (`npm ci` runs `prepare`, which builds dist/), then every run executes
# it with the hook's arguments. (`language: node` is not used: pre-commit reads
# the tarball name from `npm pack`'s output, which the `prepare` banner spoils.)
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$root/dist/cli.js" ]; then
  echo "dlm-weights: installing and building the CLI (first run only)" >&2
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2 && { [ -f dist/cli.js ] || node esbuild.mjs >&2; }) || {
    echo "dlm-weights: could not build the CLI (it needs Node 20 and npm)" >&2
    exit 2
  }
fi
exec node "$root/dist/cli.js" "$@"
