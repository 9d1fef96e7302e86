"""Shared fixtures: running the real command line and reading a run's tables back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"


def run_cli(*args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    """``provenance ARGS`` through the installed console script's module, in a fresh process."""
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=ROOT,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"provenance {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
        )
    return proc


def run_texts(base: Path, texts: list[str], config: dict, prefix: str) -> Path:
    """``provenance run`` on ``texts`` (ids ``prefix0``, ``prefix1``, ...) with the settings ``config``;
    the run's directory."""
    corpus = base / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": f"{prefix}{i}", "text": t}) + "\n" for i, t in enumerate(texts))
    )
    settings = base / "cfg.json"
    settings.write_text(json.dumps(config))
    out = base / "run"
    run_cli("run", str(corpus), "--out", str(out), "--config", str(settings), "-q")
    return out


def run_pages(base: Path, pages: dict[str, tuple[str, str]]) -> Path:
    """``provenance run`` on ``pages`` (id -> (url, text)) as a JSONL corpus; the run's directory."""
    corpus = base / "pages.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": k, "url": u, "text": t}) + "\n" for k, (u, t) in pages.items())
    )
    run_cli("run", str(corpus), "--out", str(base / "run"), "-q")
    return base / "run"


def assert_siblings_under(run: Path, doc_ids, outlet: str) -> None:
    """All of ``doc_ids`` in one cluster, each with no parent and ``outlet`` as its external root."""
    assert len({d["cluster_id"] for d in rows(run, "documents")}) == 1
    prov = {r["doc_id"]: r for r in rows(run, "provenance")}
    for doc_id in doc_ids:
        row = prov[doc_id]
        assert (row["parent_id"], row["root_id"], row["root_outlet"]) == (None, None, outlet)
        assert row["chain"] == [f"outlet:{outlet}", doc_id]


def parsed_record(i: int, text: str, url: str) -> tuple[str, dict]:
    """A ``("doc", record)`` element as ReadCorpus emits it (what NormaliseDocuments reads)."""
    return (
        "doc",
        {
            "doc_id": f"d{i}",
            "text": text,
            "url": url,
            "outlet": None,
            "title": None,
            "published_at": None,
            "lang": None,
            "source_file": "pages.jsonl",
            "source_row": i,
        },
    )


def corpus_records(jsonl: Path) -> dict[str, dict]:
    """A hand-made JSON lines corpus's records by id."""
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, lines)}


def signed_features(doc_id: str, text: str, cfg):
    """The features a run signs for ``text``: of its matching text (datelines and credits out)."""
    from transforms.core import shingles
    from transforms.core.outlets import load_registry
    from transforms.core.text import analyse

    return shingles.features(doc_id, analyse(text, load_registry()).match_text, cfg)


def rows(run_dir: Path, name: str) -> list[dict]:
    from pipeline.tables import read_table

    return read_table(run_dir, name).to_pylist()


def canonical(table: list[dict], drop: tuple[str, ...] = ()) -> list[str]:
    """Order-insensitive, comparable form of a table's rows."""
    return sorted(
        json.dumps({k: v for k, v in r.items() if k not in drop}, sort_keys=True, default=str) for r in table
    )


@pytest.fixture(scope="session")
def golden_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "run"
    run_cli("run", str(GOLDEN), "--out", str(out), "-q")
    return out


@pytest.fixture(scope="session")
def samples_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples") / "run"
    run_cli("run", str(SAMPLES), "--out", str(out), "-q")
    return out


@pytest.fixture(scope="session", autouse=True)
def _no_beam_temp_left():
    """Beam's job server launcher (``SubprocessJobServer.start``) makes a ``beam-temp*`` directory in the
    system temp dir for every portable pipeline and never removes it when the cached server is reused;
    the Flink tests make a dozen a run. The empty ones this session made are removed at its end."""
    import tempfile

    root = Path(tempfile.gettempdir())
    before = set(root.glob("beam-temp*"))
    yield
    for left in set(root.glob("beam-temp*")) - before:
        try:
            left.rmdir()  # only if empty: a running job server's artifacts are left alone
        except OSError:
            pass
