#!/usr/bin/env bash
# Kyoten demo: a private PostgreSQL, the controller on http://127.0.0.1:5080, and how to sign in.
# Run as root on Debian 12. Running it again reuses the database and restarts the controller.
# Ctrl-C stops everything it started.
# Environment: KYOTEN_STATE_DIR, KYOTEN_DEMO_HTTP_PORT (5080), KYOTEN_DEMO_PG_PORT (55432),
# KYOTEN_DEMO_AGENT_PORT (5443), KYOTEN_DEMO_SITES (1; 0 = controller only),
# KYOTEN_DEMO_NETNS_PREFIX (kyoten-demo) and KYOTEN_DEMO_IF_PREFIX (kyd) for the sites' names.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${KYOTEN_STATE_DIR:-$ROOT/.state/demo}"
PG_PORT="${KYOTEN_DEMO_PG_PORT:-55432}"
HTTP_URL="http://127.0.0.1:${KYOTEN_DEMO_HTTP_PORT:-5080}"
AGENT_PORT="${KYOTEN_DEMO_AGENT_PORT:-5443}"
# Names of the demo sites' namespaces and of their veth devices (at most 6 characters, a device
# name has 15); tests set their own so that they never touch a demo someone else is running.
DEMO_PREFIX="${KYOTEN_DEMO_NETNS_PREFIX:-kyoten-demo}"
DEMO_IF="${KYOTEN_DEMO_IF_PREFIX:-kyd}"

log() { printf '\033[1;34m[demo]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[demo]\033[0m %s\n' "$*" >&2; exit 1; }

[[ $EUID -eq 0 ]] || die "run as root (it installs packages and, later, creates network namespaces)"

# --- 1. prerequisites from Debian -------------------------------------------------------------
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v curl >/dev/null || missing+=(curl)
command -v ip >/dev/null || missing+=(iproute2)
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || die "the .NET 10 SDK is needed (dotnet on PATH)"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

mkdir -p "$STATE"
PG_DATA="$STATE/postgres"
# The cluster runs as the postgres user, who must be able to reach the state folder.
if ! runuser -u postgres -- test -x "$STATE" 2>/dev/null; then
    PG_DATA="/var/lib/kyoten-demo/postgres"
    log "the postgres user cannot reach $STATE; keeping the cluster in $PG_DATA"
fi

# --- 2. stop what a previous run left ---------------------------------------------------------
# A demo still running in another terminal is asked to stop (it stops its controller and
# PostgreSQL); a controller orphaned by a killed demo is stopped directly.
stop_pid() {
    local file="$1" pid
    [[ -f "$file" ]] || return 0
    pid="$(cat "$file")"
    if [[ "$pid" != "$$" ]] && kill -0 "$pid" 2>/dev/null; then
        log "stopping the $2 of a previous run (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "$file"
}
stop_pid "$STATE/demo.pid" "demo"
stop_pid "$STATE/controller.pid" "controller"
echo $$ >"$STATE/demo.pid"

# --- 3. PostgreSQL: loopback only, its own port ------------------------------------------------
pg() { runuser -u postgres -- "$PG_BIN/$1" "${@:2}"; }
if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    log "creating a PostgreSQL cluster in $PG_DATA"
    mkdir -p "$PG_DATA"
    chown -R postgres: "$PG_DATA"
    chmod 700 "$PG_DATA"
    pg initdb -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
if pg pg_ctl -D "$PG_DATA" status >/dev/null 2>&1; then
    log "reusing the running PostgreSQL on port $PG_PORT"
else
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    pg pg_ctl -D "$PG_DATA" -l "$PG_DATA/postgres.log" -w start \
        -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DATA" >/dev/null
fi
if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='kyoten'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database kyoten"
fi

cleanup() {
    trap - INT TERM EXIT
    set +e   # stop everything even when a step fails (e.g. logging to a terminal that is gone)
    log "stopping"
    [[ -n "${CONTROLLER_PID:-}" ]] && kill "$CONTROLLER_PID" 2>/dev/null && wait "$CONTROLLER_PID" 2>/dev/null || true
    rm -f "$STATE/controller.pid" "$STATE/demo.pid"
    pg pg_ctl -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
}
trap cleanup INT TERM EXIT

# --- 4. build, migrate, start -------------------------------------------------------------------
log "building the controller"
dotnet publish "$ROOT/src/Kyoten.Controller/Kyoten.Controller.csproj" -c Release -o "$STATE/controller" --nologo -v quiet >/dev/null

export ConnectionStrings__Kyoten="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=kyoten"
export Kyoten__InitialAdminPasswordFile="$STATE/initial-admin-password"
export ASPNETCORE_URLS="$HTTP_URL"
export Kyoten__AgentEndpoint="https://0.0.0.0:$AGENT_PORT"
export ASPNETCORE_ENVIRONMENT=Production

log "migrating the database"
(cd "$STATE/controller" && dotnet Kyoten.Controller.dll migrate)

log "starting the controller on $HTTP_URL"
(cd "$STATE/controller" && exec dotnet Kyoten.Controller.dll) >"$STATE/controller.log" 2>&1 &
CONTROLLER_PID=$!
echo "$CONTROLLER_PID" >"$STATE/controller.pid"
for _ in $(seq 120); do
    curl -fs "$HTTP_URL/healthz" >/dev/null 2>&1 && break
    kill -0 "$CONTROLLER_PID" 2>/dev/null || { tail -20 "$STATE/controller.log"; die "the controller exited"; }
    sleep 0.5
done
curl -fs "$HTTP_URL/healthz" >/dev/null || die "the controller did not become healthy; see $STATE/controller.log"

echo
log "Kyoten is up: $HTTP_URL"
if [[ -f "$STATE/initial-admin-password" ]]; then
    mapfile -t cred <"$STATE/initial-admin-password"
    log "sign in as '${cred[0]}' with the one-time password '${cred[1]}' (you will choose your own)"
    log "(kept in $STATE/initial-admin-password; delete it once you have changed the password)"
else
    log "sign in with the admin password you chose earlier"
fi
# --- 5. demo sites: three offices as network namespaces, agents enrolled by token -----------------
# Each site: a namespace kyoten-demo-<name> with its WAN on a shared bridge (192.0.2.N/24), its
# office LAN address 198.18.N.1/32 on lo, and a veth to the root namespace (198.51.100.0/24) to
# reach the controller's agent endpoint (:5443, KYOTEN_DEMO_AGENT_PORT). Sites and an API token are made through the REST
# API; `ping -i 1` runs between the LANs. KYOTEN_DEMO_SITES=0 skips this part. Ctrl-C removes it all.
if [[ "${KYOTEN_DEMO_SITES:-1}" == 1 ]]; then
    DEMO_NAMES=(tokyo osaka nagoya)
    DEMO_WAN="$DEMO_PREFIX-wan"
    DEMO_PIDS=()
    DEMO_HOST="$(hostname)"   # the agent endpoint's certificate names this host (default names)
    API="$HTTP_URL/api"
    demo_ns() { echo "$DEMO_PREFIX-$1"; }

    demo_sites_cleanup() {
        set +e
        log "removing the demo sites"
        for pid in "${DEMO_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
        for pid in "${DEMO_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
        for name in "${DEMO_NAMES[@]}"; do
            ns="$(demo_ns "$name")"
            for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
            ip netns del "$ns" 2>/dev/null || true
            rm -rf "/etc/netns/$ns"
            [[ -n "${DEMO_TOKEN:-}" ]] && demo_delete_site "demo-$name"
        done
        ip netns del "$DEMO_WAN" 2>/dev/null || true
    }
    trap 'demo_sites_cleanup; cleanup' INT TERM EXIT

    # An admin API token for this script, issued by the controller's own command (same hashing
    # and audit entry as the REST API).
    DEMO_TOKEN="$(cd "$STATE/controller" && dotnet Kyoten.Controller.dll create-api-token --name "demo-sites-$$" --role admin)"
    api() { curl -fsS -H "Authorization: Bearer $DEMO_TOKEN" -H 'Content-Type: application/json' "$@"; }
    demo_site_id() { api "$API/sites" | grep -o "\"id\":\"[^\"]*\",\"name\":\"$1\"" | cut -d'"' -f4; }
    demo_delete_site() { local id; id="$(demo_site_id "$1" || true)"; [[ -n "$id" ]] && api -X DELETE "$API/sites/$id" >/dev/null 2>&1 || true; }

    log "building the agent"
    dotnet publish "$ROOT/src/Kyoten.Agent/Kyoten.Agent.csproj" -c Release -o "$STATE/agent" --nologo -v quiet >/dev/null
    AGENT=(dotnet "$STATE/agent/kyoten-agent.dll")

    ip netns del "$DEMO_WAN" 2>/dev/null || true
    ip netns add "$DEMO_WAN"
    ip netns exec "$DEMO_WAN" ip link add br0 type bridge
    ip netns exec "$DEMO_WAN" ip link set br0 up
    for i in 1 2 3; do
        name="${DEMO_NAMES[$((i - 1))]}" ns="$(demo_ns "${DEMO_NAMES[$((i - 1))]}")"
        ip netns del "$ns" 2>/dev/null || true
        ip netns add "$ns"
        ip netns exec "$ns" ip link set lo up
        ip netns exec "$ns" ip addr add "198.18.$i.1/32" dev lo
        wan="$DEMO_IF-w$i" mgmt="$DEMO_IF-m$i"
        ip link del "$mgmt" 2>/dev/null || true   # left by a run killed before its cleanup
        ip link add "$wan" type veth peer name "${wan}b"
        ip link set "$wan" netns "$ns"
        ip link set "${wan}b" netns "$DEMO_WAN"
        ip netns exec "$DEMO_WAN" ip link set "${wan}b" master br0 up
        ip netns exec "$ns" ip link set "$wan" up
        ip netns exec "$ns" ip addr add "192.0.2.$i/24" dev "$wan"
        # Management link to the root namespace; site 1's root-side address is where all reach the controller.
        ip link add "$mgmt" type veth peer name "${mgmt}n"
        ip link set "${mgmt}n" netns "$ns"
        ip addr add "198.51.100.$((4 * i + 1))/30" dev "$mgmt"
        ip link set "$mgmt" up
        ip netns exec "$ns" ip addr add "198.51.100.$((4 * i + 2))/30" dev "${mgmt}n"
        ip netns exec "$ns" ip link set "${mgmt}n" up
        [[ $i -gt 1 ]] && ip netns exec "$ns" ip route add 198.51.100.5/32 via "198.51.100.$((4 * i + 1))"
        mkdir -p "/etc/netns/$ns"
        printf '127.0.0.1 localhost\n198.51.100.5 %s\n' "$DEMO_HOST" >"/etc/netns/$ns/hosts"

        demo_delete_site "demo-$name"
        site_id="$(api -X POST "$API/sites" -d "{\"name\":\"demo-$name\",\"wanAddress\":\"192.0.2.$i\",\"lanSubnets\":[\"198.18.$i.0/24\"]}" \
            | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)"
        secret="$(api -X POST "$API/sites/$site_id/enrollment-tokens" -d '{}' | grep -o '"secret":"[^"]*"' | cut -d'"' -f4)"
        rm -rf "$STATE/site-$name"
        log "site demo-$name: enrolling its agent in namespace $ns"
        ip netns exec "$ns" "${AGENT[@]}" enroll --controller "https://$DEMO_HOST:$AGENT_PORT" --token "$secret" --state "$STATE/site-$name" >/dev/null
        ip netns exec "$ns" "${AGENT[@]}" run --state "$STATE/site-$name" >"$STATE/site-$name.log" 2>&1 &
        DEMO_PIDS+=($!)
    done
    for i in 1 2 3; do
        ns="$(demo_ns "${DEMO_NAMES[$((i - 1))]}")" to=$((i % 3 + 1))
        ip netns exec "$ns" ping -i 1 -q -I "198.18.$i.1" "198.18.$to.1" >/dev/null 2>&1 &
        DEMO_PIDS+=($!)
    done
    log "demo sites: ${DEMO_NAMES[*]} (logs $STATE/site-*.log); SA table of one:"
    log "  ip netns exec $(demo_ns tokyo) ${AGENT[*]} status --state $STATE/site-tokyo"
fi

log "logs: $STATE/controller.log — press Ctrl-C to stop"
wait "$CONTROLLER_PID"
