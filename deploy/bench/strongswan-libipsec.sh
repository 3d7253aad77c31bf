#!/usr/bin/env bash
# Reference throughput: strongSwan <-> strongSwan through charon's userspace ESP (kernel-libipsec,
# AES-256-GCM, ESP in UDP 4500), one TCP stream between two office LANs, next to a bare veth.
# The number Kyoten's own data path is compared with. Run as root on Debian 12 with
# strongswan-charon strongswan-swanctl libcharon-extra-plugins iperf3 installed.
#
#   lanA (198.18.1.10) -- siteA (198.18.1.1 | 192.0.2.1) ==WAN== (192.0.2.2 | 198.18.2.1) siteB -- lanB (198.18.2.10)
#
# Prints one "Mbit/s" line per case. Everything it creates (namespaces, temp folder, daemons) is
# removed on exit, also on failure or Ctrl-C. Addresses only from shared/TESTING.md ranges.
set -euo pipefail

SECONDS_PER_RUN="${SECONDS_PER_RUN:-10}"
OMIT="${OMIT:-2}"   # seconds iperf3 runs first and does not count (TCP slow start), as datapath.sh
CHARON=/usr/lib/ipsec/charon # Debian's path (not /usr/libexec/ipsec)
P="kyb$$"                    # per-run prefix for namespaces and links
WORK="$(mktemp -d /tmp/kyoten-bench-XXXXXX)"
NS=("$P-lana" "$P-sitea" "$P-siteb" "$P-lanb")

cleanup() {
    set +e
    for ns in "${NS[@]}"; do
        if ip netns list | grep -qw "$ns"; then
            for pid in $(ip netns pids "$ns"); do kill -TERM "$pid" 2>/dev/null; done
        fi
    done
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
for tool in "$CHARON" swanctl iperf3 ip; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

nsx() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

for ns in "${NS[@]}"; do
    ip netns add "$ns"
    nsx "$ns" ip link set lo up
done

# link NS_A DEV_A CIDR_A NS_B DEV_B CIDR_B
link() {
    ip link add "$2" type veth peer name "$5"
    ip link set "$2" netns "$1"
    ip link set "$5" netns "$4"
    nsx "$1" ip addr add "$3" dev "$2"
    nsx "$4" ip addr add "$6" dev "$5"
    nsx "$1" ip link set "$2" up
    nsx "$4" ip link set "$5" up
}
link "$P-lana" "${P}la" 198.18.1.10/24 "$P-sitea" "${P}sla" 198.18.1.1/24
link "$P-sitea" "${P}wa" 192.0.2.1/24 "$P-siteb" "${P}wb" 192.0.2.2/24
link "$P-siteb" "${P}slb" 198.18.2.1/24 "$P-lanb" "${P}lb" 198.18.2.10/24
nsx "$P-lana" ip route add default via 198.18.1.1
nsx "$P-lanb" ip route add default via 198.18.2.1
for ns in "$P-sitea" "$P-siteb"; do
    nsx "$ns" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
done

# site NAME NS LOCAL_WAN REMOTE_WAN LOCAL_LAN REMOTE_LAN LOCAL_ID REMOTE_ID
site() {
    local dir="$WORK/$1"
    mkdir -p "$dir"/swanctl/{x509,x509ca,x509aa,x509ac,x509crl,x509ocsp,private,pubkey,rsa,ecdsa,bliss,pkcs8,pkcs12,conf.d}
    cat >"$dir/strongswan.conf" <<EOF
charon {
  load_modular = no
  # kernel-libipsec before kernel-netlink: the kernel here has no ESP; kdf is needed by 5.9.8's PRF+.
  load = random nonce openssl pem pkcs1 pkcs8 x509 pubkey aes sha1 sha2 hmac kdf gcm curve25519 kernel-libipsec kernel-netlink socket-default vici
  install_routes = yes
  filelog { bench { path = $dir/charon.log
                    default = 1
                    flush_line = yes } }
  plugins { vici { socket = unix://$dir/charon.vici } }
}
EOF
    cat >"$dir/swanctl/swanctl.conf" <<EOF
connections {
  bench {
    version = 2
    local_addrs = $3
    remote_addrs = $4
    proposals = aes256gcm16-prfsha256-x25519
    local { auth = psk
            id = $7 }
    remote { auth = psk
             id = $8 }
    children {
      lan {
        local_ts = $5
        remote_ts = $6
        esp_proposals = aes256gcm16
        mode = tunnel
      }
    }
  }
}
secrets {
  ike-bench { id-1 = $7
              id-2 = $8
              secret = "kyoten-bench-psk-0123456789abcdef" }
}
EOF
    # Private /run: the Debian build always writes /var/run/charon.pid.
    ip netns exec "$2" env STRONGSWAN_CONF="$dir/strongswan.conf" \
        unshare -m --propagation private sh -c "mount -t tmpfs tmpfs /run && exec $CHARON" >"$dir/console.log" 2>&1 &
    local tries=0
    until swanctl --stats --uri "unix://$dir/charon.vici" >/dev/null 2>&1; do
        tries=$((tries + 1))
        ((tries < 100)) || { echo "charon of $1 did not start:" >&2; cat "$dir/console.log" "$dir/charon.log" >&2; exit 1; }
        sleep 0.05
    done
    SWANCTL_DIR="$dir/swanctl" swanctl --load-all --file "$dir/swanctl/swanctl.conf" --uri "unix://$dir/charon.vici" >/dev/null
}
site a "$P-sitea" 192.0.2.1 192.0.2.2 198.18.1.0/24 198.18.2.0/24 a.bench.test b.bench.test
site b "$P-siteb" 192.0.2.2 192.0.2.1 198.18.2.0/24 198.18.1.0/24 b.bench.test a.bench.test
swanctl --initiate --child lan --timeout 20 --uri "unix://$WORK/a/charon.vici" >/dev/null || {
    echo "tunnel did not come up:" >&2; cat "$WORK/a/charon.log" "$WORK/b/charon.log" >&2; exit 1; }
nsx "$P-lana" ping -c 1 -W 2 198.18.2.10 >/dev/null || { echo "no ping through the tunnel" >&2; exit 1; }

# measure LABEL CLIENT_NS SERVER_NS SERVER_ADDRESS
measure() {
    nsx "$3" iperf3 -s -1 -B "$4" >/dev/null 2>&1 &
    local tries=0
    until nsx "$3" ss -ltnH "sport = :5201" | grep -q 5201; do
        tries=$((tries + 1))
        ((tries < 100)) || { echo "iperf3 server did not start" >&2; exit 1; }
        sleep 0.05
    done
    local mbits
    mbits="$(nsx "$2" iperf3 -c "$4" -t "$SECONDS_PER_RUN" -O "$OMIT" -P 1 -f m | awk '/receiver/ { print $(NF-2) }')"
    printf '%-52s %8s Mbit/s\n' "$1" "$mbits"
}

echo "one TCP stream, ${SECONDS_PER_RUN}s, $(nproc) cores, $(uname -r)"
measure "strongSwan 5.9.8 libipsec, aes256gcm16, LAN->LAN" "$P-lana" "$P-lanb" 198.18.2.10
measure "bare veth, site A -> site B (reference)" "$P-sitea" "$P-siteb" 192.0.2.2
swanctl --list-sas --uri "unix://$WORK/a/charon.vici" | grep -E "ESP|bytes" | sed 's/^/  /'
