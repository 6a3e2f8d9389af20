#!/usr/bin/python3
"""TCP echo server for long-lived connections: echo-server.py PORT NAME. Sends back every line it reads, prefixed
with NAME so the client sees which real server holds the connection. One event loop for every connection (the
active-active lab holds thousands through three of these in one one-CPU guest; a thread each would not fit)."""
import asyncio
import resource
import sys

# A socket per flow: far above the default limit of 1024 open files (the guest runs this as root).
try:
    resource.setrlimit(resource.RLIMIT_NOFILE, (65536, 65536))
except (ValueError, OSError):
    resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
port, name = int(sys.argv[1]), sys.argv[2].encode()


async def serve(reader, writer):
    try:
        while line := await reader.readline():
            writer.write(name + b" " + line)
            await writer.drain()
    except OSError:
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(serve, "0.0.0.0", port, backlog=1024)
    async with server:
        await server.serve_forever()


asyncio.run(main())
