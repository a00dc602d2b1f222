"""CSV rows into files of at most `limit` bytes each.

Telegram takes documents of at most 50 MB from a bot, so a long export goes out as several files.
Each is a whole CSV (UTF-8 with a BOM, so spreadsheet programs show Persian, and the header row)
that opens on its own; rows are never split across files.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO

_BOM = "\ufeff".encode()
_SPOOL_BYTES = 4 * 1024 * 1024  # kept in memory up to this size, then in a temporary file


@dataclass(frozen=True, slots=True)
class CsvFile:
    file: IO[bytes]  # positioned at its start
    name: str


class CsvParts:
    def __init__(self, header: Sequence[str], *, limit: int) -> None:
        self._line = io.StringIO()
        self._writer = csv.writer(self._line)
        self._header = _BOM + self._encode(header)
        self._limit = limit
        self._files: list[IO[bytes]] = []
        self._size = 0  # of the last file

    def write(self, row: Iterable[object]) -> None:
        line = self._encode(row)
        if not self._files or self._size + len(line) > self._limit:
            self._start()
        self._files[-1].write(line)
        self._size += len(line)

    def finish(self, stem: str) -> list[CsvFile]:
        """The files, each at its start: `stem.csv`, or `stem-1of3.csv` and so on."""
        if not self._files:
            self._start()
        count = len(self._files)
        for file in self._files:
            file.seek(0)
        if count == 1:
            return [CsvFile(self._files[0], f"{stem}.csv")]
        return [CsvFile(file, f"{stem}-{n}of{count}.csv") for n, file in enumerate(self._files, 1)]

    def close(self) -> None:
        for file in self._files:
            file.close()

    def _start(self) -> None:
        # Not a `with`: the files outlive this call; `close` ends them.
        file = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
        file.write(self._header)
        self._files.append(file)
        self._size = len(self._header)

    def _encode(self, row: Iterable[object]) -> bytes:
        self._line.seek(0)
        self._line.truncate()
        self._writer.writerow(row)
        return self._line.getvalue().encode()
