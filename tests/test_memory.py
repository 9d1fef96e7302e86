"""Releasing memory freed by a large bundle (transforms.memory)."""

from __future__ import annotations

import resource

import numpy as np
import pytest

from transforms import memory


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 1e6


@pytest.mark.skipif(memory._TRIM is None, reason="the C library has no malloc_trim")
def test_release_returns_pages_a_survivor_pins():
    """Many small arrays freed around a few survivors stay resident (glibc trims only the top of its
    heap by itself); after release_freed_memory they are handed back."""
    arrays = [np.ones(1000, dtype=np.float64) for _ in range(40_000)]  # 8 KB each, about 320 MB
    survivors = arrays[::500]
    del arrays
    held = _rss_mb()
    memory.release_freed_memory()
    assert _rss_mb() < held - 150
    assert len(survivors) == 80


def test_release_is_harmless_without_malloc_trim(monkeypatch):
    monkeypatch.setattr(memory, "_TRIM", None)
    memory.release_freed_memory()


def test_release_only_after_a_large_bundle(monkeypatch):
    calls = []
    monkeypatch.setattr(memory, "release_freed_memory", lambda: calls.append(1))
    memory.release_after_bundle(memory.LARGE_BUNDLE - 1)
    assert calls == []
    memory.release_after_bundle(memory.LARGE_BUNDLE)
    assert calls == [1]


def test_release_forgets_first_and_only_after_a_large_bundle(monkeypatch):
    calls = []
    monkeypatch.setattr(memory, "release_freed_memory", lambda: calls.append("release"))
    memory.release_after_bundle(memory.LARGE_BUNDLE - 1, lambda: calls.append("forget"))
    assert calls == []
    memory.release_after_bundle(memory.LARGE_BUNDLE, lambda: calls.append("forget"))
    assert calls == ["forget", "release"]
