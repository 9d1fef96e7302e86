"""A Python SDK worker pool beside the Flink TaskManagers: every harness a process of its own.

``provenance workers [--port 50000]`` (foreground; ``provenance cluster up --workers`` starts one
with the local cluster) serves Beam's external worker pool API. A job run with
``--runner flink --sdk-workers HOST:PORT`` (Beam's ``--environment_type=EXTERNAL``) has each
TaskManager ask the pool for an SDK harness per environment, and the pool starts it as a new
Python process. With the ``flink`` preset's default LOOPBACK environment every harness is a thread
of the submitting process instead: one interpreter, one lock, and all of the job's Python memory in
one process (docs/scaling-out.md, section 3).

Like :mod:`runners.loopback`'s pool, it stops only the harness that the same runner connection
started: two TaskManagers number their environments on their own ("1-1" on both), and Beam's pool
stops harnesses by that number alone, which stopped one TaskManager's harness when the other
released its environment and left the job waiting forever (measured here on 5,000 documents: 93 of
626 tasks done, then the CPU idle).

Harnesses run the pool's own interpreter (``sys.executable``): start the pool in the environment
where this project and its dependencies are installed, on every machine that runs a TaskManager.
The pool, its fork server and its harnesses share one process group (``cluster down`` ends them
together), and a harness whose pool is gone ends itself.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from concurrent import futures

from runners import presets
from runners.loopback import _peer

DEFAULT_PORT = 50000
# A harness that has not ended this long after its stop is terminated.
STOP_TIMEOUT_S = 10.0


# Imported once by the fork server: a harness process is a fork of it, ready in milliseconds instead
# of the 1.7 s that starting Python and importing Beam and the project take (153 harnesses for one
# 5,000-document job here).
# This module comes first: it records the project's source files before the others are imported.
PRELOAD = ("runners.workerpool", "apache_beam.runners.worker.sdk_worker", "pipeline.build")


# The project's own packages: a harness forked after one of their files changed would run the code
# the fork server imported, not the code on disk.
PROJECT_PACKAGES = ("pipeline", "runners", "schemas", "transforms")


def source_files(packages: tuple[str, ...] = PROJECT_PACKAGES) -> dict[str, int]:
    """Every ``.py`` file of the project's ``packages`` and its modification time (ns)."""
    import importlib.util

    found = {}
    for package in packages:
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for root, _, files in os.walk(folder):
                for name in files:
                    if name.endswith(".py"):
                        path = os.path.join(root, name)
                        try:
                            found[path] = os.stat(path).st_mtime_ns
                        except OSError:
                            found[path] = -1
    return found


def changed_files(loaded: dict[str, int]) -> list[str]:
    """The files of ``loaded`` (:func:`source_files`) that changed or went since."""
    changed = []
    for path, mtime in loaded.items():
        try:
            now = os.stat(path).st_mtime_ns
        except OSError:
            now = -1
        if now != mtime:
            changed.append(path)
    return changed


# Taken in the fork server when it imports this module, before the rest of PRELOAD: an edit while
# the fork server imports the project is then seen as a change.
_LOADED = source_files()
# In the fork server: the pool that started it. Its harnesses end when that process is gone.
_POOL_PID = os.getppid()
# How often a harness checks that its pool is still there.
POOL_CHECK_S = 5.0

_FRESH_HARNESS = (
    "import sys\nfrom runners.workerpool import _serve_control\n_serve_control(sys.argv[1], sys.argv[2])\n"
)


def _run_harness(control_url: str, worker_id: str) -> None:
    """A harness process's body: serve the runner's control endpoint until it closes.

    If the project's own code changed on disk since the fork server imported it (an edit or an
    upgrade of the project while the pool runs), the fork replaces itself with a fresh interpreter
    that imports the code on disk, with the fork server's import path: slower to start, and running
    the project's current code. (Upgraded dependencies are not detected: restart the pool.)"""
    stale = changed_files(_LOADED)
    if stale:
        logging.getLogger(__name__).warning(
            "project code changed since the worker pool started (%s, ...): harness %s starts a fresh "
            "interpreter; restart the pool to fork fresh code again",
            stale[0],
            worker_id,
        )
        sys.stdout.flush()
        sys.stderr.flush()
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(p for p in sys.path if p),
            PROVENANCE_WORKER_POOL_PID=str(_POOL_PID),
        )
        os.execve(sys.executable, [sys.executable, "-c", _FRESH_HARNESS, control_url, worker_id], env)
    _serve_control(control_url, worker_id)


def _watch_pool(pool_pid: int) -> None:
    """End this harness when the pool that started it is gone (killed, not stopped: a stopped pool
    terminates its harnesses itself)."""
    while True:
        time.sleep(POOL_CHECK_S)
        try:
            os.kill(pool_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass


def _serve_control(control_url: str, worker_id: str) -> None:
    from apache_beam.runners.worker.sdk_worker import SdkHarness

    from runners import jobserver, loopback

    # The 2.62 job server's Java side answers the SDK's 20 s keepalive pings with GOAWAY.
    jobserver.match_java_keepalive()
    # Flink closing a finished task's data stream is normal shutdown, not a traceback to print.
    loopback.quiet_hang_ups()
    pool_pid = int(os.environ.get("PROVENANCE_WORKER_POOL_PID") or _POOL_PID)
    threading.Thread(target=_watch_pool, args=(pool_pid,), name="watch-pool", daemon=True).start()
    harness = SdkHarness(control_url, worker_id=worker_id, state_cache_size=0, data_buffer_time_limit_ms=-1)
    try:
        harness.run()
    except Exception as exc:  # noqa: BLE001 - only the runner's normal hang-up is not an error
        # The harness re-raises, as it closes, the hang-up its data-plane reader saw.
        if not loopback._is_hang_up(exc):
            raise


def _stop(process, timeout: float) -> None:
    """Wait ``timeout`` for a harness process to end, then terminate it (then kill it). Signals go
    only to a process not known to have ended (its pid may belong to another process since)."""
    process.join(timeout)
    if process.exitcode is None:
        process.terminate()
        process.join(timeout)
    if process.exitcode is None:
        process.kill()


def _servicer_class():
    from apache_beam.portability.api import beam_fn_api_pb2, beam_fn_api_pb2_grpc

    class ProcessPerEnvironmentPool(beam_fn_api_pb2_grpc.BeamFnExternalWorkerPoolServicer):
        """Starts each SDK harness as a fork of a warm fork server; stops only the harness that the
        same runner connection started (two TaskManagers may use one worker id at once)."""

        def __init__(self, context, target=_run_harness, stop_timeout: float = STOP_TIMEOUT_S) -> None:
            self._context = context
            self._target = target
            self._stop_timeout = stop_timeout
            self._lock = threading.Lock()
            self._by_peer: dict[tuple[str, str], object] = {}
            self._closed = False
            self.started = 0
            self.unmatched_stops = 0

        def StartWorker(self, request, context):
            key = (_peer(context), request.worker_id)
            try:
                process = self._context.Process(
                    target=self._target,
                    args=(request.control_endpoint.url, request.worker_id),
                    name=f"sdk-harness-{request.worker_id}",
                    daemon=True,  # ended by multiprocessing when the pool exits
                )
                process.start()
            except Exception:  # noqa: BLE001 - the runner reports the error to the job
                return beam_fn_api_pb2.StartWorkerResponse(error=traceback.format_exc())
            with self._lock:
                closed, replaced = self._closed, self._by_peer.get(key)
                if not closed:
                    self._by_peer[key] = process
                    self.started += 1
                    for gone in [k for k, p in self._by_peer.items() if p.exitcode is not None]:
                        del self._by_peer[gone]
            leftover = process if closed else replaced
            if leftover is not None:
                threading.Thread(target=_stop, args=(leftover, self._stop_timeout), daemon=True).start()
            if closed:
                return beam_fn_api_pb2.StartWorkerResponse(error="the worker pool is shutting down")
            return beam_fn_api_pb2.StartWorkerResponse()

        def StopWorker(self, request, context):
            with self._lock:
                process = self._by_peer.pop((_peer(context), request.worker_id), None)
                if process is None:
                    self.unmatched_stops += 1
            if process is not None:
                # The runner closes the harness's control stream before it asks for the stop, so
                # the harness is ending already; waiting in a thread keeps the answer immediate.
                threading.Thread(target=_stop, args=(process, self._stop_timeout), daemon=True).start()
            return beam_fn_api_pb2.StopWorkerResponse()

        def stop_all(self) -> None:
            """End every harness and start no more (the pool's own shutdown)."""
            with self._lock:
                self._closed = True
                processes, self._by_peer = list(self._by_peer.values()), {}
            for process in processes:
                if process.exitcode is None:
                    process.terminate()
            for process in processes:
                _stop(process, self._stop_timeout)

    return ProcessPerEnvironmentPool


def serve(port: int = DEFAULT_PORT):
    """Start the pool on ``port`` (0: any free port); returns (address, server, pool).

    The fork server starts (and imports :data:`PRELOAD`) before the gRPC server does, so no harness
    is forked from a process with gRPC threads."""
    import grpc
    from apache_beam.portability.api import beam_fn_api_pb2_grpc

    # glibc returns freed blocks to the system, here and (by the environment) in every harness.
    presets.return_freed_memory()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    warm = context.Process(target=_noop)
    warm.start()
    warm.join()
    pool = _servicer_class()(context)
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=16),
        options=[("grpc.http2.max_pings_without_data", 0), ("grpc.http2.max_ping_strikes", 0)],
    )
    beam_fn_api_pb2_grpc.add_BeamFnExternalWorkerPoolServicer_to_server(pool, server)
    bound = server.add_insecure_port(f"[::]:{port}")
    if not bound:
        raise RuntimeError(f"port {port} is not free")
    server.start()
    return f"localhost:{bound}", server, pool


def _noop() -> None:
    """Started once so that the fork server is up (and has imported PRELOAD) before any job."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="provenance workers",
        description="Serve Beam's external SDK worker pool: each harness a Python process of its own.",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"gRPC port (default {DEFAULT_PORT})")
    parser.add_argument(
        "--cluster", metavar="STATE_DIR", help="the local cluster this pool belongs to (set by `cluster up`)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    # Run as ``python -m runners.workerpool`` this module is ``__main__``: the harness function the
    # fork server runs must be the importable module's, whose snapshot of the project's files is the
    # fork server's own (``__main__``'s would be taken again in each harness).
    from runners import workerpool as home

    try:
        address, server, pool = home.serve(args.port)
    except RuntimeError as exc:
        parser.exit(2, f"provenance workers: cannot listen on port {args.port}: {exc}\n")
    print(f"worker pool listening on {address}", flush=True)
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    pool.stop_all()
    server.stop(grace=5).wait()
    print(f"worker pool stopped ({pool.started} harnesses started)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
