"""The ``provenance`` command line: ``run``, ``trace``, ``synth``, ``eval``, ``cluster``, ``workers``.

Each subcommand lives in its own module and exposes ``main(argv: list[str]) -> int``; this module only
dispatches, so ``provenance --help`` stays fast (no Beam import).
"""

from __future__ import annotations

import importlib
import logging
import sys


def _not_beams_bigquery_notice(record: logging.LogRecord) -> bool:
    """Beam's import warns that Google's BigQuery client is missing (logged to the root logger, before
    every command's own output and errors): nothing this tool uses."""
    return not record.getMessage().startswith("apitools not found")


COMMANDS = {
    "run": ("pipeline.run_command", "run the pipeline on files or folders and write Parquet tables"),
    "trace": ("pipeline.trace_command", "show where a document (or a new text) comes from"),
    "synth": ("pipeline.synth_command", "generate a labelled synthetic corpus with ground truth"),
    "eval": ("pipeline.eval_command", "score a run against ground truth (and the textbook baseline)"),
    "cluster": ("runners.cluster", "start, stop or query a local Flink session cluster"),
    "workers": ("runners.workerpool", "serve an SDK worker pool beside Flink TaskManagers"),
}


def usage() -> str:
    lines = ["usage: provenance COMMAND [ARGS...]", "", "commands:"]
    lines += [f"  {name:<8} {text}" for name, (_, text) in COMMANDS.items()]
    lines += ["", "provenance COMMAND --help for a command's options"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"provenance: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    logging.getLogger().addFilter(_not_beams_bigquery_notice)
    module = importlib.import_module(COMMANDS[name][0])
    return int(module.main(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
