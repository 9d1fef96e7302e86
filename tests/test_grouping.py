"""Groupings split into parts: the same groups as one grouping, each key in exactly one part."""

from __future__ import annotations

import subprocess
import sys

import apache_beam as beam
import pytest
from apache_beam.testing import test_pipeline
from apache_beam.testing.util import assert_that, equal_to
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.grouping import grouped_in_parts, in_parts, part_of


@given(st.one_of(st.text(), st.binary(), st.integers()), st.integers(min_value=1, max_value=16))
@settings(max_examples=200, deadline=None)
def test_part_of_is_in_range(key, parts):
    assert 0 <= part_of(key, parts) < parts


def test_part_of_is_the_same_in_another_process():
    # ``hash`` of a str differs between processes; a multi-process runner's workers must agree.
    keys = ["r11-s0848-d03", "a", "", "ünïcode-id"]
    code = f"from transforms.grouping import part_of; print([part_of(k, 7) for k in {keys!r}])"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert other.stdout.strip() == str([part_of(k, 7) for k in keys])


def test_part_of_spreads_keys():
    counts = [0] * 4
    for i in range(4000):
        counts[part_of(f"doc-{i}", 4)] += 1
    assert min(counts) > 800


def _sorted_group(kv):
    key, values = kv
    return key, sorted(values)


def _sorted_cogroup(kv):
    key, grouped = kv
    return key, {tag: sorted(values) for tag, values in sorted(grouped.items())}


@pytest.mark.parametrize("parts", [1, 2, 5])
def test_grouped_in_parts_equals_one_grouping(parts):
    pairs = [(f"k{i % 13}", i) for i in range(100)]
    expected = [(f"k{k}", sorted(i for i in range(100) if i % 13 == k)) for k in range(13)]
    with test_pipeline.TestPipeline() as p:
        groups = grouped_in_parts(p | beam.Create(pairs), parts, "Group")
        assert len(groups) == parts
        merged = in_parts(groups, "Sort", lambda: beam.Map(_sorted_group))
        assert_that(merged, equal_to(expected))


@pytest.mark.parametrize("parts", [1, 3])
def test_cogrouped_in_parts_equals_one_cogrouping_with_tagged_outputs(parts):
    left = [(f"k{i % 5}", i) for i in range(20)]
    right = [("k1", "x"), ("k7", "y")]

    def step(kv):
        key, grouped = kv
        yield beam.pvalue.TaggedOutput("keys", key)
        yield _sorted_cogroup(kv)

    with test_pipeline.TestPipeline() as p:
        groups = grouped_in_parts(
            {"left": p | "L" >> beam.Create(left), "right": p | "R" >> beam.Create(right)}, parts, "CoGroup"
        )
        out = in_parts(
            groups, "Step", lambda: beam.FlatMap(step).with_outputs("keys", main="rows"), ("rows", "keys")
        )
        assert_that(out["keys"], equal_to([f"k{k}" for k in range(5)] + ["k7"]), label="Keys")
        expected = [
            (f"k{k}", {"left": sorted(i for i in range(20) if i % 5 == k), "right": ["x"] if k == 1 else []})
            for k in range(5)
        ] + [("k7", {"left": [], "right": ["y"]})]
        assert_that(out["rows"], equal_to(expected), label="Rows")


def test_grouped_in_parts_refuses_no_parts():
    with pytest.raises(ValueError, match="at least 1"):
        grouped_in_parts(None, 0, "Group")
