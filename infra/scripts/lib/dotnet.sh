# Builds the solution and runs each test project, one after another. Sourced by test.sh.

SOLUTION=Cooperation.sln
TEST_RUN_PID=""

# Projects under tests/, narrowed to names containing one of the --project arguments when any were given.
candidate_projects() {
  local csproj name wanted
  while IFS= read -r csproj; do
    if ((${#SELECTED_PROJECTS[@]} == 0)); then
      echo "$csproj"
      continue
    fi
    name=$(basename "$csproj" .csproj)
    for wanted in "${SELECTED_PROJECTS[@]}"; do
      if [[ $name == *"$wanted"* ]]; then
        echo "$csproj"
        break
      fi
    done
  done < <(find tests -name '*.csproj' -not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null | sort)
}

# The candidates MSBuild calls test projects (benchmarks and helpers are not). Run after restore,
# so a property set by a package or a Directory.Build.props counts too.
test_projects_among() {
  local csproj is_test
  for csproj in "$@"; do
    is_test=$(dotnet msbuild "$csproj" -nologo -getProperty:IsTestProject 2>/dev/null | tr -d '[:space:]' || true)
    if [[ ${is_test,,} == true ]]; then
      echo "$csproj"
    fi
  done
}

dotnet_build() {
  dotnet build "$1" -c Release -v minimal -nologo -nodeReuse:false
}

# Builds the whole solution (or only the selected projects) with its -warnaserror settings, then fills
# TEST_PROJECTS with the test projects among the candidates. Returns non-zero when a build failed.
build_and_find_test_projects() {
  local candidates=("$@") csproj
  if ((${#SELECTED_PROJECTS[@]} == 0)); then
    step "Building $SOLUTION (Release)"
    dotnet_build "$SOLUTION" || return 1
  else
    for csproj in "${candidates[@]}"; do
      step "Building $csproj (Release)"
      dotnet_build "$csproj" || return 1
    done
  fi
  mapfile -t TEST_PROJECTS < <(test_projects_among "${candidates[@]}")
  if ((${#SELECTED_PROJECTS[@]} == 0)); then
    # A test project someone forgot to add to the solution is still built and run.
    local in_solution
    # shellcheck disable=SC1003 # tr turns Windows separators into '/'
    in_solution=$(dotnet sln "$SOLUTION" list 2>/dev/null | tr '\\' '/')
    for csproj in "${TEST_PROJECTS[@]}"; do
      if ! grep -qxF "$csproj" <<<"$in_solution"; then
        warn "$csproj is not in $SOLUTION; building it on its own"
        dotnet_build "$csproj" || return 1
      fi
    done
  fi
}

# run_test_projects <manifest> <csproj...> -- <arguments for every test run...>
run_test_projects() {
  local manifest=$1
  shift
  local projects=()
  while (($# > 0)) && [[ $1 != -- ]]; do
    projects+=("$1")
    shift
  done
  shift
  local filtered=0
  if (($# > 0)); then
    filtered=1
  fi
  # Output the tests wrote is shown for failed tests only (passing tests' logs would drown the run),
  # unless the caller asked otherwise.
  local output_options=() option argument given
  for option in --show-stdout --show-stderr --timeout; do
    given=no
    for argument in "$@"; do
      if [[ $argument == "$option" || $argument == "$option="* ]]; then
        given=yes
      fi
    done
    if [[ $given == no ]]; then
      case $option in
        --timeout) output_options+=(--timeout "$PROJECT_TIMEOUT") ;;
        *) output_options+=("$option" Failed) ;;
      esac
    fi
  done

  local csproj name results exit_code
  : >"$manifest"
  for csproj in "${projects[@]}"; do
    name=$(basename "$csproj" .csproj)
    results=$RESULTS_DIR/$name
    rm -rf "$results"
    step "Testing $name"
    exit_code=0
    # Own process group, waited for in the background: bash then acts on Ctrl-C at once (dotnet test
    # swallows SIGINT), and the cleanup can end dotnet test together with its test host.
    setsid dotnet test --project "$csproj" -c Release --no-build \
      --results-directory "$results" --report-xunit-trx --report-xunit-trx-filename "$name.trx" \
      "${output_options[@]}" "$@" </dev/null &
    TEST_RUN_PID=$!
    wait "$TEST_RUN_PID" || exit_code=$?
    TEST_RUN_PID=""
    printf '%s\t%s\t%s\t%s\n' "$name" "$exit_code" "$results/$name.trx" "$filtered" >>"$manifest"
  done
}

# Ends a test run still going (after Ctrl-C or an error): the whole process group, test host included.
stop_test_run() {
  [[ -n $TEST_RUN_PID ]] || return 0
  kill -TERM -- "-$TEST_RUN_PID" 2>/dev/null || true
  local waited=0
  while kill -0 -- "-$TEST_RUN_PID" 2>/dev/null && ((waited < 100)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -KILL -- "-$TEST_RUN_PID" 2>/dev/null || true
  TEST_RUN_PID=""
}
