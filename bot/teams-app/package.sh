#!/usr/bin/env bash
# Packages the Teams app: fills the placeholders of manifest.json and zips it with the two icons.
#
#   bot/teams-app/package.sh OUTPUT.zip [--config appsettings.json]
#
# Values come from the environment, else from the configuration file's Bot:AppId and Hub:PublicUrl:
#   BOT_ID        the bot's Entra app (client) id  (or Bot__AppId, as the site reads it)
#   HUB_URL       the site's public https address, e.g. https://hub.example.org  (or Hub__PublicUrl)
#   TEAMS_APP_ID  the Teams app id; defaults to BOT_ID
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

output="${1:-}"
if [ -z "$output" ] || [ "${output#-}" != "$output" ]; then
  echo "usage: $0 OUTPUT.zip [--config appsettings.json]" >&2
  exit 2
fi
shift
config=""
if [ "${1:-}" = "--config" ]; then
  config="${2:?--config needs a file}"
fi

from_config() {
  [ -n "$config" ] && [ -f "$config" ] && jq -r "$1 // empty" "$config" 2>/dev/null || true
}

bot_id="${BOT_ID:-${Bot__AppId:-$(from_config '.Bot.AppId')}}"
hub_url="${HUB_URL:-${Hub__PublicUrl:-$(from_config '.Hub.PublicUrl')}}"
hub_url="${hub_url%/}"
app_id="${TEAMS_APP_ID:-$bot_id}"

guid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
if ! [[ "$bot_id" =~ $guid ]]; then
  echo "BOT_ID (or Bot:AppId in the configuration) must be the bot's app registration id, a GUID; got '${bot_id}'." >&2
  exit 1
fi
if ! [[ "$app_id" =~ $guid ]]; then
  echo "TEAMS_APP_ID must be a GUID; got '${app_id}'." >&2
  exit 1
fi
if ! [[ "$hub_url" =~ ^https://[^/]+$ ]]; then
  echo "HUB_URL (or Hub:PublicUrl) must be the site's https address without a path, e.g. https://hub.example.org; got '${hub_url}'." >&2
  exit 1
fi
hub_domain="${hub_url#https://}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jq --arg bot "$bot_id" --arg app "$app_id" --arg url "$hub_url" --arg domain "$hub_domain" '
  walk(if type == "string" then
         gsub("\\$\\{\\{BOT_ID\\}\\}"; $bot) | gsub("\\$\\{\\{TEAMS_APP_ID\\}\\}"; $app)
         | gsub("\\$\\{\\{HUB_URL\\}\\}"; $url) | gsub("\\$\\{\\{HUB_DOMAIN\\}\\}"; $domain)
       else . end)' "$here/manifest.json" > "$work/manifest.json"
if grep -q '\${{' "$work/manifest.json"; then
  echo "manifest.json still has unfilled placeholders:" >&2
  grep -o '\${{[A-Z_]*}}' "$work/manifest.json" | sort -u >&2
  exit 1
fi
cp "$here/color.png" "$here/outline.png" "$work/"

mkdir -p "$(dirname "$output")"
output="$(cd "$(dirname "$output")" && pwd)/$(basename "$output")"
rm -f "$output"
(cd "$work" && zip -q -X "$output" manifest.json color.png outline.png)
echo "$output"
