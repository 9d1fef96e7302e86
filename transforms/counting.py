"""Beam metrics as the counter parameter of the pure functions (tests pass a dict-backed counter)."""

from __future__ import annotations

import logging
import time

import apache_beam as beam
from apache_beam.metrics import Metrics

NAMESPACE = "provenance"
_log = logging.getLogger("provenance.progress")


class BeamCounter:
    """``counter(name, value)`` that increments ``Metrics.counter(NAMESPACE, name)``; picklable."""

    def __init__(self, prefix: str = "") -> None:
        self._prefix = prefix
        self._counters: dict = {}

    def __call__(self, name: str, value: int = 1) -> None:
        counter = self._counters.get(name)
        if counter is None:
            counter = self._counters[name] = Metrics.counter(NAMESPACE, self._prefix + name)
        counter.inc(value)

    def __getstate__(self) -> dict:
        return {"_prefix": self._prefix, "_counters": {}}


class Progress(beam.DoFn):
    """Pass-through that counts elements of a stage and logs the running count every few seconds."""

    def __init__(self, stage: str, every_s: float = 5.0) -> None:
        self._stage = stage
        self._every = every_s

    def setup(self) -> None:
        self._counter = Metrics.counter(NAMESPACE, f"{self._stage}")
        self._seen = 0
        self._last = time.monotonic()

    def process(self, element):
        self._counter.inc()
        self._seen += 1
        now = time.monotonic()
        if now - self._last >= self._every:
            self._last = now
            _log.info("stage %s: %d so far (this worker)", self._stage, self._seen)
        yield element


def count(stage: str) -> beam.ParDo:
    return beam.ParDo(Progress(stage))
