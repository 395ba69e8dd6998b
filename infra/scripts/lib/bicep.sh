# Brings the Bicep compiler for the infra/ checks. Sourced by test.sh.

# The compiler ships in a NuGet package; restoring infra/bicep-tool (not in the solution) puts it in the package
# folder. On failure the variable stays unset and the Bicep tests fail with a message saying so, rather than the
# whole run stopping here.
install_bicep() {
  local project=$REPO_ROOT/infra/bicep-tool/bicep-tool.csproj path
  printf '\n### bicep (%s)\n' "$(date -u +%FT%TZ)" >>"$INSTALL_LOG"
  if ! dotnet restore "$project" -nologo -v quiet >>"$INSTALL_LOG" 2>&1 </dev/null; then
    warn "restoring the Bicep compiler failed (see $INSTALL_LOG); the Bicep tests will fail"
    return 0
  fi
  path=$(dotnet msbuild "$project" -nologo -getProperty:BicepPath 2>>"$INSTALL_LOG" | tr -d '[:space:]' || true)
  if [[ ! -f $path ]]; then
    warn "the Bicep compiler is not at '$path' after restore; the Bicep tests will fail"
    return 0
  fi
  [[ -x $path ]] || chmod +x "$path"
  export COOPERATION_TEST_BICEP=$path
  step "Bicep $("$path" --version 2>/dev/null | awk '{print $4}') at ${path/#"$HOME"/\~}"
}
