#!/usr/bin/env bash
# Installs the independent Bot Framework peers the bot's interop tests run against (pinned in
# package.json beside this script) into .tools/node/bot-interop, and prints the node_modules folder
# to put in COOPERATION_TEST_NODE_TOOLS.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
target="${1:-$repo/.tools/node/bot-interop}"
mkdir -p "$target"
if ! cmp -s "$here/package.json" "$target/package.json" || [ ! -d "$target/node_modules/botbuilder" ]; then
  cp "$here/package.json" "$target/package.json"
  (cd "$target" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
echo "$target/node_modules"
