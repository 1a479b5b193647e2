"""The listening socket ``ebbtide server serve`` binds: its connections send without delay."""

from __future__ import annotations

import asyncio
import socket

from ebbtide.server.localpg import free_port
from ebbtide.server.serving import listening_socket


async def _nodelay_of_accepted(sock: socket.socket) -> int:
    """TCP_NODELAY on the server's side of one connection that asyncio accepts from ``sock``."""
    seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def accepted(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn: socket.socket = writer.get_extra_info("socket")
        seen.set_result(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(accepted, sock=sock)
    async with server:
        _reader, writer = await asyncio.open_connection(*sock.getsockname()[:2])
        try:
            return await asyncio.wait_for(seen, 10)
        finally:
            writer.close()


def test_connections_accepted_on_the_served_socket_have_nodelay() -> None:
    sock = listening_socket("127.0.0.1", free_port(), reuse_port=False)
    # without TCP_NODELAY a response's body waits for the ACK of its head: ~40 ms each
    assert asyncio.run(_nodelay_of_accepted(sock)) != 0
