"""Groupings split by key into parts, each read by a stage of its own.

Beam's direct runner (FnApiRunner) holds a grouping's values until the grouping is read, then encodes
all of them into one byte string, which is copied into the data-plane message and again into the
worker before the first group is processed: the stage that reads a grouping of the whole corpus starts
with three or four copies of it in memory at once (at 100,000 documents the stage reading the
documents grouped by id rose 2.7 GB above its start, the one reading them grouped by component 2.0 GB). Split by a stable hash of the key
into ``parts`` groupings, each read by its own stage, one at a time, the transient copies are a
``parts``-th of that, and the groups are the same. On a cluster runner, which streams a grouping, one
part (a plain grouping) is the right choice.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping

import apache_beam as beam


def part_of(key, parts: int) -> int:
    """The part of ``key``: the same in every process (``hash`` of a str is not), so every worker of a
    multi-process runner sends a key to the same grouping."""
    data = key.encode() if isinstance(key, str) else key if isinstance(key, bytes) else repr(key).encode()
    return zlib.crc32(data) % parts


def _partition(element, parts: int) -> int:
    return part_of(element[0], parts)


def grouped_in_parts(keyed, parts: int, label: str) -> list:
    """``keyed`` (PCollection[(key, value)]: grouped as by ``GroupByKey``; or {tag: PCollection[(key,
    value)]}: as by ``CoGroupByKey``) -> ``parts`` PCollections of groups, every key's group in exactly
    one of them. One part is the plain grouping, labelled ``label``."""
    if parts < 1:
        raise ValueError(f"parts must be at least 1, got {parts}")
    group = beam.CoGroupByKey if isinstance(keyed, Mapping) else beam.GroupByKey
    if parts == 1:
        return [keyed | label >> group()]
    if isinstance(keyed, Mapping):
        split = {
            tag: pcoll | f"{label}Split{tag.capitalize()}" >> beam.Partition(_partition, parts)
            for tag, pcoll in keyed.items()
        }
        inputs = [{tag: split[tag][i] for tag in keyed} for i in range(parts)]
    else:
        split = keyed | f"{label}Split" >> beam.Partition(_partition, parts)
        inputs = [split[i] for i in range(parts)]
    return [part | f"{label}{i}" >> group() for i, part in enumerate(inputs)]


def in_parts(groups: list, label: str, step: Callable[[], beam.PTransform], outputs: tuple[str, ...] = ()):
    """Apply ``step()`` to each part of :func:`grouped_in_parts` (its own stage) and flatten the results:
    one PCollection, or with ``outputs`` (the step's output tags, main first) a dict by tag."""
    if len(groups) == 1:
        results = [groups[0] | label >> step()]
    else:
        results = [group | f"{label}{i}" >> step() for i, group in enumerate(groups)]
    if not outputs:
        return results[0] if len(results) == 1 else tuple(results) | f"{label}All" >> beam.Flatten()
    if len(results) == 1:
        return {tag: results[0][tag] for tag in outputs}
    return {
        tag: tuple(r[tag] for r in results) | f"{label}All{tag.capitalize()}" >> beam.Flatten()
        for tag in outputs
    }
