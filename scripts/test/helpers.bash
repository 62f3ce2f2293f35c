# Shared setup of the bats tests: a scratch directory, recording kubectl/helm first on PATH (the cluster
# boundary: they log every call and answer from prepared files), and the state directory under the scratch dir.
ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
BI_OPS="$ROOT/scripts/bi-ops"

setup_stubs() {
  STUB_DIR="$BATS_TEST_TMPDIR/bin"
  CALLS="$BATS_TEST_TMPDIR/calls.log"
  mkdir -p "$STUB_DIR" "$BATS_TEST_TMPDIR/answers"
  : >"$CALLS"
  for tool in helm kubectl; do
    cat >"$STUB_DIR/$tool" <<STUB
#!/usr/bin/env bash
printf '$tool %s\n' "\$*" >>"$CALLS"
case "\$1" in version) echo v4.1.4+g0000000 ;; esac
f="$BATS_TEST_TMPDIR/answers/$tool.\$1"
if [ -f "\$f" ]; then cat "\$f"; fi
if [ -f "\$f.exit" ]; then exit "\$(cat "\$f.exit")"; fi
exit 0
STUB
    chmod +x "$STUB_DIR/$tool"
  done
  export PATH="$STUB_DIR:$PATH"
  unset BI_OPS_HELM BI_OPS_KUBECTL
  export BI_OPS_STATE_DIR="$BATS_TEST_TMPDIR/state"
}
