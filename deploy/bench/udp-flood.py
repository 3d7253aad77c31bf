#!/usr/bin/env python3
"""Floods UDP port 4500 with junk as fast as one core sends, until SIGTERM; prints what it sent.

Half the datagrams start with a live SPI (forged ESP: the receiver must look it up and fail the
ICV, its most expensive drop), the rest are random bytes (unknown SPI, malformed, IKE, keepalive).
Usage: udp-flood.py TARGET_ADDRESS [SPI_HEX] [FWMARK]
"""
import os
import random
import signal
import socket
import sys
import time

target = (sys.argv[1], 4500)
spi = int(sys.argv[2], 16) if len(sys.argv) > 2 else 0x1000
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
if len(sys.argv) > 3:
    sock.setsockopt(socket.SOL_SOCKET, 36, int(sys.argv[3], 0))  # SO_MARK
rng = random.Random(4500)
pool = []
for i in range(1024):
    d = bytearray(os.urandom(rng.randint(1, 1450)))
    if i % 2 == 0 and len(d) >= 8:
        d[0:4] = spi.to_bytes(4, "big")
    pool.append(bytes(d))

stop = False


def on_term(*_):
    global stop
    stop = True


signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGINT, on_term)
sent = 0
octets = 0
start = time.monotonic()
while not stop:
    for d in pool:
        try:
            sock.sendto(d, target)
        except OSError:
            continue  # ENOBUFS under load: keep going
        sent += 1
        octets += len(d)
elapsed = time.monotonic() - start
print(f"{sent} {elapsed:.3f} {octets}", flush=True)
