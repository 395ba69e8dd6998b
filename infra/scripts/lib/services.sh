# Starts PostgreSQL, Azurite (blob) and Redis on free loopback ports, each with its data in $SERVICES_DIR.
# Sourced by test.sh, whose EXIT trap calls stop_services.

COOPERATION_TEST_START_TIMEOUT=${COOPERATION_TEST_START_TIMEOUT:-60}
AZURITE_ACCOUNT_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

SERVICES_DIR=""
POSTGRES_DATA=""
AZURITE_PID=""
REDIS_PID=""

# Asks the kernel for an unused port on 127.0.0.1 (bind to port 0, read it back, release it).
free_port() {
  "$PYTHON" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

tcp_answers() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# wait_until <service name> <log file> <pid or ""> <command...>: polls the command until it succeeds.
wait_until() {
  local name=$1 log=$2 pid=$3
  shift 3
  local deadline=$((SECONDS + COOPERATION_TEST_START_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      printf 'ERROR: %s exited while starting. Last lines of its log:\n' "$name" >&2
      tail -n 30 "$log" >&2 2>/dev/null
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      printf 'ERROR: %s did not answer within %s s. Last lines of its log:\n' "$name" "$COOPERATION_TEST_START_TIMEOUT" >&2
      tail -n 30 "$log" >&2 2>/dev/null
      exit 1
    fi
    sleep 0.2
  done
}

# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.
as_postgres() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_postgres() {
  local bin port
  bin=$(find_postgres_bin) || die "PostgreSQL binaries not found under /usr/lib/postgresql"
  port=$(free_port)
  POSTGRES_DATA=$SERVICES_DIR/postgres/data
  local log=$SERVICES_DIR/postgres/server.log
  mkdir -p "$SERVICES_DIR/postgres"
  if [[ $EUID -eq 0 ]]; then
    chown -R postgres:postgres "$SERVICES_DIR/postgres"
  fi
  as_postgres "$bin/initdb" -D "$POSTGRES_DATA" -U postgres -A trust -E UTF8 --no-locale --no-sync \
    >"$SERVICES_DIR/postgres/initdb.log" 2>&1 \
    || { tail -n 30 "$SERVICES_DIR/postgres/initdb.log" >&2; die "initdb failed"; }
  # Durability settings are off: the data is thrown away after the run.
  as_postgres "$bin/pg_ctl" -D "$POSTGRES_DATA" -l "$log" -w -t "$COOPERATION_TEST_START_TIMEOUT" \
    -o "-k $SERVICES_DIR/postgres -p $port -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null \
    || { tail -n 30 "$log" >&2; die "PostgreSQL did not start"; }
  wait_until "PostgreSQL" "$log" "" "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres
  export COOPERATION_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  step "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

start_azurite() {
  local port dir executable
  executable=$NODE_TOOLS_DIR/azurite/node_modules/.bin/azurite-blob
  [[ -x $executable ]] || die "Azurite not installed at $executable"
  port=$(free_port)
  dir=$SERVICES_DIR/azurite
  mkdir -p "$dir/data"
  "$executable" --blobHost 127.0.0.1 --blobPort "$port" --location "$dir/data" \
    --skipApiVersionCheck --disableTelemetry --silent </dev/null >"$dir/server.log" 2>&1 &
  AZURITE_PID=$!
  wait_until "Azurite" "$dir/server.log" "$AZURITE_PID" tcp_answers "$port"
  export COOPERATION_TEST_AZURITE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
  step "Azurite blob on 127.0.0.1:$port"
}

start_redis() {
  local port dir
  port=$(free_port)
  dir=$SERVICES_DIR/redis
  mkdir -p "$dir"
  redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$dir" --daemonize no \
    </dev/null >"$dir/server.log" 2>&1 &
  REDIS_PID=$!
  wait_until "Redis" "$dir/server.log" "$REDIS_PID" redis_answers "$port"
  export COOPERATION_TEST_REDIS="127.0.0.1:$port"
  step "Redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') on 127.0.0.1:$port"
}

redis_answers() {
  [[ $(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null) == PONG ]]
}

start_services() {
  SERVICES_DIR=$(mktemp -d /tmp/cooperation-test.XXXXXX)
  # The postgres user must reach its folder inside.
  chmod 755 "$SERVICES_DIR"
  start_postgres
  start_azurite
  start_redis
}

# Ends a process we started: politely first, then for good.
stop_process() {
  local pid=$1 waited=0
  [[ -n $pid ]] || return 0
  kill "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && ((waited < 100)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_services() {
  if [[ -n $POSTGRES_DATA && -f $POSTGRES_DATA/postmaster.pid ]]; then
    local bin postmaster
    postmaster=$(head -n 1 "$POSTGRES_DATA/postmaster.pid")
    bin=$(find_postgres_bin) && as_postgres "$bin/pg_ctl" -D "$POSTGRES_DATA" -m fast -w -t 30 stop >/dev/null 2>&1
    if [[ -n $postmaster ]] && kill -0 "$postmaster" 2>/dev/null; then
      kill -9 "$postmaster" 2>/dev/null || true
    fi
  fi
  POSTGRES_DATA=""
  stop_process "$AZURITE_PID"
  AZURITE_PID=""
  stop_process "$REDIS_PID"
  REDIS_PID=""
  if [[ -n $SERVICES_DIR && -d $SERVICES_DIR ]]; then
    rm -rf "$SERVICES_DIR"
  fi
  SERVICES_DIR=""
}
