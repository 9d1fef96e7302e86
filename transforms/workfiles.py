"""Work files: what a run on one machine writes under its work directory and reads back within the run
(each document's features for verification, each document's original text for the ``documents``
table), so that the runner does not carry it from stage to stage.

A file is named by a fresh uuid and holds pickled objects back to back; a location is ``(path, offset,
length)``. The writer hands out an object's location only once its file is written whole, so a retried
bundle's files are never referenced. Every worker must be able to read the directory (one machine's
runners can); the caller removes it when the run ends.
"""

from __future__ import annotations

import pickle
import uuid

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.transforms.window import GlobalWindows


class BlobWriter:
    """Objects pickled into work files of ``per_file`` objects each under ``directory``."""

    def __init__(self, directory: str, prefix: str, per_file: int) -> None:
        self._directory = directory.rstrip("/")
        self._prefix = prefix
        self._per_file = per_file
        self._file = None
        self._pending: list = []

    def add(self, item, obj) -> list:
        """Write ``obj``; returns ``(item, location)`` for every object of a file just completed (none
        until then)."""
        if self._file is None:
            self._path = f"{self._directory}/{self._prefix}-{uuid.uuid4().hex}.pkl"
            self._file = FileSystems.create(self._path)
            self._offset = 0
        blob = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(blob)
        self._pending.append((item, (self._path, self._offset, len(blob))))
        self._offset += len(blob)
        return self.close() if len(self._pending) >= self._per_file else []

    def close(self) -> list:
        """Complete the file being written; returns ``(item, location)`` for each of its objects."""
        if self._file is None:
            return []
        self._file.close()
        self._file = None
        done, self._pending = self._pending, []
        return done


class BlobReader:
    """Objects read back by location; the files stay open until :meth:`close`."""

    def __init__(self) -> None:
        self._files: dict = {}

    def read(self, location: tuple):
        path, offset, length = location
        f = self._files.get(path)
        if f is None:
            f = self._files[path] = FileSystems.open(path)
        f.seek(offset)
        return pickle.loads(f.read(length))

    def close(self) -> None:
        for f in self._files.values():
            f.close()
        self._files = {}


class WriteBlobs(beam.DoFn):
    """(item, obj) -> (item, location): each ``obj`` pickled into work files under ``directory``
    (``PREFIX-<uuid>.pkl``, ``per_file`` objects each); only the file being written is open, and only
    its objects' items are held."""

    def __init__(self, directory: str, prefix: str, per_file: int) -> None:
        self._directory = directory
        self._prefix = prefix
        self._per_file = per_file

    def start_bundle(self) -> None:
        self._writer = BlobWriter(self._directory, self._prefix, self._per_file)

    def process(self, element):
        item, obj = element
        yield from self._writer.add(item, obj)

    def finish_bundle(self):
        for entry in self._writer.close():
            yield GlobalWindows.windowed_value(entry)
