"""Reading a run's output tables back: each is ``NAME.parquet`` or a folder ``NAME/`` of Parquet shards."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES


def table_files(run_dir: str | Path, name: str) -> list[Path]:
    """The Parquet files holding table ``name`` of a run, sorted; raises FileNotFoundError if none."""
    run_dir = Path(run_dir)
    single = run_dir / f"{name}.parquet"
    if single.is_file():
        return [single]
    folder = run_dir / name
    if folder.is_dir():
        files = sorted(p for p in folder.iterdir() if p.suffix == ".parquet" and not p.name.startswith("."))
        if files:
            return files
    raise FileNotFoundError(f"{run_dir}: no table {name!r} (expected {name}.parquet or {name}/*.parquet)")


def read_table(run_dir: str | Path, name: str) -> pa.Table:
    """All shards of table ``name`` concatenated, cast to the project schema for that table."""
    schema = TABLES[name]
    parts = [pq.read_table(f, schema=schema) for f in table_files(run_dir, name)]
    return pa.concat_tables(parts) if parts else schema.empty_table()


def read_manifest(run_dir: str | Path) -> dict:
    path = Path(run_dir) / "manifest.json"
    if not path.is_file():
        raise FileNotFoundError(f"{run_dir}: no manifest.json (not a finished run directory)")
    return json.loads(path.read_text())
