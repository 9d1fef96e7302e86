"""``provenance run INPUT... --out OUT [options] [-- BEAM_FLAGS]``: the main job.

The run writes into a hidden temporary directory beside ``OUT`` and moves it into place only after every
table and, last, ``manifest.json`` are written: a failed or killed run never leaves a directory that
looks complete.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import logging
import os
import platform
import shutil
import signal
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from pipeline.prov import write_prov
from schemas import SCHEMA_VERSION, TABLES
from transforms.core.config import MatchConfig
from transforms.core.records import CANONICAL_FIELDS, NAMED_ONLY, id_stems, input_kind, supported_names

log = logging.getLogger("provenance")


class UsageError(Exception):
    """A problem with the command line or its inputs: one line to stderr, exit code 2."""


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="provenance run",
        description="Deduplicate a news corpus and infer provenance chains; write Parquet tables to --out.",
        epilog="Beam pipeline options go after '--', e.g. -- --direct_num_workers=2 --direct_running_mode=multi_processing",
    )
    ap.add_argument(
        "inputs",
        nargs="+",
        help="files or folders (.txt/.md, .html, .jsonl, .json, .csv, .parquet, .warc, .rss/.atom/.xml; also compressed)",
    )
    ap.add_argument(
        "--out", required=True, help="output directory (replaced atomically if it holds a previous run)"
    )
    ap.add_argument(
        "--runner", default="direct", help="runner preset: direct, direct-mp, flink, ... (see runners/)"
    )
    ap.add_argument("--flink-master", help="HOST:PORT of an existing Flink cluster (with --runner flink)")
    ap.add_argument("--parallelism", type=int, help="parallelism for cluster runners")
    ap.add_argument(
        "--sdk-workers",
        metavar="HOST:PORT",
        help="with --runner flink: run the Python work in the processes of this SDK worker pool "
        "(`provenance workers`, or `provenance cluster up --workers`) instead of in this process",
    )
    ap.add_argument(
        "--join",
        "--verify-join",
        dest="join",
        choices=("auto", "side_input", "shuffle"),
        default="auto",
        help="how candidate pairs meet their features and documents their component labels: "
        "side_input (one machine) or shuffle (cluster); auto picks by runner. Same tables either way "
        "(--verify-join is the older name)",
    )
    ap.add_argument("--config", help="JSON file with MatchConfig fields overriding the defaults")
    ap.add_argument("--outlets", help="TSV extending the outlet registry (canonical, role, aliases)")
    ap.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="CANONICAL=COLUMN",
        help=f"read COLUMN as CANONICAL (one of {', '.join(CANONICAL_FIELDS)}); repeatable",
    )
    ap.add_argument(
        "--encoding",
        default="auto",
        metavar="CODEC",
        help="how to read input text that is not UTF-8 (nor marked UTF-16/32, nor a page declaring its "
        "charset): auto reads a text that is UTF-8 but for a few stray bytes with those bytes as "
        "windows-1252 and rejects the rest as undecodable; a codec name (cp1251, shift_jis, ...) reads "
        "it with that codec",
    )
    ap.add_argument("--quiet", "-q", action="store_true", help="no progress lines, only the summary")
    return ap


def input_encoding(name: str) -> str:
    """``--encoding``: ``auto`` or a codec Python knows, by its canonical name."""
    from transforms.core.records import text_codec

    if name == "auto":
        return name
    try:
        return text_codec(name)
    except LookupError as err:
        raise UsageError(
            f"--encoding {name!r}: not an encoding Python knows (e.g. cp1252, cp1251, shift_jis)"
        ) from err


def field_map(specs: list[str]) -> dict[str, str]:
    mapping = {}
    for spec in specs:
        name, sep, column = spec.partition("=")
        if not sep or not column or name not in CANONICAL_FIELDS:
            raise UsageError(
                f"--field {spec!r}: expected CANONICAL=COLUMN with CANONICAL one of {', '.join(CANONICAL_FIELDS)}"
            )
        mapping[name] = column
    return mapping


def load_config(path: str | None) -> MatchConfig:
    if not path:
        return MatchConfig()
    try:
        data = json.loads(Path(path).read_text())
    except FileNotFoundError as err:
        raise UsageError(f"--config {path}: no such file") from err
    except json.JSONDecodeError as err:
        raise UsageError(f"--config {path}: not valid JSON ({err.msg} at line {err.lineno})") from err
    try:
        return MatchConfig.from_dict(data)
    except (TypeError, ValueError) as err:
        raise UsageError(f"--config {path}: {err}") from err


SUPPORTED_NAMES = supported_names()
NAMED_ONLY_NOTE = " and ".join(f".{kind}" for kind in NAMED_ONLY)  # ".json and .xml"


def _hidden(path: Path, root: Path) -> bool:
    """Whether a file found under ``root`` is hidden or inside a hidden folder (``.git``, a run's
    ``.out.tmp-…`` folder being written)."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _inside(path: Path, folder: Path | None) -> bool:
    """Whether ``path`` (resolved) lies in ``folder``; a link that cannot be resolved (a loop) does not."""
    if folder is None:
        return False
    try:
        return path.resolve().is_relative_to(folder)
    except (OSError, RuntimeError):
        return False


def expand_inputs(inputs: list[str], exclude: Path | None = None) -> tuple[list[str], list[Path], list[Path]]:
    """File patterns for Beam, the input files found, and files skipped as unsupported. Checks that every
    input exists and every input file is readable. In a folder, hidden files and folders are passed over,
    and so is ``exclude`` (the run's own ``--out``, when it lies inside an input folder: a run must not
    read a previous run's tables back as input)."""
    patterns, files, skipped = [], [], []
    outside = exclude.resolve() if exclude is not None else None
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"input path {raw} does not exist")
        if outside is not None and path.resolve() == outside:
            raise UsageError(f"--out {exclude} is an input folder; choose another --out")
        if path.is_dir():
            entries = sorted(
                p
                for p in path.rglob("*")
                if not p.is_dir() and not _hidden(p, path) and not _inside(p, outside)
            )
            # A broken link, a link loop (is_file: False), a pipe or a socket is no file to read; a .json
            # or .xml file inside a folder is most often metadata beside the corpus, read only when named
            # (records.NAMED_ONLY). Both are skipped, and listed.
            supported = []
            for p in entries:
                kind = input_kind(str(p)) if p.is_file() else None
                (supported if kind is not None and kind not in NAMED_ONLY else skipped).append(p)
            files += supported
            patterns += sorted({str(p.resolve()) for p in supported})
        else:
            if not input_kind(str(path)):
                raise UsageError(f"input file {raw} is not {SUPPORTED_NAMES}")
            files.append(path)
            patterns.append(str(path.resolve()))
    for f in files:
        if not os.access(f, os.R_OK):
            raise UsageError(f"input file {f} is not readable")
    if not files:
        raise UsageError(
            f"no {SUPPORTED_NAMES} files in {' '.join(inputs)} ({NAMED_ONLY_NOTE} files are read when named)"
        )
    # Escape glob characters: each pattern names exactly one file.
    return [_escape_glob(p) for p in dict.fromkeys(patterns)], files, skipped


def _escape_glob(path: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in path)


def fingerprint_file(path: Path) -> dict:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return {"path": str(path.resolve()), "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


# What a run directory holds: its tables (one folder each), its manifest and its PROV-O export.
RUN_FILES = frozenset({*TABLES, "manifest.json", "provenance.jsonld"})


def _is_previous_run(out: Path) -> bool:
    """Whether ``out``'s manifest was written by this tool's run command."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("tool") == "news-provenance"


def prepare_out(out: Path) -> Path:
    """Check ``out`` may be written; return the temporary directory the run writes into. A non-empty
    ``out`` is replaced only when it is a previous run of this tool holding nothing else: a folder that
    merely has a ``manifest.json`` (a web app's), or a run someone added notes to, is left alone."""
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"--out {out} exists and is not a directory")
        entries = sorted(e.name for e in out.iterdir())
        if entries and not _is_previous_run(out):
            raise UsageError(
                f"--out {out} is a non-empty directory that is not a previous run of provenance run; "
                "refusing to replace it"
            )
        foreign = [e for e in entries if e not in RUN_FILES]
        if foreign:
            shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
            raise UsageError(
                f"--out {out} is a previous run but also holds {shown}, which replacing it would delete; "
                "move them or choose another --out"
            )
    tmp = out.parent / f".{out.name}.tmp-{uuid.uuid4().hex[:8]}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(out)
        tmp.mkdir()
        (tmp / WRITER_FILE).write_text(str(os.getpid()))
    except OSError as err:
        raise UsageError(f"--out {out}: cannot write there ({err.strerror or err})") from err
    return tmp


# Inside a run's temporary folder: the process id of the run writing it.
WRITER_FILE = ".writer"


def _remove_abandoned(out: Path) -> None:
    """Remove the temporary folders of runs into ``out`` that were killed (``kill -9`` leaves them): those
    whose writing process no longer exists. A run still writing one keeps it."""
    for tmp in out.parent.glob(f".{glob.escape(out.name)}.tmp-*"):
        try:
            pid = int((tmp / WRITER_FILE).read_text())
        except (OSError, ValueError):
            continue  # not ours to judge
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(tmp, ignore_errors=True)
        except PermissionError:
            pass  # another user's live process


def publish(tmp: Path, out: Path) -> None:
    """Move a finished run into place, replacing a previous run."""
    (tmp / WRITER_FILE).unlink(missing_ok=True)
    if out.exists():
        old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
        out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(out)


def table_rows(run_dir: Path) -> dict[str, int]:
    import pyarrow.parquet as pq

    from pipeline.tables import table_files

    return {
        name: sum(pq.ParquetFile(f).metadata.num_rows for f in table_files(run_dir, name)) for name in TABLES
    }


class RecordsLost(RuntimeError):
    """A finished pipeline's tables do not account for every input record (the run is not published)."""


def record_accounting(rows: dict[str, int], counters: dict[str, int], reported: str = "committed") -> dict:
    """Check that every input record came out as one ``documents`` or one ``rejects`` row, and every
    document has its ``provenance`` row; raise :class:`RecordsLost` if not.

    The input count is the ``input_records`` counter of the read step (absent when no record was read:
    0). ``reported`` is how the runner gave its counters (:func:`beam_counters`): with none the input
    count is unknown, and with attempted values only it may count a retried bundle twice; either way
    the input count is not held against the tables (``checked`` is False). The provenance rows are
    always checked.
    """
    from transforms.io import INPUT_RECORDS

    read = None if reported == "none" else counters.get(INPUT_RECORDS, 0)
    checked = reported == "committed"
    accounted = rows["documents"] + rows["rejects"]
    problems = []
    if checked and accounted != read:
        problems.append(
            f"{read} input records were read but the tables hold {rows['documents']} documents + "
            f"{rows['rejects']} rejects = {accounted}"
        )
    if rows["provenance"] != rows["documents"]:
        problems.append(f"{rows['documents']} documents but {rows['provenance']} provenance rows")
    if problems:
        raise RecordsLost(
            "records went missing inside the runner: "
            + "; ".join(problems)
            + ". The outputs were not published. Rerun, on another runner preset if it happens again."
        )
    return {
        "checked": checked,
        "counters": reported,
        "input_records": read,
        "documents": rows["documents"],
        "rejects": rows["rejects"],
    }


def beam_counters(result) -> tuple[dict[str, int], str]:
    """The pipeline's counters, and how the runner reported them: "committed", "attempted" (some
    counter had no committed value: a retried bundle is counted twice) or "none" (no metrics)."""
    from transforms.counting import NAMESPACE

    counters: dict[str, int] = {}
    try:
        query = result.metrics().query()
    except Exception:  # some portable runners do not return metrics; the table counts still stand
        return counters, "none"
    reported = "committed"
    for c in query.get("counters", []):
        if c.key.metric.namespace != NAMESPACE:
            continue
        if c.committed is None:
            reported = "attempted"
        value = c.committed if c.committed is not None else c.attempted
        counters[c.key.metric.name] = counters.get(c.key.metric.name, 0) + int(value or 0)
    return dict(sorted(counters.items())), reported


def runner_flags(args: argparse.Namespace, extra: list[str]) -> list[str]:
    from runners.presets import RunnerError, check_sdk_workers, pipeline_args

    try:
        flags = pipeline_args(
            args.runner,
            flink_master=args.flink_master,
            parallelism=args.parallelism,
            sdk_workers=args.sdk_workers,
            extra=extra,
        )
        if args.sdk_workers:  # after pipeline_args, which checks that it is HOST:PORT
            check_sdk_workers(args.sdk_workers, args.flink_master)
        return flags
    except RunnerError as err:
        raise UsageError(str(err)) from err


def setup_logging(quiet: bool) -> None:
    root = logging.getLogger()
    root.setLevel(logging.WARNING)
    ours = logging.getLogger("provenance")
    ours.setLevel(logging.WARNING if quiet else logging.INFO)
    if not ours.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
        ours.addHandler(handler)
        ours.propagate = False


def run(args: argparse.Namespace, extra: list[str]) -> dict:
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions

    import runners.options  # noqa: F401  (registers the Java-side flags the presets pass)
    from pipeline.build import WORK_DIR, build
    from transforms.core.outlets import load_registry

    started = datetime.now(timezone.utc)
    cfg = load_config(args.config)
    fields = field_map(args.field)
    encoding = input_encoding(args.encoding)
    try:
        registry = load_registry(args.outlets)
    except (FileNotFoundError, ValueError) as err:
        raise UsageError(f"--outlets: {err}") from err
    patterns, files, skipped = expand_inputs(args.inputs, exclude=Path(args.out))
    flags = runner_flags(args, extra)
    from runners.presets import join_for, prepare_process

    prepare_process(args.runner)
    join = join_for(args.runner, args.join, args.sdk_workers)
    out = Path(args.out)
    tmp = prepare_out(out)
    log.info("input: %d files (%d unsupported files skipped); config %s", len(files), len(skipped), cfg)
    log.info("runner flags: %s", " ".join(flags))
    try:
        t0 = time.monotonic()
        p = beam.Pipeline(options=PipelineOptions(flags))
        stems = id_stems(str(f.resolve()) for f in files)
        build(
            p, patterns, cfg, registry, fields, str(tmp.resolve()), join=join, encoding=encoding, stems=stems
        )
        log.info(
            "stages: read -> normalise -> sign -> candidates -> verify -> components -> clusters/provenance -> write"
        )
        result = p.run()
        state = result.wait_until_finish()
        if str(state) not in ("DONE", "PipelineState.DONE"):
            raise RuntimeError(f"pipeline ended in state {state}")
        wall = time.monotonic() - t0
        shutil.rmtree(tmp / WORK_DIR, ignore_errors=True)
        log.info("pipeline finished in %.1f s; checking tables", wall)
        rows = table_rows(tmp)
        write_prov(tmp, args.outlets)
        counters, reported = beam_counters(result)
        accounting = record_accounting(rows, counters, reported)
        manifest = {
            "tool": "news-provenance",
            "schema_version": SCHEMA_VERSION,
            "config": cfg.to_dict(),
            "config_fingerprint": str(cfg),
            "versions": versions(),
            "runner": {"preset": args.runner, "flags": flags, "join": join},
            "inputs": [fingerprint_file(f) for f in files],
            "skipped_files": [str(f) for f in skipped],
            "field_map": fields,
            "encoding": encoding,
            "outlet_registry": args.outlets,
            "counts": {"tables": rows, "stages": counters},
            "record_accounting": accounting,
            "started_at": started.isoformat(),
            "finished_at": datetime.now(timezone.utc).isoformat(),
            "wall_seconds": round(wall, 3),
        }
        manifest["warnings"] = warnings(tmp, manifest)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n")
        publish(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def warnings(run_dir: Path, manifest: dict) -> list[str]:
    from pipeline.tables import read_table

    found = []
    stages = manifest["counts"]["stages"]
    accounting = manifest["record_accounting"]
    if not accounting["checked"]:
        why = "no metrics" if accounting["counters"] == "none" else "attempted, not committed, counters"
        found.append(f"input records not counted against the tables: the runner reported {why}")
    for name, n in stages.items():
        if name.startswith("read_as."):
            found.append(
                f"{n} input texts were not UTF-8 and were read as {name[len('read_as.') :]} (the charset "
                "they declare, windows-1252 for a few stray bytes, or --encoding)"
            )
    if manifest["versions"].get("wordfreq") is None:
        found.append(
            "wordfreq is not installed: in a corpus under 200 documents a spin's direction has no word "
            "rarity evidence (pip install wordfreq)"
        )
    if stages.get("oversized_buckets"):
        found.append(
            f"{stages['oversized_buckets']} LSH buckets exceeded max_bucket and were chained, not paired"
        )
    if stages.get("cc_fallback_edges"):
        found.append(
            f"connected components needed the fallback for {stages['cc_fallback_edges']} edges; raise cc_rounds"
        )
    clusters = read_table(run_dir, "clusters")
    giants = [
        c
        for c, g in zip(clusters.column("cluster_id").to_pylist(), clusters.column("giant").to_pylist())
        if g
    ]
    if giants:
        found.append(
            f"{len(giants)} giant clusters (> giant_cluster documents): likely chaining, inspect {giants[:5]}"
        )
    return found


def versions() -> dict:
    import apache_beam
    import datasketch
    import numpy
    import pyarrow
    import xxhash

    return {
        "python": platform.python_version(),
        "apache_beam": apache_beam.__version__,
        "datasketch": getattr(datasketch, "__version__", "2"),
        "pyarrow": pyarrow.__version__,
        "numpy": numpy.__version__,
        "xxhash": xxhash.VERSION,
        # General English word frequencies tell a spin from its source in a corpus under 200 documents
        # (provenance.ReferenceRarity); without the package that evidence is missing (a warning says so).
        "wordfreq": _version_of("wordfreq"),
    }


def _version_of(package: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def summary(manifest: dict, out: str) -> str:
    t = manifest["counts"]["tables"]
    s = manifest["counts"]["stages"]
    lines = [
        f"documents {t['documents']}, rejects {t['rejects']}, clusters {t['clusters']} "
        f"({s.get('clusters_multi', 0)} with 2+ documents), derived documents {s.get('derived_documents', 0)}, "
        f"edges {t['edges']}",
        f"tables in {out}: " + ", ".join(sorted(TABLES)) + " + manifest.json "
        f"({manifest['wall_seconds']:.1f} s on {manifest['runner']['preset']})",
    ]
    skipped = manifest.get("skipped_files") or []
    if skipped:  # said even with -q: files in the input folders that no table accounts for
        shown = ", ".join(Path(p).name for p in skipped[:3]) + (", …" if len(skipped) > 3 else "")
        lines.append(
            f"skipped {len(skipped)} file{'s' if len(skipped) > 1 else ''} in the input folders, not read "
            f"({shown}): other kinds, and {NAMED_ONLY_NOTE.replace(' and ', ' or ')} read only when named; "
            "manifest.json lists them"
        )
    lines += [f"warning: {w}" for w in manifest["warnings"]]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    else:
        extra = []
    args = parser().parse_args(argv)
    setup_logging(args.quiet)
    # A terminated run unwinds through run()'s cleanup (SIGKILL cannot be caught: its hidden temp folder
    # is left behind, never published).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        manifest = run(args, extra)
    except UsageError as err:
        print(f"provenance run: {err}", file=sys.stderr)
        return 2
    except RecordsLost as err:
        print(f"provenance run: {err}", file=sys.stderr)
        return 1
    print(summary(manifest, args.out))
    return 0
