"""Every CSV file the bot produces: rows of cells in, bytes (`csv_bytes`) or files of at most a
given size (`CsvParts`) out.

Each file is UTF-8 with a BOM (so spreadsheet programs show Persian) and starts with its header
row. Every text cell goes through `safe_cell`: a spreadsheet runs a cell starting with `=`, `+`,
`-`, `@`, a tab or a CR as a formula, and the texts, numbers and gateway answers in these files
come from people and from the gateway. Telegram takes documents of at most 50 MB from a bot, so a
long file goes out as several, each a whole CSV that opens on its own; rows are never split.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO

_BOM = "\ufeff".encode()
_SPOOL_BYTES = 4 * 1024 * 1024  # kept in memory up to this size, then in a temporary file
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain negative number ("-22", a gateway code) is no formula and stays a number.
_NEGATIVE_NUMBER = re.compile(r"-[0-9]+(?:\.[0-9]+)?")


def safe_cell(cell: object) -> object:
    """`cell`, or a text a spreadsheet would run as a formula with a leading apostrophe."""
    if (
        isinstance(cell, str)
        and cell.startswith(FORMULA_START)
        and not _NEGATIVE_NUMBER.fullmatch(cell)
    ):
        return "'" + cell
    return cell


def csv_bytes(header: Sequence[str], rows: Iterable[Iterable[object]]) -> bytes:
    """A whole CSV file in memory: for files that are small by nature (a campaign's failures)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in (header, *rows):
        writer.writerow(safe_cell(cell) for cell in row)
    return _BOM + out.getvalue().encode()


@dataclass(frozen=True, slots=True)
class CsvFile:
    file: IO[bytes]  # positioned at its start
    name: str


class CsvParts:
    """A CSV written row by row into files of at most `limit` bytes each."""

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
        self._writer.writerow(safe_cell(cell) for cell in row)
        return self._line.getvalue().encode()
