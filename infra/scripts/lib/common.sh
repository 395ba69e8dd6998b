# Shared helpers for infra/scripts/test.sh. Sourced, not run.

# One visible line per step; details go to the log file.
step() {
  printf '==> %s\n' "$*"
}

warn() {
  printf 'WARNING: %s\n' "$*" >&2
}

die() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 1
}

# Runs a command with its output appended to $INSTALL_LOG; on failure shows the log's tail.
run_logged() {
  local description=$1
  shift
  printf '\n### %s (%s)\n$ %s\n' "$description" "$(date -u +%FT%TZ)" "$*" >>"$INSTALL_LOG"
  if ! "$@" >>"$INSTALL_LOG" 2>&1 </dev/null; then
    printf 'ERROR: %s failed. Last lines of %s:\n' "$description" "$INSTALL_LOG" >&2
    tail -n 40 "$INSTALL_LOG" >&2
    exit 1
  fi
}

# python3 may live in a version manager's shims on a developer machine; Debian's is the fallback.
find_python() {
  if command -v python3 >/dev/null 2>&1; then
    command -v python3
  elif [[ -x /usr/bin/python3 ]]; then
    echo /usr/bin/python3
  else
    return 1
  fi
}

# Root runs system commands directly; anyone else needs sudo for them.
as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "'$*' needs root and sudo is not available"
  fi
}
