#!/usr/bin/env bash
# Throughput of the Kyoten data path: one TCP stream (iperf3, DURATION s) between two office LANs
# through the agents' tunnel, in the same topology as strongswan-libipsec.sh next to it:
#
#   lanA (198.18.1.10) -- siteA (198.18.1.1 | 192.0.2.1) ==WAN== (192.0.2.2 | 198.18.2.1) siteB -- lanB (198.18.2.10)
#
# The sites forward between their LAN veth and the agent's TUN; the bare veth row is the WAN link
# alone. Everything runs in namespaces created here (kyt-bench-<pid>-*) and removed on exit.
# Needs root, iproute2, iperf3, the .NET SDK.
#
#   deploy/bench/datapath.sh                 # all rows
#   DURATION=5 OFFLOADS=false ROWS="veth gcm" deploy/bench/datapath.sh
#   ROWS=strongswan deploy/bench/datapath.sh  # strongSwan 5.9 kernel-libipsec (strongswan-libipsec.sh)
#   ROWS="gcm flood" deploy/bench/datapath.sh # AES-256-GCM alone, then while udp-flood.py (python3) sprays
#                                             # junk at B's port 4500; prints the junk rate and B's drops
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DURATION=${DURATION:-10}
# Seconds iperf3 runs first and leaves out of the figure (TCP slow start, the agents' JIT tier-up),
# the same for every row and for strongswan-libipsec.sh: the table shows the steady state.
OMIT=${OMIT:-2}
OFFLOADS=${OFFLOADS:-true}
ROWS=${ROWS:-veth gcm chacha cbc flood strongswan}
PREFIX=kyt-bench-$$
NS_A=$PREFIX-a
NS_B=$PREFIX-b
NS_LA=$PREFIX-la
NS_LB=$PREFIX-lb
WORK=$(mktemp -d)
OUT=$WORK/agent
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for ns in "$NS_A" "$NS_B" "$NS_LA" "$NS_LB"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Namespaces of earlier runs that died without cleaning up.
for ns in $(ip netns list | awk '/^kyt-bench-/{print $1}'); do
  pid=${ns#kyt-bench-}; pid=${pid%%-*}
  [ -d "/proc/$pid" ] || ip netns del "$ns" 2>/dev/null || true
done

echo "building kyoten-agent (Release)..." >&2
dotnet build -c Release -v q -nologo "$ROOT/src/Kyoten.Agent" -o "$OUT" >/dev/null

for ns in "$NS_A" "$NS_B" "$NS_LA" "$NS_LB"; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
done
# link NS_X DEV_X CIDR_X NS_Y DEV_Y CIDR_Y
link() {
  ip link add "$2" type veth peer name "$5"
  ip link set "$2" netns "$1"
  ip link set "$5" netns "$4"
  ip -n "$1" addr add "$3" dev "$2"
  ip -n "$4" addr add "$6" dev "$5"
  ip -n "$1" link set "$2" up
  ip -n "$4" link set "$5" up
}
link "$NS_A" kw$$a 192.0.2.1/24 "$NS_B" kw$$b 192.0.2.2/24
link "$NS_LA" kl$$a 198.18.1.10/24 "$NS_A" ks$$a 198.18.1.1/24
link "$NS_LB" kl$$b 198.18.2.10/24 "$NS_B" ks$$b 198.18.2.1/24
ip -n "$NS_LA" route add default via 198.18.1.1
ip -n "$NS_LB" route add default via 198.18.2.1
for ns in "$NS_A" "$NS_B"; do
  ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
done

hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# config SIDE ALGORITHM ENCKEY_AB INTKEY_AB ENCKEY_BA INTKEY_BA
config() {
  local side=$1 alg=$2 eab=$3 iab=$4 eba=$5 iba=$6
  local listen peer local remote in_spi out_spi in_enc in_int out_enc out_int
  if [ "$side" = a ]; then
    listen=192.0.2.1; peer=192.0.2.2; local=198.18.1.0/24; remote=198.18.2.0/24
    out_spi=0x1000; in_spi=0x2000; out_enc=$eab; out_int=$iab; in_enc=$eba; in_int=$iba
  else
    listen=192.0.2.2; peer=192.0.2.1; local=198.18.2.0/24; remote=198.18.1.0/24
    out_spi=0x2000; in_spi=0x1000; out_enc=$eba; out_int=$iba; in_enc=$eab; in_int=$iab
  fi
  cat <<JSON
{ "tun": "kyt0", "mtu": 1400, "offloads": $OFFLOADS, "listen": "$listen:4500",
  "tunnels": [ { "name": "bench", "peer": "$peer:4500", "algorithm": "$alg",
    "local": ["$local"], "remote": ["$remote"],
    "inbound":  { "spi": "$in_spi",  "encryptionKey": "$in_enc",  "integrityKey": "$in_int" },
    "outbound": { "spi": "$out_spi", "encryptionKey": "$out_enc", "integrityKey": "$out_int" } } ] }
JSON
}

start_agent() { # ns config-file log-file
  ip netns exec "$1" "$OUT/kyoten-agent" datapath-static --config "$2" >"$3" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do grep -q '^ready' "$3" && return 0; sleep 0.1; done
  echo "agent in $1 did not start:" >&2; cat "$3" >&2; return 1
}

iperf() { # client-ns server-ns server-address client-bind-address -> Mbit/s (receiver side)
  ip netns exec "$2" iperf3 -s -1 -B "$3" >/dev/null 2>&1 &
  local server=$!
  sleep 0.3
  local result
  result=$(ip netns exec "$1" iperf3 -c "$3" -B "$4" -t "$DURATION" -O "$OMIT" -f m | awk '/receiver/{print $(NF-2)}')
  wait "$server" 2>/dev/null || true
  echo "${result:-0}"
}

kyoten() { # algorithm enc-key-bytes int-key-bytes [flood]
  local alg=$1 elen=$2 ilen=$3 flood=""
  local eab iab eba iba
  eab=$(hex "$elen"); eba=$(hex "$elen")
  if [ "$ilen" -gt 0 ]; then iab=$(hex "$ilen"); iba=$(hex "$ilen"); else iab=""; iba=""; fi
  config a "$alg" "$eab" "$iab" "$eba" "$iba" >"$WORK/a.json"
  config b "$alg" "$eab" "$iab" "$eba" "$iba" >"$WORK/b.json"
  start_agent "$NS_A" "$WORK/a.json" "$WORK/a.log"
  start_agent "$NS_B" "$WORK/b.json" "$WORK/b.log"
  ip -n "$NS_A" route add 198.18.2.0/24 dev kyt0
  ip -n "$NS_B" route add 198.18.1.0/24 dev kyt0
  if [ "${4:-}" = flood ]; then
    # Junk from site A's WAN address to B's NAT-T port, half of it forged ESP with B's live SPI.
    ip netns exec "$NS_A" python3 "$ROOT/deploy/bench/udp-flood.py" 192.0.2.2 1000 >"$WORK/flood.out" &
    flood=$!
    sleep 0.5
  fi
  iperf "$NS_LA" "$NS_LB" 198.18.2.10 198.18.1.10
  if [ -n "$flood" ]; then kill -TERM "$flood"; wait "$flood" 2>/dev/null || true; fi
  # SIGTERM: the agents print their final "stats" line (counters) into their logs.
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  PIDS=()
  if [ -n "$flood" ]; then flood_summary >"$WORK/flood-summary"; fi
}

flood_summary() { # what the flood sent and what site B's data path dropped, by reason
  python3 - "$WORK/flood.out" "$WORK/b.log" <<'PY'
import json, sys
sent, seconds, octets = open(sys.argv[1]).read().split()
sent, seconds, octets = int(sent), float(seconds), int(octets)
print(f"  junk sent: {sent} datagrams in {seconds:.1f} s = {sent / seconds / 1000:.0f} kpps, "
      f"{octets * 8 / seconds / 1e6:.0f} Mbit/s (one sender)")
stats = [l for l in open(sys.argv[2]) if l.startswith("stats ")]
if not stats:
    print(f"  site B printed no counters; its log ends: {open(sys.argv[2]).read()[-400:]!r}")
    sys.exit(0)
engine = json.loads(stats[-1][len("stats "):])["engine"]
drops = {k: v for k, v in engine["Drops"].items() if v}
counted = sum(drops.values()) + engine['KeepalivesReceived'] + engine['IkeDatagramsReceived']
print(f"  site B counted: {sum(drops.values())} drops {drops}, keepalives {engine['KeepalivesReceived']}, "
      f"IKE {engine['IkeDatagramsReceived']}; {max(sent - counted, 0)} junk datagrams never reached the agent (kernel queues)")
PY
}

printf '%-40s %12s\n' "path (1 TCP stream, ${DURATION}s, offloads=$OFFLOADS)" "Mbit/s"
# strongSwan <-> strongSwan with its userspace data path (kernel-libipsec), measured by the
# reference script next to this one so both tables come from one definition of that setup.
strongswan() {
  [ -x /usr/lib/ipsec/charon ] || { echo "n/a (strongSwan not installed)"; return; }
  SECONDS_PER_RUN=$DURATION OMIT=$OMIT "$ROOT/deploy/bench/strongswan-libipsec.sh" 2>/dev/null | awk '/libipsec/ { print $(NF-1) }'
}

GCM=()   # AES-256-GCM and strongSwan figures in row order, for the ratio below
SWAN=()
for row in $ROWS; do
  case $row in
    veth)   printf '%-40s %12s\n' "bare veth" "$(iperf "$NS_A" "$NS_B" 192.0.2.2 192.0.2.1)" ;;
    gcm)    GCM+=("$(kyoten AesGcm256 36 0)")
            printf '%-40s %12s\n' "Kyoten ESP AES-256-GCM (UDP 4500)" "${GCM[-1]}" ;;
    chacha) printf '%-40s %12s\n' "Kyoten ESP ChaCha20-Poly1305 (UDP 4500)" "$(kyoten ChaCha20Poly1305 36 0)" ;;
    cbc)    printf '%-40s %12s\n' "Kyoten ESP AES-256-CBC/HMAC-SHA-256" "$(kyoten AesCbc256HmacSha256 32 32)" ;;
    flood)  printf '%-40s %12s\n' "Kyoten AES-256-GCM, junk flood on 4500" "$(kyoten AesGcm256 36 0 flood)"
            cat "$WORK/flood-summary" ;;
    strongswan) SWAN+=("$(strongswan)")
            printf '%-40s %12s\n' "strongSwan libipsec AES-256-GCM (UDP)" "${SWAN[-1]}" ;;
    *)      echo "unknown row $row" >&2; exit 2 ;;
  esac
done

# The issue's yardstick: Kyoten's AES-256-GCM over strongSwan's libipsec in the same run, pair by
# pair (the i-th GCM row with the i-th strongSwan row), and the median of the pairs.
if ((${#GCM[@]} > 0 && ${#SWAN[@]} > 0)); then
  pairs=$(( ${#GCM[@]} < ${#SWAN[@]} ? ${#GCM[@]} : ${#SWAN[@]} ))
  ratios=$(for ((i = 0; i < pairs; i++)); do echo "${GCM[i]} ${SWAN[i]}"; done | awk '$2 > 0 { printf "%.1f\n", $1 / $2 }')
  if [ -n "$ratios" ]; then
    median=$(sort -n <<<"$ratios" | awk '{ r[NR] = $1 } END { print NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }')
    echo "AES-256-GCM / libipsec, pair by pair: $(paste -sd' ' <<<"$ratios"); median ${median}x"
  fi
fi
