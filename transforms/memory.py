"""Handing memory freed by a large bundle back to the operating system."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable

# Elements a bundle must have handled before its end releases freed memory: the direct runners run a
# stage as one bundle per worker (a quarter of the corpus where its groupings are split in four),
# cluster runners as many small ones, where a release per bundle would cost more than it frees.
LARGE_BUNDLE = 2_000


def _malloc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_TRIM = _malloc_trim()


def release_freed_memory() -> None:
    """Collect garbage, then ask the C allocator to return its free pages (glibc's ``malloc_trim``).

    A stage's per-document objects (features, resolved rows) are freed when its bundle ends, but glibc
    keeps the pages, and the next stage's allocations (the runner's encoded buffers) do not fit in
    them: without this, resident memory after verification stayed at its peak for the rest of the run.
    Does nothing where the C library has no ``malloc_trim``."""
    gc.collect()
    if _TRIM is not None:
        _TRIM(0)


def release_after_bundle(handled: int, forget: Callable[[], None] | None = None) -> None:
    """At a bundle's end: :func:`release_freed_memory` if the bundle handled ``LARGE_BUNDLE`` documents
    or more, after ``forget()`` if given (it drops what the step would keep for its next bundle: after
    a large bundle, on a direct runner, there is none)."""
    if handled >= LARGE_BUNDLE:
        if forget is not None:
            forget()
        release_freed_memory()
