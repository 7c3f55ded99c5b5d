#!/usr/bin/env bash
# Installs Node 24 LTS beside the machine's Node, from the npm registry's `node` package (which
# ships the binary and its C headers), and lays the headers out as node-gyp expects them, so that
# native modules (better-sqlite3) can be rebuilt for it offline. Idempotent.
# Usage: bash .ci/node24.sh DIR   then   DIR/bin/node, and node-gyp ... --devdir=DIR/gyp
set -euo pipefail
dir=${1:?usage: node24.sh DIR}
if [ -x "$dir/bin/node" ] && [ -d "$dir/gyp" ] && "$dir/bin/node" -p 'process.versions.node' | grep -q '^24\.'; then
  echo "node $("$dir/bin/node" --version) in $dir/bin (already there)"
  exit 0
fi
mkdir -p "$dir/pkg"
cd "$dir/pkg"
[ -f package.json ] || echo '{"private":true}' > package.json
npm install --no-audit --no-fund --no-save node@24 >/dev/null 2>&1
# Right after install the platform package sits under node/node_modules; later installs flatten it.
headers=$(find node_modules -path '*node-linux-*/include/node/common.gypi' -print -quit | sed 's|/include/node/common.gypi||')
binary=$(find node_modules -path '*/bin/node' -type f -print -quit)
if [ -z "$headers" ] || [ -z "$binary" ]; then
  echo 'the node@24 package is not laid out as expected' >&2
  exit 1
fi
version=$("$binary" -p 'process.versions.node')
mkdir -p "$dir/bin" "$dir/gyp/$version"
ln -sf "$(cd "$(dirname "$binary")" && pwd)/node" "$dir/bin/node"
cp -r "$headers/include" "$dir/gyp/$version/"
# node-gyp takes a header folder holding this marker as complete and downloads nothing.
echo 11 > "$dir/gyp/$version/installVersion"
echo "node $version in $dir/bin; headers in $dir/gyp"
