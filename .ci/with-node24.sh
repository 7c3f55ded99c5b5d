#!/usr/bin/env bash
# Runs a command under Node 24 LTS (installed by .ci/node24.sh), with better-sqlite3 rebuilt for it,
# and puts the machine's Node build of better-sqlite3 back afterwards, whatever the command did.
# Usage: bash .ci/with-node24.sh DIR command...
set -euo pipefail
dir=${1:?usage: with-node24.sh DIR command...}
shift
cd "$(dirname "$0")/.."
bash .ci/node24.sh "$dir"
addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
saved=$(mktemp)
cp "$addon" "$saved"
trap 'cp "$saved" "$addon"; rm -f "$saved"' EXIT
# npm skips install scripts that package.json's allowScripts does not cover, and `npm rebuild`
# would build for the machine's Node: npm's own node-gyp builds it against Node 24's headers.
gyp="$(npm prefix -g)/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
# npm_config_nodedir (which .ci/run sets for the machine's Node) would point node-gyp at Node 20's
# headers: it is left out here.
(cd node_modules/better-sqlite3 && PATH="$dir/bin:$PATH" env -u npm_config_nodedir node "$gyp" rebuild --release --devdir="$dir/gyp" >/dev/null 2>&1) ||
  { echo 'better-sqlite3 could not be rebuilt for Node 24' >&2; exit 1; }
PATH="$dir/bin:$PATH" node -e "require('better-sqlite3')(':memory:').prepare('select 1').get(); console.log('better-sqlite3 runs on node', process.version)"
PATH="$dir/bin:$PATH" "$@"
