#!/usr/bin/env bash
# Installs the independent Bot Framework peers the bot's interop tests run against (pinned in
# package.json and package-lock.json beside this script) into .tools/node/bot-interop, and prints the node_modules folder
# to put in COOPERATION_TEST_NODE_TOOLS. infra/scripts/test.sh installs the same way on its own.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
target="${1:-$repo/.tools/node/bot-interop}"
mkdir -p "$target"
if ! cmp -s "$here/package-lock.json" "$target/package-lock.json" || [ ! -d "$target/node_modules/botbuilder" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$target/"
  npm ci --prefix "$target" --no-audit --no-fund --loglevel=error >&2
fi
echo "$target/node_modules"
