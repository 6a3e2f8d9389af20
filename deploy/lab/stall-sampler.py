#!/usr/bin/python3
"""Whether this guest's kernel ran: wakes every 20 ms and logs each time it woke more than 120 ms late.
Run it SCHED_FIFO (chrt -f): then no process of the guest can keep it from running — not a director, not stress-ng's
hogs in a starvation run — and a late wake means the whole guest stood still (the host gave its UML process no CPU,
or the guest's kernel was busy in a section nothing preempts). A director on such a guest is frozen, as by SIGSTOP,
however it is tuned, and so is a hub that forwards nobody's frames: a lease that lapses then lapses as it must.
ownership.py reads these logs to tell a move caused by the lab's host (stall_ms) from one the director caused.
One line per late wake, with wall-clock ms (time.time(), like the other logs):
  UNIX_MS stall MS     the guest stood still for about MS ms, ending at UNIX_MS
Cost: 50 wake-ups a second. Runs until killed.
Usage: stall-sampler.py"""
import os
import sys
import time

INTERVAL = 0.02
# 120 ms late: a guest that runs but is busy wakes a SCHED_FIFO sleeper within a tick or two (UML's 4 ms); a stall
# that matters to a lease is several times this (the fast profile's 260 ms, the safe one's 750 ms).
LATE = 0.12

out = os.fdopen(sys.stdout.fileno(), "w", buffering=1)
before = time.monotonic()
while True:
    time.sleep(INTERVAL)
    now = time.monotonic()
    took = now - before
    if took - INTERVAL > LATE:
        out.write(f"{int(time.time() * 1000)} stall {int(took * 1000)}\n")
    before = now
