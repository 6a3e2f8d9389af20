#!/usr/bin/python3
"""The director's kernel fence for the VIP, as seen from its own guest: every 50 ms, the deadline the director wrote into
the BPF hash map "lvs_vip_fence" (key: the VIP as IPv6, IPv4 mapped into ::ffff:0:0/96, four u32s in host byte order of its big-endian groups, value: u64 CLOCK_MONOTONIC ns; the tc
ingress program drops packets to the VIP and ARP/ND for it once monotonic now > deadline; 0 = closed). `ip monitor`
only shows the address and the link; a frozen or dead owner keeps its address for up to the VIP's lifetime, but its
fence closes by itself at its lease end, so ownership.py needs this too to judge who answers for the VIP.
Writes one line per change of the fence state (not per poll), with wall-clock ms (time.time(), like the other logs):
  UNIX_MS open-until UNIX_MS_DEADLINE   the kernel answers for the VIP until that wall time (the monotonic deadline
                                        converted: now_wall - (now_mono - deadline), rounded up)
  UNIX_MS closed                        the entry is 0: the kernel drops the VIP's packets
  UNIX_MS none                          no such map, no entry for the VIP, or the map could not be read: not fenced
                                        (the address alone decides: keepalived, an older director)
  UNIX_MS error TEXT                    once per distinct error of the bpf(2) calls (diagnostics; ownership.py skips it)
The map with that name and the highest id is the fence (a restarted director makes a new one; the old one disappears
when its filter is replaced). No map fd is held between polls: holding it would keep a replaced map alive.
Cost: about 5 system calls per poll once the map is known (100 a second). Runs until killed.
Usage: fence-sampler.py VIP"""
import ctypes
import errno
import ipaddress
import os
import struct
import sys
import time

vip = sys.argv[1] if len(sys.argv) > 1 else "192.0.2.100"
NAME = b"lvs_vip_fence"
SYS_BPF = 321  # x86_64 (UML on x86_64 uses the same table)
BPF_MAP_LOOKUP_ELEM, BPF_MAP_GET_NEXT_ID, BPF_MAP_GET_FD_BY_ID, BPF_OBJ_GET_INFO_BY_FD = 1, 12, 14, 15
BPF_MAP_TYPE_HASH = 1
# 50 ms: what the log holds are deadlines, exact whenever the poll came, and a holder's deadline is always at least its
# lease less one renewal ahead (500 ms safe, 250 ms fast), so no renewal is missed; a poll every 10 ms cost each
# one-CPU guest 500 system calls a second beside a director that must renew its lease in time.
INTERVAL = 0.05

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
libc.syscall.argtypes = (ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_uint)
attr = ctypes.create_string_buffer(128)  # union bpf_attr: every command's part fits; the kernel wants the rest zero
info = ctypes.create_string_buffer(88)  # struct bpf_map_info (include/uapi/linux/bpf.h, 6.x: 88 bytes)
# The key: the address as IPv6 (an IPv4 one mapped, ::ffff:a.b.c.d), four native u32s of its big-endian 32-bit groups.
_groups = struct.unpack(">IIII", ipaddress.ip_address(vip).packed if ipaddress.ip_address(vip).version == 6 else ipaddress.IPv6Address("::ffff:" + vip).packed)
key = ctypes.create_string_buffer(struct.pack("<IIII", *_groups), 16)
value = ctypes.create_string_buffer(8)
out = os.fdopen(sys.stdout.fileno(), "w", buffering=1)
reported = set()


class BpfError(Exception):
    pass


def bpf(cmd, layout, *fields):
    """bpf(cmd, attr) with attr's first bytes packed from layout; the return value, or BpfError(errno)."""
    ctypes.memset(attr, 0, len(attr))
    struct.pack_into(layout, attr, 0, *fields)
    result = libc.syscall(SYS_BPF, cmd, attr, len(attr))
    if result < 0:
        raise BpfError(ctypes.get_errno())
    return result


def next_map_id(start):
    """The next map id after start, or None (ENOENT: no more)."""
    try:
        bpf(BPF_MAP_GET_NEXT_ID, "<III", start, 0, 0)  # start_id, next_id, open_flags
    except BpfError as e:
        if e.args[0] == errno.ENOENT:
            return None
        raise
    return struct.unpack_from("<I", attr, 4)[0]


def map_fd(map_id):
    """A new fd for the map with that id, or None if it is gone."""
    try:
        return bpf(BPF_MAP_GET_FD_BY_ID, "<III", map_id, 0, 0)  # map_id, next_id, open_flags
    except BpfError as e:
        if e.args[0] == errno.ENOENT:
            return None
        raise


def is_fence(map_id):
    fd = map_fd(map_id)
    if fd is None:
        return False
    try:
        ctypes.memset(info, 0, len(info))
        bpf(BPF_OBJ_GET_INFO_BY_FD, "<IIQ", fd, len(info), ctypes.addressof(info))  # bpf_fd, info_len, info
        kind, _, key_size, value_size = struct.unpack_from("<IIII", info, 0)
        name = info.raw[24:40].split(b"\0", 1)[0]
        return name == NAME and kind == BPF_MAP_TYPE_HASH and key_size == 16 and value_size == 8
    finally:
        os.close(fd)


class Fence:
    """Knows the fence map's id between polls: a poll asks only for ids above the highest one seen (new maps get
    higher ids), and scans all ids again only when the known map has gone."""

    def __init__(self):
        self.current, self.seen = None, 0

    def scan(self):
        while (found := next_map_id(self.seen)) is not None:
            if is_fence(found):  # an error here leaves found unseen: the next poll looks at it again
                self.current = found
            self.seen = found

    def read(self):
        """The entry for the VIP: its u64 value, or None (no map, no entry)."""
        self.scan()
        while self.current is not None:
            fd = map_fd(self.current)
            if fd is None:  # replaced or removed: the newest remaining map of that name, if any
                self.current, self.seen = None, 0
                self.scan()
                continue
            try:
                bpf(BPF_MAP_LOOKUP_ELEM, "<IIQQ", fd, 0, ctypes.addressof(key), ctypes.addressof(value))
                return struct.unpack("<Q", value.raw)[0]
            except BpfError as e:
                if e.args[0] == errno.ENOENT:
                    return None
                raise
            finally:
                os.close(fd)
        return None


def ceil_ms(ns):
    return -(-ns // 1_000_000)


fence = Fence()
last, last_before = "unset", None  # the previous poll's value and its wall time (ns) taken before it read the map
last_mono_before = None  # the previous poll's monotonic time (ns) beside last_before
STEP_NS = 20_000_000  # the wall clock moved this much more (or less) than the monotonic one between two polls: a step
next_poll = time.monotonic()
while True:
    before, mono_before = time.time_ns(), time.monotonic_ns()
    # A wall-clock step (the lab's clock runs: date set ±5 s) between the previous poll and this one: that poll's wall
    # time and this poll's deadline are on two different clocks, so a line dated by the former read the deadline 5 s
    # off (a phantom closing, or a fence open 5 s too long). Across a step, lines are dated by this poll.
    if last_before is not None and abs((before - last_before) - (mono_before - last_mono_before)) > STEP_NS:
        last_before = None
    try:
        deadline = fence.read()
    except BpfError as e:  # EPERM, ENOSYS, a map gone between two calls, ...: not fenced, as far as anyone can tell
        deadline = None
        text = f"bpf: {errno.errorcode.get(e.args[0], e.args[0])}"
        if text not in reported:
            reported.add(text)
            out.write(f"{before // 1_000_000} error {text}\n")
    except OSError as e:
        deadline = None
        if str(e) not in reported:
            reported.add(str(e))
            out.write(f"{before // 1_000_000} error {e}\n")
    mono, after = time.monotonic_ns(), time.time_ns()
    if deadline != last:
        if deadline is None:
            word, opens = "none", True
        elif deadline == 0:
            word, opens = "closed", False
        else:
            # The deadline in wall time from this poll's pair of clock readings, rounded up (later = longer open).
            word, opens = f"open-until {ceil_ms(after - (mono - deadline))}", deadline >= mono
        # Conservative for counting two owners: a line that leaves the fence open (none, a deadline still ahead) is
        # dated the earliest moment the value could have been written: the previous poll, the last one that still saw
        # the old value (floored); a line that closes it is dated the latest: after this poll's read (rounded up).
        if last_before is None:
            when = before // 1_000_000
        elif opens:
            when = last_before // 1_000_000
        else:
            when = ceil_ms(after)
        out.write(f"{when} {word}\n")
        last = deadline
    last_before, last_mono_before = before, mono_before
    next_poll += INTERVAL
    pause = next_poll - time.monotonic()
    if pause < 0:  # stalled: do not burst to catch up
        next_poll, pause = time.monotonic() + INTERVAL, INTERVAL
    time.sleep(pause)
