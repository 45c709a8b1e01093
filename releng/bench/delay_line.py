#!/usr/bin/env python3
"""A TCP delay line: every byte reaches the other side DELAY_MS after it was sent, both ways.

Put it in front of the local S3 server to see Tessera with S3 a network away (this machine's
kernel has no netem): `delay_line.py 39999 S3_PORT 10`, point `s3.endpoint` in
~/.tessera/local/cloud.properties at port 39999, and start the cluster again
(`./tessera down --only cluster,commands && ./tessera up`); put the endpoint back after.
The delay is a line, not a pause per read: a long response arrives DELAY_MS late as a whole.

usage: delay_line.py LISTEN_PORT TARGET_PORT DELAY_MS
"""
import asyncio
import sys

LISTEN, TARGET, DELAY = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]) / 1000


async def pump(reader, writer):
    """Copies reader to writer, each chunk DELAY after it was read, in order."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            if data is None:
                break
            writer.write(data)
            await writer.drain()
        writer.close()

    delivering = asyncio.create_task(deliver())
    try:
        while data := await reader.read(1 << 16):
            queue.put_nowait((loop.time() + DELAY, data))
    except ConnectionError:
        pass
    queue.put_nowait((loop.time() + DELAY, None))
    await delivering


async def connect(client_reader, client_writer):
    try:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", TARGET)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pump(client_reader, server_writer), pump(server_reader, client_writer),
                         return_exceptions=True)


async def main():
    server = await asyncio.start_server(connect, "127.0.0.1", LISTEN)
    async with server:
        await server.serve_forever()


asyncio.run(main())
