#!/usr/bin/env bash
# The project's one test command: installs what the tests need, starts PostgreSQL, Azurite and Redis
# on free loopback ports, builds, runs every test project and ends with 'N passed, N failed'.
#
# Usage: bash infra/scripts/test.sh [--project NAME]... [test options...]
#   --project NAME   run only test projects whose name contains NAME (repeatable); builds only those
#   test options     passed to every test run, e.g. --filter-method "*Upload*" or --filter-class "*Bot*"
#
# Environment the tests receive:
#   COOPERATION_TEST_POSTGRES    Npgsql connection string to a throwaway server (create your own databases)
#   COOPERATION_TEST_AZURITE     Azure Storage connection string for Azurite's blob service
#   COOPERATION_TEST_REDIS       host:port of a throwaway Redis
#   COOPERATION_TEST_CHROMIUM    path of the Chromium executable
#   COOPERATION_TEST_MATERIALS   absolute path of ../shared/materials (kept when already set, e.g. for a worktree elsewhere)
#   COOPERATION_TEST_NODE_TOOLS  folder holding <tool>/node_modules for each infra/test-tools/<tool>
#   COOPERATION_TEST_BICEP       path of the Bicep compiler (from the NuGet package restored by infra/bicep-tool)
# Knobs: COOPERATION_TEST_TIMEOUT (per test project, default 30m), COOPERATION_TEST_START_TIMEOUT (default 60).
set -Eeuo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
cd "$REPO_ROOT"

source "$SCRIPT_DIR/lib/common.sh"
source "$SCRIPT_DIR/lib/install.sh"
source "$SCRIPT_DIR/lib/services.sh"
source "$SCRIPT_DIR/lib/dotnet.sh"
source "$SCRIPT_DIR/lib/bicep.sh"

SELECTED_PROJECTS=()
TEST_ARGUMENTS=()
while (($# > 0)); do
  case $1 in
    --project)
      (($# >= 2)) || die "--project needs a name"
      SELECTED_PROJECTS+=("$2")
      shift 2
      ;;
    --project=*)
      SELECTED_PROJECTS+=("${1#--project=}")
      shift
      ;;
    *)
      TEST_ARGUMENTS+=("$1")
      shift
      ;;
  esac
done

NODE_TOOLS_DIR=$REPO_ROOT/.tools/node
RESULTS_DIR=$REPO_ROOT/TestResults
INSTALL_LOG=$REPO_ROOT/.tools/logs/install.log
PROJECT_TIMEOUT=${COOPERATION_TEST_TIMEOUT:-30m}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

mkdir -p "$(dirname "$INSTALL_LOG")" "$RESULTS_DIR"
: >"$INSTALL_LOG"

# Whatever happens (failure, Ctrl-C, kill), what was started here is stopped and the services' data removed.
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  remove_service_start_policy
  stop_test_run
  stop_services
}
trap cleanup EXIT
trap 'printf "ERROR: %s failed (line %s of %s)\n" "$BASH_COMMAND" "$LINENO" "${BASH_SOURCE[0]}" >&2' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

install_debian_packages
install_node_tools
install_bicep
PYTHON=$(find_python) || die "python3 not found"

export COOPERATION_TEST_NODE_TOOLS=$NODE_TOOLS_DIR
export COOPERATION_TEST_CHROMIUM=/usr/bin/chromium
COOPERATION_TEST_MATERIALS=${COOPERATION_TEST_MATERIALS:-$(cd "$REPO_ROOT/.." && pwd)/shared/materials}
export COOPERATION_TEST_MATERIALS
[[ -d $COOPERATION_TEST_MATERIALS ]] || warn "$COOPERATION_TEST_MATERIALS does not exist; tests that read the materials will fail"

mapfile -t CANDIDATES < <(candidate_projects)
TEST_PROJECTS=()
if ((${#CANDIDATES[@]} > 0)) && ! build_and_find_test_projects "${CANDIDATES[@]}"; then
  echo "FAILED PROJECT build: dotnet build failed (errors above)"
  echo "0 passed, 1 failed"
  exit 1
fi
if ((${#TEST_PROJECTS[@]} == 0)); then
  printf 'No test project found under tests/%s.\n' "${SELECTED_PROJECTS[*]:+ matching ${SELECTED_PROJECTS[*]}}"
  echo "0 passed, 0 failed"
  exit 1
fi

step "Starting services"
start_services

MANIFEST=$RESULTS_DIR/manifest.tsv
run_test_projects "$MANIFEST" "${TEST_PROJECTS[@]}" -- "${TEST_ARGUMENTS[@]}"

stop_services
step "Summary (TRX reports in ${RESULTS_DIR#"$REPO_ROOT"/}/)"
exit_code=0
"$PYTHON" "$SCRIPT_DIR/lib/summarize_trx.py" "$MANIFEST" || exit_code=$?
exit "$exit_code"
