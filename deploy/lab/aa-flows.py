#!/usr/bin/python3
"""Many long-lived flows through a VIP, for the active-active lab: aa-flows.py HOST PORT COUNT INTERVAL [CONTROL].

Holds COUNT TCP connections (each its own source port, which the router's L4 ECMP hash spreads over the directors);
each sends a line every INTERVAL seconds (spread evenly over the interval) and waits for its echo, which names the
real server. Lines, with the time in ms first:
  opened PORT SERVER         a flow is up (its client port, the real server its first echo named)
  lost PORT SERVER REASON    a flow broke: reset, closed, an echo from another real server (it moved), or no echo
                             for 30 s ("silent SENT_MS": SENT_MS is when the line that got no echo went out, which
                             dates the break; the line itself comes 30 s later); a new flow takes its place a second
                             later
  refused PORT REASON        a new flow could not connect (from PORT: the kernel may pick it again for the next)
  alive K                    every 5 s: flows that had an echo in the last 5 s (K)
With CONTROL (a file path): "burst SECONDS [FLOWS]" written into it makes every flow (or the first FLOWS) send as fast
as its echoes come back for SECONDS, and "burst N ECHOES" is printed at the end (the throughput figure); the file is
emptied when read.
Runs until killed."""
import asyncio
import resource
import socket
import os
import sys
import time

# A socket per flow: far above the default limit of 1024 open files (the guest runs this as root).
try:
    resource.setrlimit(resource.RLIMIT_NOFILE, (65536, 65536))
except (ValueError, OSError):
    resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
host, port, count, interval = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
control = sys.argv[5] if len(sys.argv) > 5 else None
SILENCE = 30.0
answered = {}
burst_until = 0.0
burst_echoes = 0
burst_flows = count  # flows n < burst_flows take part in a burst
wake = asyncio.Event()  # set for a burst: the flows waiting out their interval send at once


def say(text):
    print(f"{int(time.time() * 1000)} {text}", flush=True)


async def hold(n):
    global burst_echoes
    await asyncio.sleep(interval * n / count)
    while True:
        sock = socket.socket()
        sock.setblocking(False)
        try:
            await asyncio.wait_for(asyncio.get_running_loop().sock_connect(sock, (host, port)), 5)
            reader, writer = await asyncio.open_connection(sock=sock)
        except (OSError, asyncio.TimeoutError) as e:
            try:
                tried = sock.getsockname()[1]
            except OSError:
                tried = 0
            sock.close()
            say(f"refused {tried} {e.__class__.__name__}")
            await asyncio.sleep(1)
            continue
        local = writer.get_extra_info("sockname")[1]
        server, seq = None, 0
        try:
            while True:
                if time.time() < burst_until and n >= burst_flows:
                    # Out of the burst: quiet until it ends, so that the burst alone fills the directors' queues.
                    await asyncio.sleep(burst_until - time.time())
                seq += 1
                sent = time.time()
                writer.write(f"{n}.{seq}\n".encode())
                await writer.drain()
                line = await asyncio.wait_for(reader.readline(), SILENCE)
                if not line:
                    raise ConnectionResetError("closed by peer")
                who = line.split(b" ", 1)[0].decode()
                if server is None:
                    server = who
                    say(f"opened {local} {server}")
                elif who != server:
                    raise ConnectionError(f"moved to {who}")
                now = time.time()
                answered[n] = now
                if now < burst_until and n < burst_flows:
                    burst_echoes += 1
                    continue
                try:
                    await asyncio.wait_for(wake.wait(), interval)
                except asyncio.TimeoutError:
                    pass
        except asyncio.TimeoutError:
            say(f"lost {local} {server} silent {int(sent * 1000)}")
        except OSError as e:
            say(f"lost {local} {server} {e.__class__.__name__}:{e}".replace("\n", " "))
        writer.close()
        await asyncio.sleep(1)


async def report():
    global burst_until, burst_echoes, burst_flows
    last = time.time()
    while True:
        await asyncio.sleep(0.5)
        if control and os.path.exists(control):
            with open(control, "r+") as f:
                words = f.read().split()
                f.truncate(0)
            if len(words) in (2, 3) and words[0] == "burst":
                seconds = float(words[1])
                burst_flows = int(words[2]) if len(words) == 3 else count
                burst_echoes = 0
                burst_until = time.time() + seconds
                wake.set()
                await asyncio.sleep(seconds)
                wake.clear()
                await asyncio.sleep(0.5)
                say(f"burst {seconds:g} {burst_echoes}")
                burst_flows = count
        if time.time() - last >= 5:
            last = time.time()
            recent = sum(1 for t in list(answered.values()) if time.time() - t < 5)
            say(f"alive {recent}")


async def main():
    await asyncio.gather(report(), *(hold(n) for n in range(count)))


asyncio.run(main())
