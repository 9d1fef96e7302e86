"""Work files: every object written comes back by its location, and a location is handed out only once
its file is written whole."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.workfiles import BlobReader, BlobWriter

OBJECTS = st.lists(st.one_of(st.text(), st.binary(), st.lists(st.integers()), st.none()), max_size=30)


@given(OBJECTS, st.integers(min_value=1, max_value=7))
@settings(max_examples=60, deadline=None)
def test_every_object_comes_back_from_its_location(objects, per_file):
    with tempfile.TemporaryDirectory() as tmp:
        writer, located = BlobWriter(tmp, "things", per_file), []
        for i, obj in enumerate(objects):
            done = writer.add(i, obj)
            # Locations come a whole file at a time, and only then.
            assert len(done) in (0, per_file)
            for _, (path, _, _) in done:
                assert Path(path).exists()
            located += done
        located += writer.close()
        assert writer.close() == []
        assert [i for i, _ in located] == list(range(len(objects)))
        assert len({path for _, (path, _, _) in located}) == -(-len(objects) // per_file)
        assert all(Path(path).name.startswith("things-") for _, (path, _, _) in located)
        reader = BlobReader()
        assert [reader.read(where) for _, where in reversed(located)] == objects[::-1]
        reader.close()
