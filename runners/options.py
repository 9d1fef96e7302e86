"""Pipeline options that Beam's Python SDK does not define but its Java job servers read.

The ``flink`` preset passes ``--execution_mode_for_batch=BATCH_FORCED`` (blocking exchanges; see
``runners.presets``). Beam's Python parser does not know the flag: it still reached the job server,
but every run logged "Unparseable argument". Defined here, it is parsed and sent like any other option
(the cluster test checks that Flink's exchanges are blocking). Importing this module registers it.
"""

from __future__ import annotations

from apache_beam.options.pipeline_options import PipelineOptions


class FlinkBatchOptions(PipelineOptions):
    """Options of Beam's Java ``FlinkPipelineOptions`` that the presets set from Python."""

    @classmethod
    def _add_argparse_args(cls, parser) -> None:
        parser.add_argument(
            "--execution_mode_for_batch",
            default=None,
            help="Flink's batch execution mode (PIPELINED, BATCH_FORCED, ...), read by the Flink job server.",
        )
