#!/usr/bin/env bash
# Runs a command under Node 24 LTS (installed by .ci/node24.sh), with better-sqlite3 13 built for it,
# and puts the machine's better-sqlite3 back afterwards, whatever the command did.
# Usage: bash .ci/with-node24.sh DIR command...
set -euo pipefail
dir=${1:?usage: with-node24.sh DIR command...}
shift
cd "$(dirname "$0")/.."
bash .ci/node24.sh "$dir"
# better-sqlite3 12, the newest that runs on Node 20, aborts under Node 24 when a statement is
# collected at a worker's exit (Node 24's ObjectWrap asserts in RemoveEnvironmentCleanupHook);
# 13, on Node-API, needs Node 22 and runs there. The Node 24 run takes 13, built in a folder of its
# own against Node 24's headers, and the machine's 12 is put back afterwards.
build=$(mktemp -d)
kept=$(mktemp -d)
mv node_modules/better-sqlite3 "$kept/"
trap 'rm -rf node_modules/better-sqlite3; mv "$kept/better-sqlite3" node_modules/; rm -rf "$build" "$kept"' EXIT
(cd "$build" && echo '{"private":true}' > package.json &&
  PATH="$dir/bin:$PATH" npm install --no-audit --no-fund --ignore-scripts better-sqlite3@13 >/dev/null 2>&1) ||
  { echo 'better-sqlite3 13 could not be fetched from the npm registry' >&2; exit 1; }
# npm_config_nodedir (which .ci/run sets for the machine's Node) would point node-gyp at Node 20's
# headers: it is left out here.
gyp="$(npm prefix -g)/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
(cd "$build/node_modules/better-sqlite3" &&
  PATH="$dir/bin:$PATH" env -u npm_config_nodedir node "$gyp" rebuild --release --devdir="$dir/gyp" >/dev/null 2>&1) ||
  { echo 'better-sqlite3 13 could not be built for Node 24' >&2; exit 1; }
cp -r "$build/node_modules/better-sqlite3" node_modules/better-sqlite3
PATH="$dir/bin:$PATH" node -e "require('better-sqlite3')(':memory:').prepare('select 1').get(); console.log('better-sqlite3 runs on node', process.version)"
PATH="$dir/bin:$PATH" "$@"
