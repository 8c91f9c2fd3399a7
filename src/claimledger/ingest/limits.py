"""Reading with bounds: a stream that ends at a byte budget, records read no larger than a limit.

An archive (a WARC, a gzip file) says nothing trustworthy about its size until it is read: these
helpers read it in chunks and stop at the limit, so memory never holds more than one record.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

CHUNK = 1 << 16  # bytes read at a time while skipping or bounding
_DAMAGE = (EOFError, gzip.BadGzipFile, zlib.error)  # a truncated or corrupt gzip stream


def size_text(n: int) -> str:
    """A limit as people read it: "50 MB" (mebibytes), or bytes under one."""
    mb = 1024 * 1024
    return f"{n // mb} MB" if n >= mb else f"{n:,} bytes"


class Budget(io.RawIOBase):
    """The bytes of ``fh`` up to ``limit``, then the end of the stream.

    ``spent()`` tells whether ``fh`` held more than the budget. A gzip stream that turns out
    truncated or corrupt also just ends, and ``damage`` says why: readers such as warcio take
    an ``EOFError`` inside a record for the end of the archive and would hide it.
    """

    def __init__(self, fh: BinaryIO, limit: int):
        super().__init__()
        self.fh = fh
        self.limit = limit
        self.left = limit
        self.damage: str | None = None
        self._more = False

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.left <= 0 or self.damage:
            return 0
        view = memoryview(b)
        read = getattr(self.fh, "read1", self.fh.read)  # one chunk: what came before a damaged part is kept
        try:
            data = read(min(len(view), self.left))
        except _DAMAGE as e:
            self.damage = f"{type(e).__name__}: {e}"
            return 0
        view[: len(data)] = data
        self.left -= len(data)
        return len(data)

    def spent(self) -> bool:
        """True when the budget ran out before ``fh`` did."""
        if self.left > 0 or self.damage:
            return False
        if not self._more:
            try:
                self._more = bool(self.fh.read(1))
            except _DAMAGE:
                return False
        return self._more


def bounded(fh: BinaryIO, limit: int) -> tuple[io.BufferedReader, Budget]:
    """``fh`` as a buffered stream that ends after ``limit`` bytes, and its budget."""
    budget = Budget(fh, limit)
    return io.BufferedReader(budget, CHUNK), budget


def read_at_most(stream: BinaryIO, limit: int) -> bytes | None:
    """All of ``stream``, or None when it holds more than ``limit`` bytes (reading stops just past the limit)."""
    chunks: list[bytes] = []
    n = 0
    while n <= limit:
        chunk = stream.read(min(CHUNK, limit + 1 - n))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        n += len(chunk)
    return None


def lines_at_most(fh: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Each line of ``fh``; None in place of a line longer than ``limit`` bytes, which is skipped in chunks."""
    while line := fh.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := fh.readline(CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line
