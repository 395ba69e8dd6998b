#!/usr/bin/env bash
# Adds an EF Core migration for both providers after a model change.
# Usage: bash src/Cooperation.Web/Data/regenerate-migrations.sh <MigrationName> [--reset]
# Until the first release the schema is one "Initial" migration per provider: --reset rebuilds it from scratch.
set -euo pipefail
cd "$(dirname "$0")/../../.."
name=${1:?migration name}
dotnet tool restore >/dev/null
if [ "${2:-}" = "--reset" ]; then rm -rf src/Cooperation.Web/Data/Migrations; fi
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project src/Cooperation.Web --context "${provider}CooperationDb" --output-dir "Data/Migrations/$provider"
done
