"""Runner presets, and the same pipeline on DirectRunner and on a real local Flink cluster.

Tests marked ``cluster`` share one Flink session cluster (1 JobManager, 2
TaskManagers) started by the session fixture. They skip only when Java is
absent; if Java is there, a cluster that fails to start fails the tests.
Tests of the real pipeline on Flink take the ``flink_master`` fixture.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions

from runners import cluster, jobserver, presets

# ---------------------------------------------------------------- presets (no cluster)


def test_direct_preset_names_the_fnapi_runner():
    assert presets.pipeline_args("direct") == ["--runner=FnApiRunner"]


def test_direct_mp_preset_runs_two_workers():
    args = presets.pipeline_args("direct-mp")
    assert "--direct_running_mode=multi_processing" in args
    assert "--direct_num_workers=2" in args


def test_extra_flags_come_last_and_win():
    args = presets.pipeline_args("direct-mp", extra=["--direct_num_workers=1"])
    assert args[-1] == "--direct_num_workers=1"
    options = PipelineOptions(args).get_all_options()
    assert options["direct_num_workers"] == 1


def test_unknown_preset_is_a_runner_error():
    with pytest.raises(presets.RunnerError, match="unknown runner preset 'nope'"):
        presets.pipeline_args("nope")


def test_flink_without_master_is_a_runner_error():
    with pytest.raises(presets.RunnerError, match="needs a Flink master"):
        presets.pipeline_args("flink")


def test_parallelism_is_refused_where_the_preset_has_none():
    with pytest.raises(presets.RunnerError, match="takes no parallelism"):
        presets.pipeline_args("direct", parallelism=4)


# ---------------------------------------------------------------- cluster


TEST_PORT = 18081


@pytest.fixture(scope="session")
def flink_cluster():
    """A local Flink session cluster with 2 TaskManagers for the whole test session.

    REST port: ``$PROVENANCE_TEST_FLINK_PORT`` or 18081 (not 8081, so a developer's own
    cluster is left alone; fixed, so its state dir and logs are reused, not piled up).
    Yields cluster_status().
    """
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: the Flink cluster and job server need it (.ci/install_flink.sh)")
    port = int(os.environ.get("PROVENANCE_TEST_FLINK_PORT") or TEST_PORT)
    status = cluster.cluster_up(port=port, taskmanagers=2, slots=2)
    try:
        yield status
    finally:
        cluster.cluster_down(port)


@pytest.fixture(scope="session")
def flink_master(flink_cluster) -> str:
    """``localhost:PORT`` of the session's Flink REST API, for ``--flink-master``."""
    return flink_cluster["rest"].replace("http://127.0.0.1", "localhost")


def _flink_port(flink_master: str) -> int:
    return int(flink_master.rsplit(":", 1)[1])


def run_tiny_pipeline(args: list[str], out_prefix: Path) -> list[str]:
    """100 ints -> (x % 10, x) -> sum per key -> text; returns the sorted lines of all shards."""
    with beam.Pipeline(options=PipelineOptions(args)) as p:
        (
            p
            | "Numbers" >> beam.Create(range(100))
            | "KeyByLastDigit" >> beam.Map(lambda x: (x % 10, x))
            | "SumPerKey" >> beam.CombinePerKey(sum)
            | "Format" >> beam.MapTuple(lambda k, v: f"{k}\t{v}")
            | "Write" >> beam.io.WriteToText(str(out_prefix))
        )
    shards = sorted(out_prefix.parent.glob(out_prefix.name + "*"))
    return sorted(line for shard in shards for line in shard.read_text().splitlines())


EXPECTED_TINY = sorted(f"{k}\t{sum(range(k, 100, 10))}" for k in range(10))


@pytest.mark.cluster
def test_cluster_status_reports_two_taskmanagers(flink_master):
    port = _flink_port(flink_master)
    status = cluster.cluster_status(port)
    assert status["running"]
    assert status["taskmanagers"] == 2
    assert status["overview"]["flink-version"].startswith(jobserver.FLINK_VERSION + ".")
    assert status["overview"]["slots-total"] == 4
    assert len(cluster.taskmanager_pids(port)) == 2
    assert status["jobmanager_pid"] is not None


@pytest.mark.cluster
# With LOOPBACK workers, Beam's data-plane reader thread logs gRPC CANCELLED
# ("Multiplexer hanging up") when Flink closes a finished worker: noise, not a failure.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_tiny_pipeline_same_output_on_direct_and_flink(flink_master, tmp_path):
    port = _flink_port(flink_master)
    finished_before = {j["jid"] for j in (cluster.rest_get(port, "jobs/overview") or {}).get("jobs", [])}

    direct = run_tiny_pipeline(presets.pipeline_args("direct"), tmp_path / "direct" / "part")
    flink = run_tiny_pipeline(
        presets.pipeline_args("flink", flink_master=flink_master), tmp_path / "flink" / "part"
    )

    assert direct == EXPECTED_TINY
    assert flink == direct
    jobs = (cluster.rest_get(port, "jobs/overview") or {}).get("jobs", [])
    new_jobs = [j for j in jobs if j["jid"] not in finished_before]
    assert [j["state"] for j in new_jobs] == ["FINISHED"], (
        "the Flink run must appear in the cluster's REST API"
    )
