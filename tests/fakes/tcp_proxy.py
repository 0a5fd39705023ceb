"""A TCP relay on 127.0.0.1 in front of a server, to take that server away and bring it back."""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType

from fakes.ports import free_port


class TcpProxy:
    """Relays 127.0.0.1:`port` to `host`:`target`; `cut()` makes the server vanish, `hang()`
    makes it accept connections and never answer, `restore()` brings it back on the same port."""

    def __init__(self, host: str, target: int) -> None:
        self.host = host
        self.target = target
        self.port = free_port()
        self.silent = False
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def restore(self) -> None:
        """Listen (again) and relay every new connection."""
        await self.cut()
        self.silent = False
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)

    async def cut(self) -> None:
        """The server is gone: the port is closed and every open connection dropped."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def hang(self) -> None:
        """The server stalls: open connections dropped, new ones accepted and never answered."""
        await self.restore()
        self.silent = True

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        if self.silent:
            return  # kept open, never answered, until cut() or restore()
        try:
            up_reader, up_writer = await asyncio.open_connection(self.host, self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.add(up_writer)
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    async def __aenter__(self) -> TcpProxy:
        await self.restore()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.cut()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.IncompleteReadError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    writer.transport.abort()
