"""Runner presets: a name -> plain Beam PipelineOptions keywords.

The pipeline never branches on the runner; the command line turns a preset
into ``--flag=value`` arguments with ``pipeline_args`` and hands them to
``PipelineOptions``. Values are literal option values, except the two
placeholders filled in at call time for ``flink`` (see ``pipeline_args``).

Tested here: ``direct``, ``direct-mp``, ``flink`` (against the local session
cluster from ``runners.cluster``). ``dataflow`` and ``spark`` are written down
for reference and are UNTESTED: no Google Cloud access and no Spark job server
on these machines.
"""

from __future__ import annotations

import ctypes
import os
import re
import socket
from collections.abc import Mapping, Sequence

from runners import jobserver, loopback

# Placeholders resolved by pipeline_args(); never passed to Beam as written.
FLINK_MASTER = "<flink_master>"
JOB_SERVER_JAR = "<flink_job_server_jar>"

PRESETS: Mapping[str, Mapping[str, str | int]] = {
    # Beam's direct runner without its Prism attempt: DirectRunner first tries
    # to download the Prism binary (unreachable here) and then falls back to
    # this same FnApiRunner; naming it skips the failed download.
    "direct": {
        "runner": "FnApiRunner",
    },
    # Same runner, bundles executed by 2 worker subprocesses. Writes one shard
    # per worker; project modules must be importable by the workers. Measured
    # to lose 2,871 of 100,000 documents silently (Beam 2.77; README, Runners):
    # the run's record accounting fails such a run. Not for large corpora.
    "direct-mp": {
        "runner": "FnApiRunner",
        "direct_running_mode": "multi_processing",
        "direct_num_workers": 2,
    },
    # An existing Flink 1.19 session cluster (e.g. `provenance cluster up`).
    # The job server jar runs in a local JVM started by Beam; LOOPBACK runs the
    # Python SDK harness inside this process (no Docker engine here).
    "flink": {
        "runner": "FlinkRunner",
        "flink_master": FLINK_MASTER,
        "flink_version": jobserver.FLINK_VERSION,
        "flink_job_server_jar": JOB_SERVER_JAR,
        "environment_type": "LOOPBACK",
        "parallelism": 2,
        # Blocking exchanges between all operators. With Flink's default pipelined ones the 100,000-
        # document run deadlocked in the verification join (FLINK-10672: a Python stage blocked sending
        # its output while the Java side waited on the join's other input; CPU idle, no error).
        "execution_mode_for_batch": "BATCH_FORCED",
    },
    # UNTESTED. Needs a GCP project, a GCS bucket and credentials; the
    # command line must add --project, --region, --temp_location.
    "dataflow": {
        "runner": "DataflowRunner",
        "experiments": "use_runner_v2",
    },
    # UNTESTED. Needs beam-runners-spark-3-job-server (not on the Maven
    # repository reachable here) and a Spark master; add --spark_master_url.
    "spark": {
        "runner": "SparkRunner",
        "environment_type": "LOOPBACK",
    },
}


# The Beam flags an untested preset cannot run without (the user passes them after the command's flags).
# Each entry: flags of which one is needed.
NEEDED_FLAGS = {
    "dataflow": (("--project",), ("--region",), ("--temp_location", "--staging_location")),
    "spark": (("--spark_job_server_jar", "--job_endpoint"),),
}


# How corpus-wide data reaches elements (transforms.verification.VerifyPairs: features to candidate
# pairs; transforms.clusters.ClusterAndTrace: component labels to documents and edges): on one machine
# side inputs hold the features and the labels once (memory grows with documents) and one union-find
# labels the components; on a cluster shuffle joins ship them per element and distributed rounds label
# the components (no worker holds the corpus). Tables are identical.
ONE_MACHINE = ("direct", "direct-mp")


def join_for(preset: str, choice: str = "auto", sdk_workers: str | None = None) -> str:
    """The join for ``preset``: ``choice`` unless it is "auto".

    With an SDK worker pool (``sdk_workers``) "auto" is the side-input join too: the shuffle join
    ships each document's features once per candidate pair (about 24 per document at 100,000
    documents), and on Flink through Beam 2.62's job server the stage that sends them hung at
    100,000 documents, with LOOPBACK and with the pool alike (docs/scaling-out.md, section 3). The
    side-input join's feature files lie under the output directory, which every worker must see
    already to write the tables."""
    if choice != "auto":
        return choice
    return "side_input" if preset in ONE_MACHINE or sdk_workers else "shuffle"


_HOST = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*|\[[0-9A-Fa-f:.]+\]")


def is_host_port(address: str) -> bool:
    """``HOST:PORT``: a host name, an IPv4 address or a bracketed IPv6 address, and a port 1-65535."""
    host, _, port = address.rpartition(":")
    return bool(_HOST.fullmatch(host)) and port.isascii() and port.isdigit() and 0 < int(port) < 65536


class RunnerError(ValueError):
    """A preset cannot be turned into pipeline arguments; the message is one line for the user."""


def pipeline_args(
    preset: str,
    *,
    flink_master: str | None = None,
    parallelism: int | None = None,
    sdk_workers: str | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """Beam command-line flags for ``preset``, followed by ``extra``.

    ``flink_master`` ("host:port" of the Flink REST endpoint) is required for
    ``flink``; ``parallelism`` overrides the preset's value (flink only);
    ``sdk_workers`` ("host:port" of a worker pool, ``runners.workerpool``) replaces a
    LOOPBACK preset's in-process SDK harnesses by harness processes of that pool.
    ``extra`` are the user's own flags and come last, so Beam's parser (last
    value wins) lets them override any preset value.
    """
    if preset not in PRESETS:
        raise RunnerError(f"unknown runner preset {preset!r}; choose one of: {', '.join(PRESETS)}")
    given = {f.split("=", 1)[0] for f in extra}
    missing = [" or ".join(alts) for alts in NEEDED_FLAGS.get(preset, ()) if not given.intersection(alts)]
    if missing:
        # (Without them Beam starts anyway and fails far in, in tracebacks: Spark downloading a job
        # server from a host this machine cannot reach, Dataflow asking for a project.)
        raise RunnerError(
            f"runner preset {preset!r} (untested here) needs {', '.join(missing)} after the command's own "
            "flags"
        )
    options = dict(PRESETS[preset])
    if FLINK_MASTER in options.values():
        if not flink_master:
            raise RunnerError(
                f"runner preset {preset!r} needs a Flink master (host:port of the REST API, "
                "e.g. localhost:8081; start one with `provenance cluster up`)"
            )
        options = {k: (flink_master if v == FLINK_MASTER else v) for k, v in options.items()}
    if parallelism is not None:
        if parallelism < 1:
            raise RunnerError(f"parallelism must be at least 1, got {parallelism}")
        if "parallelism" not in options:
            raise RunnerError(f"runner preset {preset!r} takes no parallelism setting")
        options["parallelism"] = parallelism
    if sdk_workers is not None:
        if options.get("environment_type") != "LOOPBACK":
            raise RunnerError(f"runner preset {preset!r} takes no SDK worker pool")
        if not is_host_port(sdk_workers):
            raise RunnerError(f"--sdk-workers must be HOST:PORT of a worker pool, got {sdk_workers!r}")
        # The pool is the SDK environment, and --join auto chose its join for it: a Beam flag of the
        # user's setting another environment would run the job elsewhere than that choice assumed.
        clash = [f for f in extra if f.split("=", 1)[0] in ("--environment_type", "--environment_config")]
        if clash:
            raise RunnerError(
                f"--sdk-workers sets the SDK environment; drop {clash[0].split('=', 1)[0]} from the Beam "
                "flags, or drop --sdk-workers"
            )
        options["environment_type"] = "EXTERNAL"
        options["environment_config"] = sdk_workers
    if JOB_SERVER_JAR in options.values():
        try:
            jar = str(jobserver.ensure_jar())
        except jobserver.JobServerError as exc:
            raise RunnerError(str(exc)) from exc
        options = {k: (jar if v == JOB_SERVER_JAR else v) for k, v in options.items()}
    return [f"--{key}={value}" for key, value in options.items()] + list(extra)


_LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")


def _host(address: str) -> str:
    return address.rsplit(":", 1)[0].lower()


def check_sdk_workers(sdk_workers: str, flink_master: str | None, timeout: float = 3.0) -> None:
    """Refuse a run whose worker pool is surely absent: when the Flink master and the pool are both
    on this machine, the pool must answer here. (A pool address on a remote cluster is relative to
    each TaskManager's host, so it is not checked from the submitting machine.) Without this, every
    Flink task fails to start its harness and the job ends in a bare "Connection refused"."""
    if not flink_master or _host(flink_master) not in _LOOPBACK_HOSTS:
        return
    if _host(sdk_workers) not in _LOOPBACK_HOSTS:
        return
    port = int(sdk_workers.rsplit(":", 1)[1])
    try:
        socket.create_connection(("localhost", port), timeout=timeout).close()
    except OSError as exc:
        raise RunnerError(
            f"no SDK worker pool answers at {sdk_workers} ({exc.strerror or exc}); start one with "
            "`provenance workers --port PORT` or `provenance cluster up --workers`"
        ) from exc


# glibc's malloc serves requests from this size up with their own mappings, returned to the system
# when freed. Its default threshold starts here but rises (to 32 MiB) each time such a block is freed;
# the runner's stage buffers are then carved from the heap and stay in the process's resident set after
# the stage that consumed them. Fixing the threshold lowered peak RSS by 14 % at 20,000 documents, with
# the same wall time (see README, Performance).
_MMAP_THRESHOLD = 128 * 1024
_M_MMAP_THRESHOLD = -3  # mallopt parameter number, from glibc's malloc.h


def return_freed_memory() -> bool:
    """Fix glibc's mmap threshold in this process (the in-process runner's); False where the C library
    is not glibc (nothing changes there)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # no C library handle (Windows) or no mallopt (musl, macOS)
        return False
    if not mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD):
        return False
    # Worker processes (direct-mp) read the same setting from the environment when they start.
    os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", str(_MMAP_THRESHOLD))
    return True


def prepare_process(preset: str) -> None:
    """Process-wide settings a preset needs before its pipeline runs.

    The in-process runner returns freed buffers to the system (``return_freed_memory``);
    LOOPBACK presets get a worker pool that keeps the SDK harnesses of different
    TaskManagers apart (see ``runners.loopback``); presets that use the Beam 2.62
    Flink job server get SDK gRPC keepalive pings the Java side accepts (see
    ``jobserver.match_java_keepalive``).
    """
    options = PRESETS.get(preset, {})
    if options.get("runner") == "FnApiRunner":
        return_freed_memory()
    if options.get("environment_type") == "LOOPBACK":
        loopback.install()
        loopback.quiet_hang_ups()
    if JOB_SERVER_JAR in options.values():
        jobserver.match_java_keepalive()
