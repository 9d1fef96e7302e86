"""Runner presets, and the same pipeline on DirectRunner and on a real local Flink cluster.

Tests marked ``cluster`` share one Flink session cluster (1 JobManager, 2
TaskManagers) started by the session fixture. They skip only when Java is
absent; if Java is there, a cluster that fails to start fails the tests.
Tests of the real pipeline on Flink take the ``flink_master`` fixture: the shipped
samples and a 5,000-document synthetic corpus each run on DirectRunner and on the
cluster, and every table must come out identical (order-insensitive, no field
dropped). Run with ``-s`` to see the wall times. The TaskManager-kill experiment is
documented in docs/scaling-out.md (too slow for CI: ~3.5 min per faulted run).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from conftest import SAMPLES, canonical, rows, run_cli

from pipeline.tables import read_manifest
from runners import cluster, jobserver, presets
from schemas import TABLES

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


def test_untested_presets_name_the_flags_they_cannot_run_without():
    with pytest.raises(presets.RunnerError, match="'spark' .* needs --spark_job_server_jar"):
        presets.pipeline_args("spark")
    with pytest.raises(presets.RunnerError, match="needs --project, --region, --temp_location"):
        presets.pipeline_args("dataflow", extra=["--job_name=x"])
    flags = ["--project=p", "--region=r", "--temp_location=gs://b/t"]
    options = PipelineOptions(presets.pipeline_args("dataflow", extra=flags)).get_all_options()
    assert options["runner"] == "DataflowRunner" and options["project"] == "p"
    # Either of a requirement's flags does.
    presets.pipeline_args("dataflow", extra=["--project=p", "--region=r", "--staging_location=gs://b/s"])
    presets.pipeline_args("spark", extra=["--job_endpoint=localhost:8099"])
    with pytest.raises(presets.RunnerError, match="needs --spark_job_server_jar or --job_endpoint"):
        presets.pipeline_args("spark", extra=["--spark_master_url=spark://h:7077"])


def test_sdk_workers_turn_loopback_into_the_external_pool(monkeypatch):
    monkeypatch.setattr(jobserver, "ensure_jar", lambda: Path("/cache/job-server.jar"))
    args = presets.pipeline_args("flink", flink_master="localhost:8081", sdk_workers="localhost:50000")
    options = PipelineOptions(args).get_all_options()
    assert options["environment_type"] == "EXTERNAL"
    assert options["environment_config"] == "localhost:50000"
    assert "--environment_type=LOOPBACK" not in args
    loopback = presets.pipeline_args("flink", flink_master="localhost:8081")
    assert PipelineOptions(loopback).get_all_options()["environment_type"] == "LOOPBACK"


@pytest.mark.parametrize(
    ("preset", "address", "message"),
    [
        ("direct", "localhost:50000", "takes no SDK worker pool"),
        ("flink", "localhost", "HOST:PORT of a worker pool"),
        ("flink", "localhost:50000 --runner=x", "HOST:PORT of a worker pool"),
    ],
)
def test_sdk_workers_where_they_cannot_apply_are_a_runner_error(monkeypatch, preset, address, message):
    monkeypatch.setattr(jobserver, "ensure_jar", lambda: Path("/cache/job-server.jar"))
    with pytest.raises(presets.RunnerError, match=message):
        presets.pipeline_args(preset, flink_master="localhost:8081", sdk_workers=address)


@pytest.mark.parametrize("flag", ["--environment_type=LOOPBACK", "--environment_config=other:50000"])
def test_sdk_workers_and_a_beam_environment_flag_are_refused_together(monkeypatch, flag):
    """Beam's parser lets the last flag win, so the user's flag would run the job outside the pool that
    --join auto chose the side-input join for."""
    monkeypatch.setattr(jobserver, "ensure_jar", lambda: Path("/cache/job-server.jar"))
    with pytest.raises(presets.RunnerError, match="--sdk-workers sets the SDK environment"):
        presets.pipeline_args(
            "flink", flink_master="localhost:8081", sdk_workers="localhost:50000", extra=[flag]
        )
    # Without --sdk-workers the user's flag overrides the preset, as before.
    args = presets.pipeline_args("flink", flink_master="localhost:8081", extra=[flag])
    assert args[-1] == flag


def test_worker_pool_sees_project_code_that_changed_since_it_started(tmp_path, monkeypatch):
    from runners import workerpool

    package = tmp_path / "provenance_probe_pkg"
    (package / "core").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    source = package / "core" / "verify.py"
    source.write_text("x = 1\n")
    (package / "notes.txt").write_text("not code")
    monkeypatch.syspath_prepend(str(tmp_path))
    loaded = workerpool.source_files(("provenance_probe_pkg",))
    assert sorted(loaded) == sorted([str(package / "__init__.py"), str(source)])
    assert workerpool.changed_files(loaded) == []
    os.utime(source, ns=(loaded[str(source)] + 10**9, loaded[str(source)] + 10**9))
    assert workerpool.changed_files(loaded) == [str(source)]
    assert workerpool.source_files(), "the project's own packages are found"

    # A harness forked from a pool whose code is stale replaces itself with a fresh interpreter.
    calls = []
    monkeypatch.setattr(workerpool, "_LOADED", loaded)
    monkeypatch.setattr(workerpool.os, "execve", lambda *args: calls.append(args))
    monkeypatch.setattr(workerpool, "_serve_control", lambda *args: calls.append(("served", *args)))
    workerpool._run_harness("localhost:1", "1-1")
    (fresh, *_) = calls
    assert fresh[0] == workerpool.sys.executable and fresh[1][-2:] == ["localhost:1", "1-1"]
    assert "_serve_control" in fresh[1][2]
    # The fresh interpreter imports from the fork server's path and watches the same pool.
    assert fresh[2]["PYTHONPATH"] == os.pathsep.join(p for p in workerpool.sys.path if p)
    assert fresh[2]["PROVENANCE_WORKER_POOL_PID"] == str(workerpool._POOL_PID)


def test_a_local_worker_pool_that_does_not_answer_is_refused_before_the_job_starts():
    import socket

    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        presets.check_sdk_workers(f"localhost:{port}", "localhost:8081")
    with pytest.raises(presets.RunnerError, match=f"no SDK worker pool answers at localhost:{port}"):
        presets.check_sdk_workers(f"localhost:{port}", "127.0.0.1:8081")
    # On a remote cluster "localhost" is each TaskManager's own host: nothing to check from here.
    presets.check_sdk_workers(f"localhost:{port}", "flink.example.org:8081")


def test_a_harness_ends_itself_when_its_pool_is_gone(monkeypatch):
    import multiprocessing
    import subprocess

    from runners import workerpool

    gone = subprocess.Popen(["true"])
    gone.wait()
    monkeypatch.setattr(workerpool, "POOL_CHECK_S", 0.05)
    context = multiprocessing.get_context("fork")
    watching_gone = context.Process(target=workerpool._watch_pool, args=(gone.pid,), daemon=True)
    watching_us = context.Process(target=workerpool._watch_pool, args=(os.getpid(),), daemon=True)
    watching_gone.start()
    watching_us.start()
    try:
        watching_gone.join(10)
        assert watching_gone.exitcode == 1, "a harness whose pool is gone must end"
        assert watching_us.is_alive(), "a harness whose pool runs goes on"
    finally:
        watching_us.terminate()
        watching_us.join(10)


def test_auto_join_is_the_side_input_one_on_one_machine_and_with_a_worker_pool():
    assert presets.join_for("direct") == presets.join_for("direct-mp") == "side_input"
    assert presets.join_for("flink") == "shuffle"
    assert presets.join_for("flink", sdk_workers="localhost:50000") == "side_input"
    assert presets.join_for("flink", "shuffle", sdk_workers="localhost:50000") == "shuffle"


def _wait_for_stop(control_url, worker_id):
    """Stands in for an SDK harness process: runs until it is terminated."""
    time.sleep(120)


def test_worker_pool_stops_only_the_harness_process_its_runner_started():
    """Two TaskManagers start worker "1-1" over their own connections: real processes, one stop each."""
    import multiprocessing

    from apache_beam.portability.api import beam_fn_api_pb2

    from runners import workerpool

    pool = workerpool._servicer_class()(
        multiprocessing.get_context("fork"), target=_wait_for_stop, stop_timeout=0.2
    )
    started = {}
    try:
        for peer in ("ipv6:[::1]:40001", "ipv6:[::1]:40002"):
            request = beam_fn_api_pb2.StartWorkerRequest(worker_id="1-1")
            request.control_endpoint.url = "localhost:1"
            assert not pool.StartWorker(request, _Context(peer)).error
            started[peer] = pool._by_peer[(peer, "1-1")]
        first, second = started.values()
        assert first.pid != second.pid and first.is_alive() and second.is_alive()

        stop = beam_fn_api_pb2.StopWorkerRequest(worker_id="1-1")
        pool.StopWorker(stop, _Context("ipv6:[::1]:40001"))
        # The pool's stop thread reaps the process: poll its exit code rather than join it from a
        # second thread (a join that loses the race to reap it returns while is_alive() is still True).
        deadline = time.monotonic() + 10
        while first.exitcode is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert first.exitcode is not None, "the harness its own runner stopped must end"
        assert second.is_alive(), "the other TaskManager's harness was stopped"
        pool.StopWorker(stop, _Context("ipv6:[::1]:49999"))
        assert pool.unmatched_stops == 1 and second.is_alive(), (
            "a stop from an unknown connection does nothing"
        )
        assert pool.started == 2
    finally:
        pool.stop_all()
    assert second.exitcode is not None


def test_flink_preset_slows_sdk_keepalive_pings_to_what_java_permits(monkeypatch):
    from apache_beam.runners.worker.channel_factory import GRPCChannelFactory

    monkeypatch.setattr(GRPCChannelFactory, "DEFAULT_OPTIONS", list(GRPCChannelFactory.DEFAULT_OPTIONS))
    presets.prepare_process("direct")
    assert dict(GRPCChannelFactory.DEFAULT_OPTIONS)["grpc.keepalive_time_ms"] == 20_000
    presets.prepare_process("flink")
    options = dict(GRPCChannelFactory.DEFAULT_OPTIONS)
    assert options["grpc.keepalive_time_ms"] > jobserver.JAVA_MIN_PING_INTERVAL_MS
    assert len(options) == len(GRPCChannelFactory.DEFAULT_OPTIONS), "no option given twice"


def test_in_process_presets_return_freed_memory(monkeypatch):
    calls = []
    monkeypatch.setattr(presets, "return_freed_memory", lambda: calls.append(1) or True)
    presets.prepare_process("direct")
    presets.prepare_process("direct-mp")
    assert len(calls) == 2
    presets.prepare_process("flink")
    assert len(calls) == 2, "a cluster runner's process is left as it is"


def test_return_freed_memory_sets_glibcs_threshold(monkeypatch):
    import platform

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("mallopt is glibc's")
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    assert presets.return_freed_memory() is True
    assert os.environ["MALLOC_MMAP_THRESHOLD_"] == "131072", "worker processes inherit it"


class _Harness:
    """Stands in for an SDK harness thread: records whether its pool stopped it."""

    def __init__(self, control_address, worker_id, **_):
        self.worker_id, self._alive, self.stopped = worker_id, True, False
        self._responses = self

    def put(self, _sentinel):
        self.stopped = True

    def run(self):
        pass


class _Context:
    def __init__(self, peer):
        self._peer = peer

    def peer(self):
        return self._peer


def test_loopback_pool_stops_only_the_harness_its_runner_started(monkeypatch):
    """Two TaskManagers start worker "5-1" over their own connections; one's stop must not end the other's."""
    from apache_beam.portability.api import beam_fn_api_pb2
    from apache_beam.runners.worker import sdk_worker, worker_pool_main

    from runners import loopback

    monkeypatch.setattr(
        worker_pool_main,
        "BeamFnExternalWorkerPoolServicer",
        worker_pool_main.BeamFnExternalWorkerPoolServicer,
    )
    monkeypatch.setattr(sdk_worker, "SdkHarness", _Harness)
    pool = loopback.install()()
    started = {}
    for peer in ("ipv6:[::1]:40001", "ipv6:[::1]:40002"):
        request = beam_fn_api_pb2.StartWorkerRequest(worker_id="5-1")
        request.control_endpoint.url = "localhost:1"
        assert not pool.StartWorker(request, _Context(peer)).error
        started[peer] = pool._by_peer[(peer, "5-1")]
    assert started["ipv6:[::1]:40001"] is not started["ipv6:[::1]:40002"]

    pool.StopWorker(beam_fn_api_pb2.StopWorkerRequest(worker_id="5-1"), _Context("ipv6:[::1]:40001"))
    assert started["ipv6:[::1]:40001"].stopped
    assert not started["ipv6:[::1]:40002"].stopped, "the other TaskManager's harness was stopped"

    pool.StopWorker(beam_fn_api_pb2.StopWorkerRequest(worker_id="5-1"), _Context("ipv6:[::1]:49999"))
    assert not started["ipv6:[::1]:40002"].stopped, "a stop from an unknown connection must do nothing"
    assert pool.unmatched_stops == 1
    pool.StopWorker(beam_fn_api_pb2.StopWorkerRequest(worker_id="5-1"), _Context("ipv6:[::1]:40002"))
    assert started["ipv6:[::1]:40002"].stopped


def test_beam_pool_still_has_the_id_only_stop_this_works_around(monkeypatch):
    """If a Beam upgrade keys its pool by more than the worker id, runners/loopback.py can go."""
    from apache_beam.portability.api import beam_fn_api_pb2
    from apache_beam.runners.worker import sdk_worker, worker_pool_main

    monkeypatch.setattr(sdk_worker, "SdkHarness", _Harness)
    base = worker_pool_main.BeamFnExternalWorkerPoolServicer
    while getattr(base, "keeps_harnesses_apart", False):
        base = base.__bases__[0]
    pool = base()
    harnesses = []
    for peer in ("a", "b"):
        request = beam_fn_api_pb2.StartWorkerRequest(worker_id="5-1")
        request.control_endpoint.url = "localhost:1"
        pool.StartWorker(request, _Context(peer))
        harnesses.append(pool._worker_threads["5-1"])
    pool.StopWorker(beam_fn_api_pb2.StopWorkerRequest(worker_id="5-1"), _Context("a"))
    assert harnesses[1].stopped and not harnesses[0].stopped


class _Rpc(Exception):
    def __init__(self, code, details):
        import grpc

        super().__init__(details)
        self._code, self._details = getattr(grpc.StatusCode, code), details

    def code(self):
        return self._code

    def details(self):
        return self._details


def test_only_the_finished_task_hang_up_is_silenced(monkeypatch):
    import logging
    import threading

    from runners import loopback

    monkeypatch.setattr(threading, "excepthook", lambda args: seen.append(args.exc_value))
    data_plane = logging.getLogger("apache_beam.runners.worker.data_plane")
    monkeypatch.setattr(data_plane, "filters", [])
    seen: list = []
    loopback.quiet_hang_ups()
    loopback.quiet_hang_ups()  # idempotent
    assert len(data_plane.filters) == 1
    hang_up = _Rpc("CANCELLED", "Multiplexer hanging up")
    other = _Rpc("CANCELLED", "SDK harness closed connection")
    for exc in (hang_up, other, ValueError("boom")):
        threading.excepthook(threading.ExceptHookArgs((type(exc), exc, None, None)))
    assert len(seen) == 2 and seen[0] is other and isinstance(seen[1], ValueError)

    def record(exc):
        return logging.LogRecord(
            "x", logging.ERROR, "f", 1, "Failed to read inputs", None, (type(exc), exc, None)
        )

    assert not data_plane.filters[0].filter(record(hang_up))
    assert data_plane.filters[0].filter(record(other))


def test_parallelism_is_refused_where_the_preset_has_none():
    with pytest.raises(presets.RunnerError, match="takes no parallelism"):
        presets.pipeline_args("direct", parallelism=4)


# ---------------------------------------------------------------- cluster


TEST_PORT = 18081
TEST_WORKERS_PORT = 15000


@pytest.fixture(scope="session")
def flink_cluster():
    """A local Flink session cluster with 2 TaskManagers for the whole test session.

    REST port: ``$PROVENANCE_TEST_FLINK_PORT`` or 18081 (not 8081, so a developer's own
    cluster is left alone; fixed, so its state dir and logs are reused, not piled up), with an SDK
    worker pool on ``$PROVENANCE_TEST_WORKERS_PORT`` or 15000. Yields cluster_status().
    """
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: the Flink cluster and job server need it (.ci/install_flink.sh)")
    port = int(os.environ.get("PROVENANCE_TEST_FLINK_PORT") or TEST_PORT)
    workers = int(os.environ.get("PROVENANCE_TEST_WORKERS_PORT") or TEST_WORKERS_PORT)
    status = cluster.cluster_up(port=port, taskmanagers=2, slots=2, workers=workers)
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
    assert status["workers_pid"] is not None and status["workers_port"] == int(
        os.environ.get("PROVENANCE_TEST_WORKERS_PORT") or TEST_WORKERS_PORT
    )


@pytest.mark.cluster
# With LOOPBACK workers, Beam's data-plane reader thread logs gRPC CANCELLED
# ("Multiplexer hanging up") when Flink closes a finished worker: noise, not a failure.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_tiny_pipeline_same_output_on_direct_and_flink(flink_master, tmp_path):
    port = _flink_port(flink_master)
    finished_before = {j["jid"] for j in (cluster.rest_get(port, "jobs/overview") or {}).get("jobs", [])}

    direct = run_tiny_pipeline(presets.pipeline_args("direct"), tmp_path / "direct" / "part")
    presets.prepare_process("flink")
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


# ---------------------------------------------------------------- the real pipeline on Flink

# Every table the run writes; compared whole (no field dropped): the pipeline is
# deterministic, so DirectRunner and Flink must agree row for row.
SYNTH_STORIES, SYNTH_SEED, SYNTH_DOCS = 930, 5, 5000


def _timed_run(inputs: str, out: Path, *runner: str) -> float:
    started = time.monotonic()
    run_cli("run", inputs, "--out", str(out), "-q", *runner)
    return time.monotonic() - started


def _flink_jobs(port: int) -> dict[str, str]:
    return {j["jid"]: j["state"] for j in (cluster.rest_get(port, "jobs/overview") or {}).get("jobs", [])}


def _task_failures(port: int, jid: str) -> list[str]:
    """Failures Flink recovered from (or died of) in job ``jid``: exception, task, root cause."""
    answer = cluster.rest_get(port, f"jobs/{jid}/exceptions") or {}
    entries = answer.get("exceptionHistory", {}).get("entries", [])
    failures = []
    for e in entries:
        causes = [line for line in str(e.get("stacktrace", "")).splitlines() if line.startswith("Caused by")]
        root = causes[-1] if causes else str(e.get("stacktrace", "")).split("\n", 1)[0]
        failures.append(f"{e.get('exceptionName')} in {str(e.get('taskName'))[:60]}: {root[:160]}")
    return failures


def _exchanges(port: int, jid: str) -> set[str]:
    """How the operators of job ``jid`` pass data on ("pipelined", "blocking", ...)."""
    plan = (cluster.rest_get(port, f"jobs/{jid}/plan") or {}).get("plan", {})
    return {i.get("exchange") for node in plan.get("nodes", []) for i in node.get("inputs", [])}


def table_differences(a: Path, b: Path) -> list[str]:
    """One line per table whose rows differ between runs ``a`` and ``b`` (order-insensitive), with samples."""
    problems = []
    for name in TABLES:
        ra, rb = canonical(rows(a, name)), canonical(rows(b, name))
        if ra != rb:
            only_a, only_b = sorted(set(ra) - set(rb)), sorted(set(rb) - set(ra))
            problems.append(
                f"{name}: {len(ra)} vs {len(rb)} rows; {len(only_a)} only in {a.name}, "
                f"{len(only_b)} only in {b.name}; e.g.\n  {a.name}: {only_a[:1]}\n  {b.name}: {only_b[:1]}"
            )
    return problems


# Two failure modes of this Beam 2.62 job server / 2.77 SDK pairing are fixed in runners/: the LOOPBACK
# pool stopping another TaskManager's harness ("SDK harness closed connection", "Stream is already
# completed"; runners/loopback.py), which must not occur at all, and Java's GOAWAY "too_many_pings"
# to the SDK's keepalive pings (runners/jobserver.match_java_keepalive), seen once in CI and not
# reproduced here since; that one alone is retried, once, as a safety net.
_HARNESS_STOPPED = ("SDK harness closed connection", "Stream is already completed")
_RETRIED = ("too_many_pings",)


def _flink_run(
    inputs: str, out: Path, flink_master: str, sdk_workers: str | None, attempts: int = 2
) -> tuple[float, int]:
    runner = ["--runner", "flink", "--flink-master", flink_master]
    if sdk_workers:
        runner += ["--sdk-workers", sdk_workers]
    for attempt in range(1, attempts + 1):
        try:
            return _timed_run(inputs, out, *runner), attempt
        except AssertionError as err:
            if attempt == attempts or not any(marker in str(err) for marker in _RETRIED):
                raise
            print(f"\nFlink attempt {attempt} got GOAWAY too_many_pings; retrying once")
    raise AssertionError("unreachable")


def run_direct_and_flink(
    inputs: str, tmp_path: Path, flink_master: str, sdk_workers: str | None = None
) -> dict:
    """Run ``inputs`` on the direct preset and on the Flink cluster (its Python work in this process, or
    in the ``sdk_workers`` pool's processes); assert identical tables; return wall times."""
    port = _flink_port(flink_master)
    before = _flink_jobs(port)
    direct, flink = tmp_path / "direct", tmp_path / "flink"
    times = {"direct": _timed_run(inputs, direct)}
    times["flink"], attempts = _flink_run(inputs, flink, flink_master, sdk_workers)

    new = {jid: state for jid, state in _flink_jobs(port).items() if jid not in before}
    finished = [jid for jid, state in new.items() if state == "FINISHED"]
    assert len(finished) == 1 and len(new) == attempts, (
        f"expected one finished Flink job, REST API shows {new}"
    )
    (jid,) = finished
    assert (flink / "manifest.json").is_file() and (flink / "documents").is_dir(), (
        "a Flink run writes each table as a folder of shards"
    )
    assert read_manifest(flink)["runner"]["preset"] == "flink"
    environment, join = ("EXTERNAL", "side_input") if sdk_workers else ("LOOPBACK", "shuffle")
    assert f"--environment_type={environment}" in read_manifest(flink)["runner"]["flags"]
    assert read_manifest(flink)["runner"]["join"] == join
    assert not table_differences(direct, flink), "\n".join(table_differences(direct, flink))
    assert read_manifest(direct)["counts"]["tables"] == read_manifest(flink)["counts"]["tables"]
    # Flink reports the pipeline's counters too: every input record is counted against the tables.
    accounting = read_manifest(flink)["record_accounting"]
    assert accounting["checked"] and accounting == read_manifest(direct)["record_accounting"]
    # Pipelined exchanges deadlocked the 100,000-document run (FLINK-10672): the preset forces blocking.
    assert _exchanges(port, jid) == {"blocking"}, _exchanges(port, jid)
    times["flink_failures"] = _task_failures(port, jid)
    stopped = [f for f in times["flink_failures"] if any(marker in f for marker in _HARNESS_STOPPED)]
    assert not stopped, f"a task lost its SDK harness (runners/loopback.py should prevent it): {stopped}"
    return times


@pytest.fixture(scope="module")
def synth_5k(tmp_path_factory) -> Path:
    """The first 5,000 documents of ``provenance synth --stories 930 --seed 5``, as JSONL."""
    from transforms.core import synth

    docs, _ = synth.generate(SYNTH_STORIES, SYNTH_SEED)
    assert len(docs) >= SYNTH_DOCS
    path = tmp_path_factory.mktemp("synth") / "synth5k.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for doc in docs[:SYNTH_DOCS]:
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return path


@pytest.mark.cluster
def test_samples_same_tables_on_direct_and_flink(flink_master, tmp_path):
    times = run_direct_and_flink(str(SAMPLES), tmp_path, flink_master)
    print(
        f"\nsamples/: DirectRunner {times['direct']:.1f} s, Flink {times['flink']:.1f} s (wall, incl. start-up)"
    )


@pytest.mark.cluster
def test_5000_synthetic_documents_same_tables_on_direct_and_flink(
    flink_cluster, flink_master, synth_5k, tmp_path
):
    """On the cluster's SDK worker pool: each harness a process of its own (the samples test covers
    LOOPBACK, the preset's default)."""
    assert flink_cluster["workers_pid"], "the cluster fixture starts an SDK worker pool"
    sdk_workers = f"localhost:{flink_cluster['workers_port']}"
    times = run_direct_and_flink(str(synth_5k), tmp_path, flink_master, sdk_workers)
    assert sum(read_manifest(tmp_path / "flink")["counts"]["tables"].values()) > 0
    print(
        f"\n5,000 synthetic documents: DirectRunner {times['direct']:.1f} s, "
        f"Flink (2 TaskManagers x 2 slots, parallelism 2, SDK worker pool) {times['flink']:.1f} s "
        f"(wall, incl. start-up); task failures Flink recovered from: {times['flink_failures'] or 'none'}"
    )


def test_the_flink_preset_flags_parse_without_warnings(monkeypatch, caplog):
    """``--execution_mode_for_batch`` is a Java-side option: registered (runners.options), Beam's parser
    reads it and sends it on like any other, without an "Unparseable argument" warning."""
    import logging

    import runners.options  # noqa: F401

    monkeypatch.setattr(jobserver, "ensure_jar", lambda: Path("/cache/job-server.jar"))
    args = presets.pipeline_args("flink", flink_master="localhost:8081", sdk_workers="localhost:50000")
    with caplog.at_level(logging.WARNING):
        options = PipelineOptions(args).get_all_options(display_warnings=True)
    assert options["execution_mode_for_batch"] == "BATCH_FORCED"
    assert not [r for r in caplog.records if "Unparseable" in r.getMessage()]
