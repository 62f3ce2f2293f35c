#!/usr/bin/env bats
# scripts/bi-ops as an operator runs it: help, refusals with a reason and exit code, and --dry-run making no
# change at the cluster boundary (recording helm/kubectl on PATH).

load helpers

# (`! grep` would not fail a bats test: bash's errexit ignores negated commands)
refute_upgrade() {
  if grep -q '^helm upgrade' "$CALLS"; then echo "unexpected: $(grep '^helm upgrade' "$CALLS")"; return 1; fi
}

setup() {
  setup_stubs
}

@test "without a subcommand it lists them and exits 2" {
  run "$BI_OPS"
  [ "$status" -eq 2 ]
  [[ "$output" == *"usage: bi-ops <subcommand>"* ]]
  [[ "$output" == *"canary "* ]]
}

@test "--help exits 0" {
  run "$BI_OPS" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"exit codes: 0 ok, 1 failed, 2 usage, 3 canary rolled back"* ]]
}

@test "every subcommand has --help starting with its usage line" {
  subcommands=$("$BI_OPS" --help | awk '/^subcommands:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}')
  [ -n "$subcommands" ]
  for sub in $subcommands; do
    run "$BI_OPS" "$sub" --help
    [ "$status" -eq 0 ] || { echo "$sub --help exited $status"; return 1; }
    [[ "${lines[0]}" == "usage: bi-ops $sub "* ]] || { echo "$sub: ${lines[0]}"; return 1; }
  done
}

@test "an unknown subcommand is refused with a reason" {
  run "$BI_OPS" deploi dev
  [ "$status" -eq 2 ]
  [[ "$output" == *"unknown subcommand 'deploi'"* ]]
}

@test "an unknown option is refused with a reason, before any cluster call" {
  run "$BI_OPS" canary dev bi-analysis 1.5.0 --stpes 5,100
  [ "$status" -eq 2 ]
  [[ "$output" == *"unknown option --stpes"* ]]
  [ ! -s "$CALLS" ]
}

@test "an unknown environment is refused" {
  run "$BI_OPS" canary staging bi-analysis 1.5.0
  [ "$status" -eq 2 ]
  [[ "$output" == *"unknown environment 'staging'"* ]]
}

@test "canary steps must increase and end at 100" {
  run "$BI_OPS" canary dev bi-analysis 1.5.0 --steps 50,25,100 --prometheus http://127.0.0.1:9
  [ "$status" -eq 2 ]
  [[ "$output" == *"--steps must increase"* ]]
  run "$BI_OPS" canary dev bi-analysis 1.5.0 --steps 5,50 --prometheus http://127.0.0.1:9
  [ "$status" -eq 2 ]
  [[ "$output" == *"must end at 100"* ]]
}

@test "canary --dry-run reads the release, prints each upgrade and makes no change" {
  run "$BI_OPS" canary dev bi-analysis 1.5.0-1b2c3d4 --prometheus http://127.0.0.1:9 --dry-run
  [ "$status" -eq 0 ]
  grep -q '^helm get values bi-platform --all --output json --namespace=bi-dev' "$CALLS"
  refute_upgrade
  [ "$(grep -c 'DRY-RUN would run: helm upgrade --install bi-platform' <<<"$output")" -eq 6 ]
  [ ! -e "$BI_OPS_STATE_DIR" ]
}

@test "the kube context given reaches every cluster call" {
  run "$BI_OPS" canary dev bi-analysis 1.5.0-1b2c3d4 --prometheus http://127.0.0.1:9 --dry-run --context prod-eu
  [ "$status" -eq 0 ]
  grep -q -- '--kube-context=prod-eu' "$CALLS"
}

@test "a failing cluster read stops the run with helm's reason" {
  echo 'Error: Kubernetes cluster unreachable' >"$BATS_TEST_TMPDIR/answers/helm.get"
  echo 1 >"$BATS_TEST_TMPDIR/answers/helm.get.exit"
  run "$BI_OPS" canary dev bi-analysis 1.5.0-1b2c3d4 --prometheus http://127.0.0.1:9
  [ "$status" -eq 1 ]
  [[ "$output" == *"cannot read the release's values"* ]]
  refute_upgrade
}

@test "ops_die prints the reason and exits with the code" {
  run bash -c "source '$ROOT/scripts/lib/common.sh'; ops_die 4 'no such thing'"
  [ "$status" -eq 4 ]
  [ "$output" = "bi-ops: no such thing" ]
}

@test "the scripts are shellcheck-clean" {
  run shellcheck -x "$ROOT/scripts/bi-ops" "$ROOT"/scripts/lib/*.sh "$ROOT/ci/ops.sh"
  [ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

@test "backup --dry-run prints one pg_dump per service schema and writes nothing" {
  run "$BI_OPS" backup dev --skip-nacos --dir "$BATS_TEST_TMPDIR/backups" --db-host db.internal --dry-run
  [ "$status" -eq 0 ]
  for schema in sys tenant basic jushuitan leke analysis; do
    [[ "$output" == *"DRY-RUN would run: PGHOST=db.internal pg_dump --format=custom --schema=$schema "* ]] || { echo "no dump of $schema"; return 1; }
  done
  [ ! -e "$BATS_TEST_TMPDIR/backups/dev" ] || [ -z "$(ls -A "$BATS_TEST_TMPDIR/backups/dev")" ]
}

@test "backup without Nacos settings is refused unless --skip-nacos" {
  unset NACOS_SERVER_ADDR
  run "$BI_OPS" backup dev --dir "$BATS_TEST_TMPDIR/backups" --dry-run
  [ "$status" -eq 2 ]
  [[ "$output" == *"NACOS_SERVER_ADDR is not set"* ]]
}

@test "restore needs the environment confirmed" {
  run "$BI_OPS" restore prod --skip-nacos --dir "$BATS_TEST_TMPDIR/backups"
  [ "$status" -eq 2 ]
  [[ "$output" == *"add --confirm prod"* ]]
  [ ! -s "$CALLS" ]
}

@test "rotate refuses what it does not cover" {
  run "$BI_OPS" rotate dev nacos-keys start
  [ "$status" -eq 2 ]
  [[ "$output" == *"rotate nacos-keys is not supported (jwt, apisix-keys, crypto-key, db, nacos)"* ]]
  run "$BI_OPS" rotate dev nacos announce
  [ "$status" -eq 2 ]
  [[ "$output" == *"rotate nacos has the phases start, finish; got 'announce'"* ]]
}

@test "rotate nacos needs the Nacos admin connection and says so in its help" {
  run "$BI_OPS" rotate --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"bi-ops rotate <env> nacos start|finish"* ]]
  unset NACOS_SERVER_ADDR NACOS_USERNAME NACOS_PASSWORD
  run "$BI_OPS" rotate dev nacos start --dry-run
  [ "$status" -eq 2 ]
  [[ "$output" == *"rotate nacos needs the Nacos admin connection: NACOS_SERVER_ADDR, NACOS_USERNAME, NACOS_PASSWORD"* ]]
  refute_upgrade
  if grep -q ' patch ' "$CALLS"; then echo "unexpected: $(grep ' patch ' "$CALLS")"; return 1; fi
}

@test "smoke refuses a gateway that is not an http(s) URL, before any call" {
  run "$BI_OPS" smoke dev --gateway ftp://gateway.example --credentials /dev/null
  [ "$status" -eq 2 ]
  [[ "$output" == *"--gateway 'ftp://gateway.example' is not an http(s) URL"* ]]
  [ ! -s "$CALLS" ]
}

@test "smoke names what is missing from the smoke user's credentials file" {
  printf 'tenant=acme\nusername=smoke\n' >"$BATS_TEST_TMPDIR/smoke.properties"
  run "$BI_OPS" smoke dev --gateway http://127.0.0.1:9 --credentials "$BATS_TEST_TMPDIR/smoke.properties"
  [ "$status" -eq 1 ]
  [[ "$output" == *"must hold tenant, username and password"* ]]
}

@test "smoke --dry-run reads the smoke user's Secret and sends no request" {
  # every key of the Secret answers "acme" (base64)
  cat >"$STUB_DIR/kubectl" <<STUB
#!/usr/bin/env bash
printf 'kubectl %s\n' "\$*" >>"$CALLS"
echo YWNtZQ==
STUB
  run "$BI_OPS" smoke test --dry-run
  [ "$status" -eq 0 ]
  [[ "$output" == *"through http://bi-platform-apisix-gateway.bi-test.svc:80 as acme@acme"* ]]
  grep -q 'get secret bi-ops-smoke --output=jsonpath={.data.password}' "$CALLS"
}

@test "rotate db needs --service and names the phases" {
  run "$BI_OPS" rotate dev db start
  [ "$status" -eq 2 ]
  [[ "$output" == *"rotate db needs --service NAME"* ]]
  run "$BI_OPS" rotate dev db swap --service bi-sys
  [ "$status" -eq 2 ]
  [[ "$output" == *"rotate db has the phases start, finish"* ]]
  run "$BI_OPS" rotate dev db start --service bi-sys --owner 'bi_sys"; drop'
  [ "$status" -eq 2 ]
  [[ "$output" == *"is not a plain PostgreSQL role name"* ]]
}

@test "rotate db start --dry-run prints the SQL without the password, the patch and the upgrade, and changes nothing" {
  run "$BI_OPS" rotate dev db start --service bi-basic --dry-run
  [ "$status" -eq 0 ]
  [[ "$output" == *"CREATE ROLE \"bi_basic_r"*"LOGIN PASSWORD '<new, not printed>' IN ROLE \"bi_basic\""* ]]
  [[ "$output" == *"DRY-RUN would run: "*"psql --no-psqlrc"* ]]
  [[ "$output" == *"DRY-RUN would run: kubectl --namespace=bi-dev patch secret bi-platform-secrets"* ]]
  [[ "$output" == *"DRY-RUN would run: helm upgrade --install bi-platform"* ]]
  refute_upgrade
  if grep -q '^kubectl' "$CALLS"; then echo "unexpected: $(cat "$CALLS")"; return 1; fi
  [ ! -e "$BI_OPS_STATE_DIR" ]
}

@test "cleanup images needs a registry and lists by default" {
  run "$BI_OPS" cleanup images dev
  [ "$status" -eq 2 ]
  [[ "$output" == *"--registry HOST[:PORT][/PREFIX] is required"* ]]
}
