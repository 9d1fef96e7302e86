"""``python -m bench.stages (INPUT... | --docs N [--seed S]) --out OUT [provenance run options]``: where a
run's time and memory go.

Runs ``provenance run`` in this process on the ``direct`` runner (Beam's FnApiRunner, which executes one
fused stage at a time) and times each fused stage as the runner executes it, with the process's resident
memory when the stage starts and ends, the stage's own peak (Linux's high-water mark, reset as each stage
starts) and the run's peak so far. Stages under ``--min-seconds`` (default 1)
are left out of the table, not of the JSON. With ``--docs N`` the input is ``python -m bench --docs N``'s
corpus (generated first, not timed). The last line is JSON: ``{"wall_s", "peak_rss_mb",
"stages": [{"stage", "seconds", "rss_start_mb", "rss_end_mb", "stage_peak_rss_mb", "peak_rss_mb"}]}``
(``stage_peak_rss_mb`` null where the high-water mark cannot be reset).

A stage is named by the first and last steps fused into it (Beam's own names), e.g.
``Candidates/GroupPairs/Read … Verify/VerifyLookedUp``.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

_PREFIX = re.compile(r"^ref_(?:AppliedPTransform|PCollection)_")


# A buffer between stages (``ref_PCollection_PCollection_18/Read``) names no step of the pipeline.
_BUFFER = re.compile(r"^PCollection_\d+/(?:Read|Write)(?:/\d+)?$")
_SUFFIX = re.compile(r"_\d+$")


def stage_label(name: str) -> str:
    """A fused stage's name, ``((a)+(b))+(c)``, as ``a … c``: Beam's reference prefixes and numeric
    suffixes dropped, buffers between stages left out when the stage has other steps."""
    steps = [_SUFFIX.sub("", _PREFIX.sub("", s.strip("()"))) for s in name.split("+")]
    steps = [s for s in steps if s]
    steps = [s for s in steps if not _BUFFER.match(s)] or steps
    if not steps:
        return name
    return steps[0] if len(steps) == 1 else f"{steps[0]} … {steps[-1]}"


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 1e6


class _Peaks:
    """Peak resident memory per stage and of the whole run, from the kernel's high-water mark (VmHWM),
    which writing 5 to /proc/self/clear_refs resets to the current resident size. Resetting it also
    resets ``getrusage``'s peak, so the run's peak is the largest mark read before each reset."""

    def __init__(self) -> None:
        self.run = 0.0
        try:
            self._reset()
            self.per_stage = True
        except OSError:
            self.per_stage = False

    @staticmethod
    def _reset() -> None:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")

    @staticmethod
    def _mark_mb() -> float:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # Linux: KiB

    def stage_starts(self) -> None:
        self.run = max(self.run, self._mark_mb())
        if self.per_stage:
            self._reset()

    def stage_ends(self) -> float | None:
        """The stage's own peak (None without resets); folds it into the run's."""
        mark = self._mark_mb()
        self.run = max(self.run, mark)
        return mark if self.per_stage else None

    def of_run(self) -> float:
        self.run = max(self.run, self._mark_mb())
        return self.run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-seconds", type=float, default=1.0, help="shortest stage listed in the table")
    ap.add_argument("--docs", type=int, help="run on the bench corpus of this many documents")
    ap.add_argument("--seed", type=int, default=11, help="with --docs: the bench corpus's seed")
    args, run_args = ap.parse_known_args(argv)
    if "--runner" in run_args and run_args[run_args.index("--runner") + 1] != "direct":
        ap.error("stages are timed on the direct runner only (one fused stage at a time, in this process)")

    with tempfile.TemporaryDirectory(prefix="bench-stages-") as tmp:
        if args.docs:
            from bench.corpus import documents, write_jsonl

            run_args = [
                str(write_jsonl(documents(args.docs, seed=args.seed), Path(tmp) / "corpus.jsonl")),
                *run_args,
            ]
        return _timed_run(run_args, args.min_seconds)


def _timed_run(run_args: list[str], min_seconds: float) -> int:
    from apache_beam.runners.portability.fn_api_runner import fn_runner

    from pipeline.cli import main as cli_main

    stages: list[dict] = []
    execute = fn_runner.FnApiRunner._execute_bundle
    peaks = _Peaks()

    def timed(self, runner_execution_context, bundle_context_manager, *a, **k):
        peaks.stage_starts()
        start, rss = time.monotonic(), _rss_mb()
        try:
            return execute(self, runner_execution_context, bundle_context_manager, *a, **k)
        finally:
            stage_peak = peaks.stage_ends()
            stages.append(
                {
                    "stage": stage_label(bundle_context_manager.stage.name),
                    "seconds": round(time.monotonic() - start, 2),
                    "rss_start_mb": round(rss, 1),
                    "rss_end_mb": round(_rss_mb(), 1),
                    "stage_peak_rss_mb": None if stage_peak is None else round(stage_peak, 1),
                    "peak_rss_mb": round(peaks.run, 1),
                }
            )

    fn_runner.FnApiRunner._execute_bundle = timed
    t0 = time.monotonic()
    try:
        code = cli_main(["run", *run_args])
    finally:
        fn_runner.FnApiRunner._execute_bundle = execute
    wall = time.monotonic() - t0
    if code:
        return code
    print(f"{'seconds':>8} {'RSS start':>10} {'RSS end':>8} {'stage peak':>11} {'run peak':>9}  stage (MB)")
    for s in stages:
        if s["seconds"] >= min_seconds:
            own = "-" if s["stage_peak_rss_mb"] is None else f"{s['stage_peak_rss_mb']:.0f}"
            print(
                f"{s['seconds']:8.1f} {s['rss_start_mb']:10.0f} {s['rss_end_mb']:8.0f} {own:>11}"
                f" {s['peak_rss_mb']:9.0f}  {s['stage']}"
            )
    listed = sum(s["seconds"] for s in stages)
    print(f"{listed:8.1f} s in {len(stages)} stages of {wall:.1f} s wall")
    print(json.dumps({"wall_s": round(wall, 1), "peak_rss_mb": round(peaks.of_run(), 1), "stages": stages}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
