#!/usr/bin/env bash
# Debian strongSwan's IKEv2 responder rate on one core: charon (PSK, AES-GCM-256, X25519, the same
# proposal as HandshakeBenchmarks) in one network namespace pinned with taskset to one CPU, driven
# by Kyoten's engine as initiator (StrongSwanLoadDriver) from another namespace pinned to another
# CPU. Each IKE SA is deleted by the driver once established, so charon's work per handshake is
# IKE_SA_INIT + IKE_AUTH (+ CHILD SA install in kernel-libipsec) + INFORMATIONAL delete.
# Prints the handshakes/s seen by the driver and handshakes per charon CPU-second (from
# /proc/PID/stat, which stays meaningful on a shared machine). Run as root on Debian 12 with
# strongswan-charon strongswan-swanctl libcharon-extra-plugins; builds tests/Kyoten.Benchmarks.
#
#   drv (198.18.0.1, CPU $DRIVER_CPU) ==veth== (198.18.0.2, CPU $CHARON_CPU) swan
#
# Everything it creates (namespaces, temp folder, daemons) is removed on exit, also on failure.
set -euo pipefail

WARMUP="${WARMUP:-3}"
MEASURE="${MEASURE:-15}"
CONCURRENCY="${CONCURRENCY:-16}"
LOGLEVEL="${LOGLEVEL:-0}" # charon log level; the log is printed when > 0
CHARON_CPU="${CHARON_CPU:-0}"
DRIVER_CPU="${DRIVER_CPU:-1}"
CHARON=/usr/lib/ipsec/charon
P="kyss$$"
WORK="$(mktemp -d /tmp/kyoten-ssresp-XXXXXX)"
NS=("$P-drv" "$P-swan")
REPO="$(cd "$(dirname "$0")/../../.." && pwd)"
PSK="kyoten-bench-psk-0123456789abcdef"

cleanup() {
    set +e
    for ns in "${NS[@]}"; do
        if ip netns list | grep -qw "$ns"; then
            for pid in $(ip netns pids "$ns"); do kill -TERM "$pid" 2>/dev/null; done
        fi
    done
    sleep 0.2
    for ns in "${NS[@]}"; do
        if ip netns list | grep -qw "$ns"; then
            for pid in $(ip netns pids "$ns"); do kill -KILL "$pid" 2>/dev/null; done
            ip netns del "$ns"
        fi
    done
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

[[ $EUID -eq 0 ]] || { echo "run as root (network namespaces)" >&2; exit 1; }
for tool in "$CHARON" swanctl ip taskset dotnet; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

dotnet build -c Release "$REPO/tests/Kyoten.Benchmarks" -v q >/dev/null
DRIVER="$REPO/tests/Kyoten.Benchmarks/bin/Release/net10.0/Kyoten.Benchmarks.dll"

nsx() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }
for ns in "${NS[@]}"; do
    ip netns add "$ns"
    nsx "$ns" ip link set lo up
done
ip link add "${P}d" type veth peer name "${P}s"
ip link set "${P}d" netns "$P-drv"
ip link set "${P}s" netns "$P-swan"
nsx "$P-drv" ip addr add 198.18.0.1/24 dev "${P}d"
nsx "$P-swan" ip addr add 198.18.0.2/24 dev "${P}s"
nsx "$P-drv" ip link set "${P}d" up
nsx "$P-swan" ip link set "${P}s" up
# charon's kernel-libipsec routes the CHILD SA's traffic from an address inside local_ts.
nsx "$P-swan" ip addr add 198.18.2.1/32 dev lo

dir="$WORK/swan"
mkdir -p "$dir"/swanctl/{x509,x509ca,x509aa,x509ac,x509crl,x509ocsp,private,pubkey,rsa,ecdsa,bliss,pkcs8,pkcs12,conf.d}
cat >"$dir/strongswan.conf" <<EOF
charon {
  load_modular = no
  load = random nonce openssl pem pkcs1 pkcs8 x509 pubkey aes sha1 sha2 hmac kdf gcm curve25519 kernel-libipsec kernel-netlink socket-default vici
  # One initiator address opens many IKE SAs at once: no per-address blocking, no cookies.
  block_threshold = 1000000
  cookie_threshold = 1000000
  init_limit_half_open = 0
  filelog { bench { path = $dir/charon.log
                    default = $LOGLEVEL
                    flush_line = yes } }
  plugins { vici { socket = unix://$dir/charon.vici } }
}
EOF
cat >"$dir/swanctl/swanctl.conf" <<EOF
connections {
  bench {
    version = 2
    local_addrs = 198.18.0.2
    remote_addrs = 198.18.0.1
    proposals = aes256gcm16-prfsha256-x25519
    unique = never
    local { auth = psk
            id = strongswan.example }
    remote { auth = psk
             id = kyoten.example }
    children {
      lan {
        local_ts = 198.18.2.0/24
        remote_ts = 198.18.1.0/24
        esp_proposals = aes256gcm16
        mode = tunnel
      }
    }
  }
}
secrets {
  ike-bench { id-1 = strongswan.example
              id-2 = kyoten.example
              secret = "$PSK" }
}
EOF
# Private /run: the Debian build always writes /var/run/charon.pid.
ip netns exec "$P-swan" env STRONGSWAN_CONF="$dir/strongswan.conf" \
    unshare -m --propagation private sh -c "mount -t tmpfs tmpfs /run && exec taskset -c $CHARON_CPU $CHARON" >"$dir/console.log" 2>&1 &
tries=0
until swanctl --stats --uri "unix://$dir/charon.vici" >/dev/null 2>&1; do
    tries=$((tries + 1))
    ((tries < 200)) || { echo "charon did not start:" >&2; cat "$dir/console.log" >&2; exit 1; }
    sleep 0.05
done
SWANCTL_DIR="$dir/swanctl" swanctl --load-all --file "$dir/swanctl/swanctl.conf" --uri "unix://$dir/charon.vici" >/dev/null
charon_pid="$(pgrep -f "^$CHARON" --ns "$(ip netns pids "$P-swan" | head -1)" | head -1 || true)"
[[ -n "$charon_pid" ]] || charon_pid="$(ip netns pids "$P-swan" | while read -r p; do [[ "$(readlink /proc/$p/exe)" == "$CHARON" ]] && echo "$p"; done | head -1)"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
before="$(cpu_ticks "$charon_pid")"
result="$(nsx "$P-drv" taskset -c "$DRIVER_CPU" dotnet "$DRIVER" --strongswan-load 198.18.0.1 198.18.0.2 "$PSK" "$WARMUP" "$MEASURE" "$CONCURRENCY")"
after="$(cpu_ticks "$charon_pid")"
hz="$(getconf CLK_TCK)"
if ((LOGLEVEL > 0)); then tail -n 60 "$dir/charon.log" "$dir/console.log"; ls -la "$dir"; fi
total="$(sed -n 's/.*(total \([0-9]*\),.*/\1/p' <<<"$result")"
echo "driver: $result"
awk -v t="$total" -v d="$((after - before))" -v hz="$hz" \
    'BEGIN { cpu = d / hz; printf "charon CPU %.2f s for %d handshakes = %.0f handshakes per charon CPU-second\n", cpu, t, (cpu > 0 ? t / cpu : 0) }'
