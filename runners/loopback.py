"""A LOOPBACK worker pool that does not stop one TaskManager's SDK harness for another.

With ``--environment_type=LOOPBACK`` Beam starts a worker pool service in the
submitting process; every Flink TaskManager asks it to ``StartWorker`` /
``StopWorker`` SDK harnesses (threads of this process) by ``worker_id``. Those
ids are made by each TaskManager JVM on its own ("5-1", "9-1", ...), so with two
TaskManagers the same id is in use twice at once. Beam's pool keeps one harness
per id (the later start overwrites the earlier) and ``StopWorker`` ends
whichever harness holds the id. When TaskManager A releases its environment
"5-1", the pool stopped TaskManager B's harness "5-1" in the middle of a bundle:
B's task failed with "SDK harness closed connection" or "Stream is already
completed", and Flink restarted the region (3-9 such failures per 5,000-document
run measured here; one CI run exhausted them and failed).

Beam's runner (ExternalEnvironmentFactory) opens one gRPC channel per environment,
sends both ``StartWorker`` and ``StopWorker`` over it, and closes the harness's
control stream before it sends the stop, so a harness thread is already ending
when its stop arrives. This pool therefore remembers which connection (gRPC
peer) started each harness and lets ``StopWorker`` end only the harness that the
same connection started; a stop it cannot match does nothing, because the
runner has already closed that harness's control stream.
"""

from __future__ import annotations

import logging
import threading


def _peer(context) -> str:
    """The requesting connection ("ipv6:[::1]:PORT"); one per environment on the runner side."""
    return context.peer() if context is not None else ""


def _pool_class():
    from apache_beam.portability.api import beam_fn_api_pb2
    from apache_beam.runners.worker import worker_pool_main
    from apache_beam.utils.sentinel import Sentinel

    base = worker_pool_main.BeamFnExternalWorkerPoolServicer
    if getattr(base, "keeps_harnesses_apart", False):
        return base

    class HarnessPerRunnerPool(base):
        """Beam's worker pool, with ``StopWorker`` that cannot hit another runner's harness."""

        keeps_harnesses_apart = True

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._lock = threading.Lock()
            self._by_peer: dict[tuple[str, str], object] = {}
            self.unmatched_stops = 0

        def StartWorker(self, request, context):
            with self._lock:
                response = super().StartWorker(request, context)
                # Beam's own map is keyed by worker id only: keep it empty so its
                # StopWorker never finds (and stops) a harness by id alone.
                harness = self._worker_threads.pop(request.worker_id, None)
                if harness is not None:
                    self._by_peer[(_peer(context), request.worker_id)] = harness
            return response

        def StopWorker(self, request, context):
            if self._use_process:
                return super().StopWorker(request, context)
            with self._lock:
                harness = self._by_peer.pop((_peer(context), request.worker_id), None)
                if harness is None:
                    self.unmatched_stops += 1
                else:
                    harness._responses.put(Sentinel.sentinel)
                # Forget harnesses that have ended on their own.
                for key in [k for k, h in self._by_peer.items() if not h._alive]:
                    del self._by_peer[key]
            return beam_fn_api_pb2.StopWorkerResponse()

    return HarnessPerRunnerPool


def install() -> type:
    """Make Beam's LOOPBACK environment (in this process) use the pool above; idempotent."""
    from apache_beam.runners.worker import worker_pool_main

    pool = _pool_class()
    worker_pool_main.BeamFnExternalWorkerPoolServicer = pool
    return pool


def _is_hang_up(exc: BaseException | None) -> bool:
    """Flink closing a finished task's data stream: gRPC CANCELLED "Multiplexer hanging up"."""
    code = getattr(exc, "code", None)
    details = getattr(exc, "details", None)
    if not callable(code) or not callable(details):
        return False
    try:
        return code().name == "CANCELLED" and "Multiplexer hanging up" in (details() or "")
    except Exception:  # noqa: BLE001 - an exception that is not a finished RPC is not ours to judge
        return False


class _HangUpFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and _is_hang_up(record.exc_info[1]))


def quiet_hang_ups() -> None:
    """Drop the traceback pair Beam prints each time Flink ends a finished task's data stream.

    With LOOPBACK workers, the SDK's data-plane reader thread logs "Failed to read inputs in the
    data plane" and dies with gRPC CANCELLED "Multiplexer hanging up" whenever the runner closes the
    stream of a task that has finished: normal shutdown, printed as two tracebacks per task. Only
    that exact error is silenced; every other error and thread exception still prints.
    """
    data_plane = logging.getLogger("apache_beam.runners.worker.data_plane")
    if not any(isinstance(f, _HangUpFilter) for f in data_plane.filters):
        data_plane.addFilter(_HangUpFilter())
    previous = threading.excepthook
    if getattr(previous, "quiet_hang_ups", False):
        return

    def hook(args: threading.ExceptHookArgs) -> None:
        if not _is_hang_up(args.exc_value):
            previous(args)

    hook.quiet_hang_ups = True
    threading.excepthook = hook
