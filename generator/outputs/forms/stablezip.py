"""Deterministic zip archives, the container of both Office formats."""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
import zlib
from typing import Iterable

_PERMISSIONS = 0o600 << 16  # what zipfile records for an entry written from bytes
# The dates a zip entry can carry (MS-DOS dates); a notice of 1949–1979 gets the first (generator.years).
_FIRST, _LAST = dt.datetime(1980, 1, 1), dt.datetime(2107, 12, 31, 23, 59, 58)


class StableZip:
    """Deterministic zip archives: fixed entry dates and attributes, ``[Content_Types].xml`` first,
    then the names in order. Byte-identical on every build.

    Written by hand rather than with :mod:`zipfile` so that the parts shared by every file (given
    when the writer is made) are compressed once, not once per file. The entries are byte for byte
    what zipfile writes for a ``ZipInfo`` with ``create_system = 0`` (zipfile then records the
    permissions rw-------).
    """

    def __init__(self, shared: Iterable[bytes] = ()):
        self._compressed = {data: self._compress(data) for data in shared}
        # Members that recur from file to file without being fixed (a workbook's styles, a form's
        # relationships): compressed once while they keep recurring.
        self._recent: dict[bytes, tuple[int, bytes]] = {}

    @staticmethod
    def _compress(data: bytes) -> tuple[int, bytes]:
        packer = zlib.compressobj(zlib.Z_BEST_SPEED, zlib.DEFLATED, -15)
        return zlib.crc32(data), packer.compress(data) + packer.flush()

    def _recently(self, data: bytes) -> tuple[int, bytes]:
        found = self._recent.get(data)
        if found is None:
            if len(self._recent) >= 256:
                self._recent.clear()
            found = self._recent[data] = self._compress(data)
        return found

    def write(self, members: dict[str, bytes], stamp: dt.datetime) -> bytes:
        stamp = min(max(stamp, _FIRST), _LAST)  # a zip entry's date covers only these years
        names = sorted(members, key=lambda name: (name != "[Content_Types].xml", name))
        time = (stamp.hour << 11) | (stamp.minute << 5) | (stamp.second // 2)
        date = ((stamp.year - 1980) << 9) | (stamp.month << 5) | stamp.day
        body, directory = [], []
        offset = 0
        for name in names:
            data = members[name]
            crc, packed = self._compressed.get(data) or self._recently(data)
            encoded = name.encode("ascii")
            fixed = struct.pack("<HHHHHLLLHH", 20, 0, zipfile.ZIP_DEFLATED, time, date, crc, len(packed), len(data),
                                len(encoded), 0)
            body.append(b"PK\x03\x04" + fixed + encoded + packed)
            directory.append(b"PK\x01\x02" + struct.pack("<H", 20) + fixed
                             + struct.pack("<HHHLL", 0, 0, 0, _PERMISSIONS, offset) + encoded)
            offset += 4 + len(fixed) + len(encoded) + len(packed)
        central = b"".join(directory)
        end = b"PK\x05\x06" + struct.pack("<HHHHLLH", 0, 0, len(names), len(names), len(central), offset, 0)
        return b"".join(body) + central + end
