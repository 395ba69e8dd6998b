# Installs the system packages and node tools the tests need. Sourced by test.sh.
# Every step checks first and does nothing when the tool is already there.

# Directory holding initdb/pg_ctl: PostgreSQL 15 first (what production runs), else the newest installed.
find_postgres_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV); do
    if [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/pg_isready ]]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

missing_debian_packages() {
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  { command -v redis-server && command -v redis-cli; } >/dev/null 2>&1 || missing+=(redis-server)
  find_postgres_bin >/dev/null || missing+=(postgresql)
  find_python >/dev/null || missing+=(python3)
  { command -v node && command -v npm; } >/dev/null 2>&1 || missing+=(nodejs npm)
  # A Chinese font, so that the browser tests' screenshots of Chinese pages show characters rather than boxes.
  [[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || missing+=(fonts-wqy-microhei)
  echo "${missing[@]}"
}

SERVICE_START_POLICY=/usr/sbin/policy-rc.d
CREATED_SERVICE_START_POLICY=""

# Removes the policy file only when this script created it (also called on exit).
remove_service_start_policy() {
  if [[ -n $CREATED_SERVICE_START_POLICY ]]; then
    as_root rm -f "$SERVICE_START_POLICY"
    CREATED_SERVICE_START_POLICY=""
  fi
}

install_debian_packages() {
  local missing=()
  read -ra missing <<<"$(missing_debian_packages)"
  if ((${#missing[@]} == 0)); then
    step "Debian packages: chromium, redis-server, postgresql, a Chinese font already installed"
    return 0
  fi
  step "Debian packages: installing ${missing[*]} (log: $INSTALL_LOG)"
  # Package scripts must not start system-wide redis/postgres services; only this script's own instances run.
  if [[ ! -e $SERVICE_START_POLICY ]]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $SERVICE_START_POLICY && chmod 755 $SERVICE_START_POLICY"
    CREATED_SERVICE_START_POLICY=yes
  fi
  run_logged "apt-get update" as_root apt-get update -qq
  run_logged "apt-get install ${missing[*]}" as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${missing[@]}"
  remove_service_start_policy
  local still_missing
  still_missing=$(missing_debian_packages)
  [[ -z $still_missing ]] || die "still missing after apt-get install: $still_missing"
}

# Fingerprint of what a tools folder asks for; a change triggers a reinstall.
node_tool_fingerprint() {
  local source_dir=$1
  {
    node --version
    cat "$source_dir/package.json"
    if [[ -f $source_dir/package-lock.json ]]; then
      cat "$source_dir/package-lock.json"
    fi
  } | sha256sum | cut -d' ' -f1
}

# Each infra/test-tools/<name>/package.json is installed into .tools/node/<name>/node_modules.
install_node_tools() {
  local source_dir name target fingerprint
  mkdir -p "$NODE_TOOLS_DIR"
  # Two runs on one machine must not install into the same folder at once.
  exec 9>"$NODE_TOOLS_DIR/.install.lock"
  flock 9
  for source_dir in "$REPO_ROOT"/infra/test-tools/*/; do
    source_dir=${source_dir%/}
    [[ -f $source_dir/package.json ]] || continue
    name=$(basename "$source_dir")
    target=$NODE_TOOLS_DIR/$name
    fingerprint=$(node_tool_fingerprint "$source_dir")
    if [[ -d $target/node_modules && -f $target/.installed && $(cat "$target/.installed") == "$fingerprint" ]]; then
      step "npm tools: $name already installed"
      continue
    fi
    step "npm tools: installing $name into ${target#"$REPO_ROOT"/} (log: $INSTALL_LOG)"
    rm -rf "$target"
    mkdir -p "$target"
    cp "$source_dir/package.json" "$target/"
    if [[ -f $source_dir/package-lock.json ]]; then
      cp "$source_dir/package-lock.json" "$target/"
      run_logged "npm ci ($name)" npm ci --prefix "$target" --no-audit --no-fund --loglevel=error
    else
      run_logged "npm install ($name)" npm install --prefix "$target" --no-audit --no-fund --loglevel=error
    fi
    echo "$fingerprint" >"$target/.installed"
  done
  flock -u 9
  exec 9>&-
}
