"""A local Flink session cluster on 127.0.0.1: one JobManager and N TaskManagers.

``provenance cluster up|down|status [--port 8081] [--taskmanagers 2] [--slots N] [--workers [PORT]]``

Flink comes from PyPI's ``apache-flink`` + ``apache-flink-libraries`` (they carry
a complete Flink distribution under ``pyflink/``), installed with ``--no-deps``
into a directory of their own under the cache: installing them into the
project's environment would downgrade apache-beam. The Flink version matches
the one the job server was built for (``runners.jobserver.FLINK_RELEASE``).

Every process is started in the foreground form of Flink's scripts
(``jobmanager.sh start-foreground`` execs the JVM), so the PID we get is the
JVM's. PIDs, config and logs live in a state directory per REST port; ``down``
stops exactly the PIDs ``up`` recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from runners import jobserver
from runners.workerpool import DEFAULT_PORT as DEFAULT_WORKERS_PORT

FLINK_RELEASE = jobserver.FLINK_RELEASE
DEFAULT_PORT = 8081
DEFAULT_TASKMANAGERS = 2
DEFAULT_SLOTS = 2
UP_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 20.0
# Java 17 needs these module openings for Flink 1.19; the distribution's own
# config.yaml carries them under env.java.opts.all and we reuse that value.
JAVA_OPTS_KEY = ("env", "java", "opts", "all")


class ClusterError(RuntimeError):
    """The cluster could not be installed, started, stopped or queried; the message says why."""


# ---------------------------------------------------------------- locations


def flink_install_dir() -> Path:
    """Directory that ``pip --target`` fills with the pyflink package."""
    return jobserver.cache_root() / f"flink-{FLINK_RELEASE}"


def flink_home() -> Path:
    """FLINK_HOME: the Flink distribution inside the pyflink package."""
    return flink_install_dir() / "pyflink"


def state_dir(port: int) -> Path:
    """Config, logs and PID file of the cluster whose REST API listens on ``port``."""
    return jobserver.cache_root() / "cluster" / f"rest-{port}"


def _pid_file(port: int) -> Path:
    return state_dir(port) / "pids.json"


# ---------------------------------------------------------------- install


def ensure_flink() -> Path:
    """Install Flink FLINK_RELEASE into its own cache directory if absent; return FLINK_HOME.

    Idempotent: a ``.complete`` marker is written only after a full install.
    """
    home = flink_home()
    marker = flink_install_dir() / ".complete"
    if marker.is_file() and (home / "bin" / "jobmanager.sh").is_file():
        return home
    target = flink_install_dir()
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--no-compile",
        "--disable-pip-version-check",
        "--target",
        str(staging),
        f"apache-flink=={FLINK_RELEASE}",
        f"apache-flink-libraries=={FLINK_RELEASE}",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ClusterError(
            f"pip could not install Flink {FLINK_RELEASE} into {staging}: {proc.stderr.strip()[-400:]}"
        )
    for script in (staging / "pyflink" / "bin").iterdir():
        script.chmod(script.stat().st_mode | 0o111)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    marker.write_text(FLINK_RELEASE + "\n")
    return flink_home()


# ---------------------------------------------------------------- config


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _distribution_java_opts(home: Path) -> str:
    import yaml  # PyYAML is an apache-beam dependency

    node = yaml.safe_load((home / "conf" / "config.yaml").read_text())
    for key in JAVA_OPTS_KEY:
        node = node.get(key, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, str) else ""


def flink_config(port: int, slots: int, rpc_port: int, tmp_dir: Path, java_opts: str) -> dict[str, str]:
    """Flink settings for a loopback-only session cluster (flat keys for config.yaml)."""
    return {
        "jobmanager.rpc.address": "127.0.0.1",
        "jobmanager.rpc.port": str(rpc_port),
        "jobmanager.bind-host": "127.0.0.1",
        "jobmanager.memory.process.size": "1024m",
        "taskmanager.bind-host": "127.0.0.1",
        "taskmanager.host": "127.0.0.1",
        "taskmanager.numberOfTaskSlots": str(slots),
        # 8 GB: the task heap (~5 GB of it) holds what the Python SDK harness sends faster than the
        # next operator takes it (Beam's gRPC inbound queue is unbounded); with 4 GB (~1.1 GB of task
        # heap) 100,000 documents ran out of heap receiving the Sign/Verify stage's output.
        "taskmanager.memory.process.size": "8192m",
        # A JVM error in a gRPC thread (that OutOfMemoryError) otherwise kills only that thread, and
        # the job then waits forever for data that never comes: end the TaskManager, so the job fails
        # (or restarts its tasks) instead.
        "cluster.uncaught-exception-handling": "FAIL",
        # Beam's Java side of each task talks to the Python SDK harness over
        # gRPC, whose Netty buffers are JVM direct memory; Flink caps direct
        # memory at framework + task off-heap + network, and task off-heap is 0
        # by default. The 5,000-document corpus failed with "OutOfMemoryError:
        # Direct buffer memory" in the Verify/Components stage without this.
        "taskmanager.memory.task.off-heap.size": "1024m",
        # Managed memory backs the DataSet sorters of GroupByKey; a fixed size
        # leaves ~5 GB of task heap out of the 8 GB process.
        "taskmanager.memory.managed.size": "512m",
        # A Beam batch job on Flink is one DataSet job with dozens of operators
        # sharing each slot; every blocking result partition of Flink 1.19's
        # sort-shuffle asks for taskmanager.network.sort-shuffle.min-buffers
        # (default 512 x 32 KiB = 16 MiB) when its task starts. With the default
        # network memory (10% of the process, ~3,500 buffers) the real pipeline
        # failed on its first run: "Insufficient number of network buffers:
        # required 512, but only 351 available". Fixed network memory and a
        # smaller per-partition minimum make room for all of them.
        "taskmanager.memory.network.min": "512m",
        "taskmanager.memory.network.max": "512m",
        "taskmanager.network.sort-shuffle.min-buffers": "64",
        "rest.address": "127.0.0.1",
        "rest.bind-address": "127.0.0.1",
        "rest.port": str(port),
        "parallelism.default": "1",
        # Spread a job's tasks over all TaskManagers, so killing one in a fault
        # experiment always hits running work (Flink packs the first TM otherwise).
        "cluster.evenly-spread-out-slots": "true",
        # Restart the failed region, e.g. after a TaskManager is killed. A fault
        # can fail several tasks of one region within milliseconds; fixed-delay
        # counts each as an attempt and gave up on such a burst. Flink 1.19's
        # exponential-delay (FLIP-364) counts failures that arrive together as one.
        "restart-strategy.type": "exponential-delay",
        "restart-strategy.exponential-delay.initial-backoff": "1 s",
        "restart-strategy.exponential-delay.max-backoff": "10 s",
        "restart-strategy.exponential-delay.backoff-multiplier": "2.0",
        "restart-strategy.exponential-delay.reset-backoff-threshold": "1 min",
        "restart-strategy.exponential-delay.jitter-factor": "0.1",
        "restart-strategy.exponential-delay.attempts-before-reset-backoff": "10",
        # Notice a lost TaskManager in ~20 s instead of Flink's default 50 s.
        "heartbeat.interval": "5000",
        "heartbeat.timeout": "20000",
        "io.tmp.dirs": str(tmp_dir),
        "env.java.opts.all": java_opts,
        # The JobManager reads a submitted job graph with Java serialization, which recurses once per
        # link of the graph's object chains: with the default 1 MB thread stack, submitting this
        # pipeline failed once in two tries with a StackOverflowError in the REST JobSubmitHandler
        # (100,000-document corpus; the same graph went through on the retry).
        "env.java.opts.jobmanager": "-Xss8m",
    }


def _write_conf(home: Path, state: Path, port: int, slots: int) -> Path:
    conf = state / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    for name in ("log4j-console.properties", "log4j.properties", "logback-console.xml"):
        shutil.copyfile(home / "conf" / name, conf / name)
    tmp_dir = state / "tmp"
    tmp_dir.mkdir(exist_ok=True)
    settings = flink_config(port, slots, _free_port(), tmp_dir, _distribution_java_opts(home))
    # json.dumps gives a valid YAML scalar for every value, quoting included.
    text = "".join(f"{key}: {json.dumps(value)}\n" for key, value in settings.items())
    (conf / "config.yaml").write_text(text)
    return conf


# ---------------------------------------------------------------- processes


def _alive(pid: int) -> bool:
    """True if ``pid`` runs and is not a zombie (a killed child we have not reaped)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _ours(pid: int, state: Path) -> bool:
    """True if ``pid`` is a live JVM started with this cluster's config dir (guards PID reuse)."""
    if not _alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    # JVMs name the config and log dirs; the SDK worker pool is told the state dir (--cluster).
    return any(mark in cmdline for mark in (str(state / "conf"), str(state / "log"), f"\0{state}\0"))


def _read_pids(port: int) -> dict:
    try:
        return json.loads(_pid_file(port).read_text())
    except (OSError, ValueError):
        return {"jobmanager": None, "taskmanagers": []}


def _write_pids(port: int, pids: dict) -> None:
    _pid_file(port).write_text(json.dumps(pids, indent=1))


def _start(home: Path, state: Path, role: str, index: int) -> int:
    script = "jobmanager.sh" if role == "jobmanager" else "taskmanager.sh"
    env = dict(os.environ)
    env.update(
        FLINK_HOME=str(home),
        FLINK_CONF_DIR=str(state / "conf"),
        FLINK_LOG_DIR=str(state / "log"),
        FLINK_PID_DIR=str(state / "run"),
        # Each process gets its own log file name (flink-console.sh uses it).
        FLINK_IDENT_STRING=f"{role}{index}",
    )
    env.pop("PYTHONPATH", None)
    out = (state / "log" / f"{role}{index}.out").open("ab")
    proc = subprocess.Popen(
        ["bash", str(home / "bin" / script), "start-foreground"],
        cwd=state,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # survives the caller; Ctrl-C in the caller does not reach it
    )
    out.close()
    return proc.pid


def _stop(pids: list[int], state: Path, group: bool = False) -> list[int]:
    """SIGTERM, then SIGKILL after STOP_TIMEOUT_S, to each of ``pids`` that is ours. ``group``: to the
    process group each leads (the SDK worker pool: its fork server and harnesses are in its group,
    started in a session of its own), so that nothing it started outlives it."""
    mine = [pid for pid in pids if _ours(pid, state)]

    def send(pid: int, sig: int) -> None:
        try:
            os.killpg(pid, sig) if group else os.kill(pid, sig)
        except ProcessLookupError:
            pass

    for pid in mine:
        send(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while time.monotonic() < deadline and any(_alive(pid) for pid in mine):
        time.sleep(0.2)
    for pid in mine:
        if _alive(pid):
            send(pid, signal.SIGKILL)
    if group:  # the pool ended; a harness it could not stop (one stuck sending) is ended here
        for pid in mine:
            send(pid, signal.SIGKILL)
    return mine


# ---------------------------------------------------------------- REST


def rest_get(port: int, path: str, timeout: float = 3.0) -> dict | None:
    """GET http://127.0.0.1:PORT/PATH as JSON, or None if the REST API does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path.lstrip('/')}", timeout=timeout) as r:
            return json.loads(r.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None


# ---------------------------------------------------------------- public API


def taskmanager_pids(port: int = DEFAULT_PORT) -> list[int]:
    """PIDs of the live TaskManager JVMs that ``cluster_up`` started on ``port``."""
    state = state_dir(port)
    return [pid for pid in _read_pids(port)["taskmanagers"] if _ours(pid, state)]


def jobmanager_pid(port: int = DEFAULT_PORT) -> int | None:
    """PID of the live JobManager JVM that ``cluster_up`` started on ``port``, if any."""
    pid = _read_pids(port)["jobmanager"]
    return pid if pid and _ours(pid, state_dir(port)) else None


def workers_pid(port: int = DEFAULT_PORT) -> int | None:
    """PID of the cluster's SDK worker pool, if it was started (``--workers``) and still runs."""
    pid = _read_pids(port).get("workers")
    return pid if pid and _ours(pid, state_dir(port)) else None


def cluster_status(port: int = DEFAULT_PORT) -> dict:
    """State of the cluster on ``port``.

    Keys: ``rest`` (URL), ``overview`` (Flink's /overview JSON or None),
    ``taskmanagers`` (count the REST API reports), ``jobmanager_pid``,
    ``taskmanager_pids`` (live processes we started), ``running`` (REST answers).
    """
    overview = rest_get(port, "overview")
    return {
        "rest": f"http://127.0.0.1:{port}",
        "overview": overview,
        "taskmanagers": overview.get("taskmanagers", 0) if overview else 0,
        "jobmanager_pid": jobmanager_pid(port),
        "taskmanager_pids": taskmanager_pids(port),
        "workers_pid": workers_pid(port),
        "workers_port": _read_pids(port).get("workers_port"),
        "running": overview is not None,
    }


def cluster_up(
    port: int = DEFAULT_PORT,
    taskmanagers: int = DEFAULT_TASKMANAGERS,
    slots: int = DEFAULT_SLOTS,
    timeout: float = UP_TIMEOUT_S,
    workers: int | None = None,
) -> dict:
    """Start a JobManager and ``taskmanagers`` TaskManagers on 127.0.0.1; return cluster_status().

    ``workers``: also start an SDK worker pool (``runners.workerpool``) on that port, for
    ``--sdk-workers localhost:PORT``. Returns at once if a cluster we started already runs on
    ``port`` with that many TaskManagers (starting the pool if it is asked for and not running).
    Waits until the REST API reports all TaskManagers; on timeout stops what it started and raises
    ClusterError.
    """
    if taskmanagers < 1 or slots < 1:
        raise ClusterError("need at least 1 TaskManager and 1 slot each")
    jobserver.require_java()
    status = cluster_status(port)
    if status["jobmanager_pid"] and status["taskmanagers"] == taskmanagers:
        if workers is not None and status["workers_pid"] is None:
            _start_workers(port, workers)
            status = cluster_status(port)
        elif workers is not None and status["workers_port"] != workers:
            raise ClusterError(
                f"this cluster's SDK worker pool listens on port {status['workers_port']}, not {workers}; "
                "`provenance cluster down` first to change it"
            )
        return status
    if status["jobmanager_pid"] or status["taskmanager_pids"] or status["workers_pid"]:
        cluster_down(port)
    if _port_in_use(port):
        raise ClusterError(f"port {port} on 127.0.0.1 is taken by another process; choose --port")
    home = ensure_flink()
    state = state_dir(port)
    shutil.rmtree(state, ignore_errors=True)
    (state / "log").mkdir(parents=True)
    _write_conf(home, state, port, slots)
    pids = {"jobmanager": _start(home, state, "jobmanager", 0), "taskmanagers": [], "port": port}
    _write_pids(port, pids)
    for i in range(taskmanagers):
        pids["taskmanagers"].append(_start(home, state, "taskmanager", i))
        _write_pids(port, pids)
    try:
        if workers is not None:
            _start_workers(port, workers)
        return _wait_for_taskmanagers(port, taskmanagers, timeout, slots)
    except ClusterError:
        cluster_down(port)
        raise


def _start_workers(port: int, workers_port: int, timeout: float = 60.0) -> int:
    """Start the SDK worker pool of the cluster on ``port``, listening on ``workers_port``."""
    if _port_in_use(workers_port):
        raise ClusterError(f"port {workers_port} on 127.0.0.1 is taken by another process; choose --workers")
    state = state_dir(port)
    out = (state / "log" / "workers.out").open("ab")
    proc = subprocess.Popen(
        # Through the command line, not ``-m runners.workerpool``: every harness the fork server starts
        # re-runs the main module, and runpy warns when that module is also imported.
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "workers",
            "--port",
            str(workers_port),
            "--cluster",
            str(state),
        ],
        cwd=Path(__file__).resolve().parent.parent,
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    out.close()
    pids = _read_pids(port)
    pids["workers"], pids["workers_port"] = proc.pid, workers_port
    _write_pids(port, pids)
    deadline = time.monotonic() + timeout
    while not _port_in_use(workers_port):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise ClusterError(
                f"SDK worker pool on port {workers_port} did not start; log in {state / 'log' / 'workers.out'}"
            )
        time.sleep(0.2)
    return proc.pid


def _wait_for_taskmanagers(port: int, expected: int, timeout: float, slots: int = 1) -> dict:
    """Until the REST API reports ``expected`` TaskManagers and all their ``slots`` each: a TaskManager
    is counted as it registers, and its slots can follow a moment later on a loaded machine (a test
    once saw 2 TaskManagers with 2 of their 4 slots)."""
    state = state_dir(port)
    deadline = time.monotonic() + timeout
    while True:
        status = cluster_status(port)
        offered = (status.get("overview") or {}).get("slots-total", 0)
        if status["taskmanagers"] >= expected and offered >= expected * slots:
            return status
        pids = _read_pids(port)
        dead = [p for p in [pids["jobmanager"], *pids["taskmanagers"]] if not _alive(p)]
        if dead or time.monotonic() > deadline:
            reason = f"process(es) {dead} exited" if dead else f"timed out after {timeout:.0f}s"
            raise ClusterError(
                f"Flink cluster on port {port} not ready ({reason}; REST reports "
                f"{status['taskmanagers']}/{expected} TaskManagers, {offered}/{expected * slots} slots); "
                f"logs in {state / 'log'}"
            )
        time.sleep(0.5)


def cluster_down(port: int = DEFAULT_PORT) -> list[int]:
    """Stop the processes ``cluster_up`` started on ``port``; return the PIDs stopped."""
    state = state_dir(port)
    pids = _read_pids(port)
    stopped = _stop([pids["workers"]], state, group=True) if pids.get("workers") else []
    stopped += _stop(pids["taskmanagers"], state)
    if pids["jobmanager"]:
        stopped += _stop([pids["jobmanager"]], state)
    _pid_file(port).unlink(missing_ok=True)
    return stopped


# ---------------------------------------------------------------- command line


def _print_status(status: dict) -> None:
    print(f"REST {status['rest']}: {'up' if status['running'] else 'not answering'}")
    if status["overview"]:
        print("overview " + json.dumps(status["overview"], sort_keys=True))
    print(f"taskmanagers {status['taskmanagers']}")
    print(f"jobmanager pid {status['jobmanager_pid']}")
    print(f"taskmanager pids {' '.join(map(str, status['taskmanager_pids'])) or '-'}")
    if status.get("workers_pid"):
        print(f"sdk worker pool pid {status['workers_pid']} on localhost:{status['workers_port']}")


def main(argv: list[str]) -> int:
    """``provenance cluster up|down|status``; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="provenance cluster", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["up", "down", "status"])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="REST port (default 8081)")
    parser.add_argument("--taskmanagers", type=int, default=DEFAULT_TASKMANAGERS)
    parser.add_argument("--slots", type=int, default=DEFAULT_SLOTS, help="task slots per TaskManager")
    parser.add_argument("--timeout", type=float, default=UP_TIMEOUT_S, help="seconds to wait for `up`")
    parser.add_argument(
        "--workers",
        type=int,
        nargs="?",
        const=DEFAULT_WORKERS_PORT,
        metavar="PORT",
        help=f"with `up`: also start an SDK worker pool (port {DEFAULT_WORKERS_PORT} unless given), "
        "for `provenance run --sdk-workers localhost:PORT`",
    )
    args = parser.parse_args(argv)
    try:
        if args.action == "up":
            started = time.monotonic()
            status = cluster_up(args.port, args.taskmanagers, args.slots, args.timeout, workers=args.workers)
            _print_status(status)
            use = f"--flink-master localhost:{args.port}"
            if status.get("workers_pid"):
                use += f" --sdk-workers localhost:{status['workers_port']}"
            print(f"ready in {time.monotonic() - started:.1f}s; use {use}")
        elif args.action == "down":
            stopped = cluster_down(args.port)
            print(f"stopped {len(stopped)} process(es): {' '.join(map(str, stopped)) or '-'}")
        else:
            status = cluster_status(args.port)
            _print_status(status)
            return 0 if status["running"] else 3
    except (ClusterError, jobserver.JobServerError) as exc:
        print(f"provenance cluster {args.action}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
