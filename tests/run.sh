#!/usr/bin/env bash
# Kyoten's whole test suite. Installs its own prerequisites on Debian 12 (run as root: the
# end-to-end tests create network namespaces), builds once, runs every test project and ends
# with one line "N passed, N failed, N skipped". Exit code non-zero on any failure.
#   tests/run.sh                 everything
#   tests/run.sh Kyoten.Ike      only test projects whose name contains the argument
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/tests/artifacts/results"
FILTER="${1:-}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export KYOTEN_TEST_ARTIFACTS="$ROOT/tests/artifacts"

log() { printf '[tests] %s\n' "$*"; }

if [[ $EUID -ne 0 ]]; then
    echo "tests/run.sh must run as root (network namespaces, TUN devices, package installs)" >&2
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi

# --- prerequisites from Debian (see shared/TESTING.md) ---------------------------------------
PACKAGES=(postgresql iproute2 nftables iperf3 iputils-ping tcpdump curl procps
          strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-extra-plugins strongswan-pki
          chromium chromium-driver fonts-noto-cjk docker-compose)
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq >/dev/null
    # Package scripts must not start system daemons (charon, postgres) that tests do not own.
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    rc=$?
    rm -f /usr/sbin/policy-rc.d
    if [[ $rc -ne 0 ]]; then
        echo "installing test prerequisites failed" >&2
        echo "0 passed, 1 failed, 0 skipped"
        exit 1
    fi
fi
command -v dotnet >/dev/null || { echo "the .NET 10 SDK (dotnet) is needed" >&2; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
[[ -c /dev/net/tun ]] || { mkdir -p /dev/net && mknod /dev/net/tun c 10 200 && chmod 666 /dev/net/tun; }

# --- build once --------------------------------------------------------------------------------
cd "$ROOT"
log "building"
if ! dotnet build Controller.sln -c Debug --nologo -v quiet -clp:ErrorsOnly; then
    echo "build failed" >&2
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi

# --- run every test project --------------------------------------------------------------------
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
passed=0 failed=0 skipped=0 status=0
mapfile -t projects < <(find tests -name '*.Tests.csproj' | sort)
for project in "${projects[@]}"; do
    name="$(basename "$project" .csproj)"
    [[ -n "$FILTER" && "$name" != *"$FILTER"* ]] && continue
    log "running $name"
    start=$(date +%s)
    dotnet test "$project" --no-build -c Debug --nologo \
        --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
        --results-directory "$RESULTS" 2>&1 | tee "$RESULTS/$name.log" \
        | awk '/^[[:space:]]+Failed /{n=16} n>0{print; n--; next} /^(Passed|Failed)!|error/{print}' | head -150
    rc=${PIPESTATUS[0]}
    trx="$RESULTS/$name.trx"
    if [[ -f "$trx" ]]; then
        counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
        get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
        p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
        p=${p:-0}; f=${f:-0}; t=${t:-0}; e=${e:-0}
        passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + t - e))
        if [[ $rc -ne 0 && $f -eq 0 ]]; then
            # The host crashed or aborted after some tests: count the run itself as a failure.
            failed=$((failed + 1))
        fi
    else
        log "$name produced no results (crash or build problem)"
        failed=$((failed + 1))
    fi
    [[ $rc -ne 0 ]] && status=1
    log "$name finished in $(( $(date +%s) - start ))s (exit $rc)"
done

echo "$passed passed, $failed failed, $skipped skipped"
if [[ $failed -gt 0 || $status -ne 0 ]]; then
    exit 1
fi
exit 0
