"""The command line: clear one-line errors, exit codes, and no half-written output on failure."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import GOLDEN, ROOT, rows, run_cli

from pipeline import run_command
from transforms.core.records import SUFFIX_KINDS


def error_line(proc: subprocess.CompletedProcess) -> str:
    lines = [line for line in proc.stderr.strip().splitlines() if "apitools" not in line]
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_missing_input_is_one_line_error(tmp_path):
    proc = run_cli("run", str(tmp_path / "nope"), "--out", str(tmp_path / "out"), check=False)
    assert proc.returncode == 2
    assert error_line(proc) == f"provenance run: input path {tmp_path / 'nope'} does not exist"
    assert not (tmp_path / "out").exists()


def test_unsupported_input_file_is_rejected_up_front(tmp_path):
    bad = tmp_path / "notes.docx"
    bad.write_bytes(b"x")
    proc = run_cli("run", str(bad), "--out", str(tmp_path / "out"), check=False)
    assert proc.returncode == 2
    # Every suffix read is named, from the same table the reader uses.
    line = error_line(proc)
    assert (
        "is not .txt, .md, .html, .htm, .jsonl, .ndjson, .json, .csv, .parquet, .warc, .rss, .atom or .xml"
        in line
    )
    assert all(suffix in line for suffix in SUFFIX_KINDS) and "(or those .gz, .bz2, .xz, .zst)" in line


def test_json_files_are_read_when_named_not_when_found_in_a_folder(tmp_path):
    """A .json file inside a folder is most often metadata beside the corpus (the samples' truth.json):
    a folder scan skips it; named on the command line it is read as records."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = "The council approved the ferry plan on Tuesday after a long debate about costs and routes. " * 3
    (corpus / "a.txt").write_text("Ferry plan\n" + story)
    (corpus / "truth.json").write_text('{"documents": [{"id": "a", "story": "s1"}]}')
    (corpus / "more.json").write_text(json.dumps([{"id": "b", "text": story}]))
    proc = run_cli("run", str(corpus), "--out", str(tmp_path / "out1"))
    assert "documents 1, rejects 0" in proc.stdout
    proc = run_cli("run", str(corpus / "a.txt"), str(corpus / "more.json"), "--out", str(tmp_path / "out2"))
    assert "documents 2, rejects 0" in proc.stdout


def test_compressed_inputs_in_a_folder(tmp_path):
    """A folder of compressed files is read like the plain ones (a .json.gz is skipped there as a .json)."""
    import gzip

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = "The council approved the ferry plan on Tuesday after a long debate about costs and routes. " * 3
    rows = "".join(json.dumps({"id": f"d{i}", "text": f"Story {i}. " + story}) + "\n" for i in range(2))
    (corpus / "feed.jsonl.gz").write_bytes(gzip.compress(rows.encode()))
    (corpus / "truth.json.gz").write_bytes(gzip.compress(b"{}"))
    proc = run_cli("run", str(corpus), "--out", str(tmp_path / "out"))
    assert "documents 2, rejects 0" in proc.stdout
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [Path(f).name for f in manifest["skipped_files"]] == ["truth.json.gz"]
    # The summary line says so (it is printed with -q too).
    assert "skipped 1 file in the input folders, not read (truth.json.gz)" in proc.stdout


def test_legacy_encodings_are_read_and_said(tmp_path):
    """A windows-1252 file is read (the summary says how many texts were not UTF-8), a Cyrillic one
    without a declared charset is a reject naming --encoding, and with --encoding cp1251 it is read."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = "Caf\u00e9 owners paid \u00a34,500 for the ferry plan \u2014 the council said on Tuesday. " * 4
    (corpus / "latin.txt").write_bytes(("Ferry plan\n" + story).encode("cp1252"))
    (corpus / "ru.txt").write_bytes(
        ("Паром\n" + "Мэр сказал, что новый паром начнёт работу в мае. " * 4).encode("cp1251")
    )
    proc = run_cli("run", str(corpus), "--out", str(tmp_path / "out1"))
    assert "documents 1, rejects 1" in proc.stdout
    assert (
        "warning: 1 input texts were not UTF-8 and were read as cp1252 (the charset they declare, "
        "windows-1252 for a few stray bytes, or --encoding)" in proc.stdout
    )
    proc = run_cli("run", str(corpus), "--out", str(tmp_path / "out2"), "--encoding", "windows-1251")
    assert "documents 2, rejects 0" in proc.stdout
    manifest = json.loads((tmp_path / "out2" / "manifest.json").read_text())
    assert manifest["encoding"] == "cp1251" and manifest["counts"]["stages"]["read_as.cp1251"] == 2
    proc = run_cli("run", str(corpus), "--out", str(tmp_path / "out3"), "--encoding", "klingon", check=False)
    assert proc.returncode == 2 and "--encoding 'klingon': not an encoding" in error_line(proc)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_unreadable_file_is_one_line_error(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Title\n\nBody text " * 20)
    f.chmod(0)
    proc = run_cli("run", str(f), "--out", str(tmp_path / "out"), check=False)
    assert proc.returncode == 2
    assert "is not readable" in error_line(proc)


def test_unreadable_file_check(tmp_path, monkeypatch):
    # Runs as root too: the permission check itself, with the OS answer replaced.
    f = tmp_path / "a.txt"
    f.write_text("Title\n\nBody")
    monkeypatch.setattr(run_command.os, "access", lambda path, mode: False)
    with pytest.raises(run_command.UsageError, match=r"a\.txt is not readable"):
        run_command.expand_inputs([str(f)])


def test_bad_config_is_one_line_error(tmp_path):
    cfg = tmp_path / "cfg.json"
    cfg.write_text(json.dumps({"max_bucket": 1}))
    proc = run_cli("run", str(GOLDEN), "--out", str(tmp_path / "out"), "--config", str(cfg), check=False)
    assert proc.returncode == 2
    assert error_line(proc) == f"provenance run: --config {cfg}: max_bucket must be >= 2, got 1"
    # One line on stderr: Beam's import notice about Google's BigQuery client is not printed before it.
    assert proc.stderr.strip().splitlines() == [error_line(proc)]


def test_refuses_to_replace_a_directory_that_is_not_a_run(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    proc = run_cli("run", str(GOLDEN), "--out", str(out), check=False)
    assert proc.returncode == 2
    assert (out / "precious.txt").read_text() == "keep me"


def test_replaces_only_a_previous_run_holding_nothing_else(tmp_path):
    # A folder that merely has a manifest.json (a web app's) is no run: refused, untouched.
    app = tmp_path / "webapp"
    (app / "src").mkdir(parents=True)
    (app / "manifest.json").write_text('{"name": "My app"}')
    (app / "src" / "app.js").write_text("x")
    with pytest.raises(run_command.UsageError, match="not a previous run"):
        run_command.prepare_out(app)
    assert (app / "src" / "app.js").read_text() == "x"
    # A previous run someone added notes to: replacing it would delete them.
    run = tmp_path / "run"
    (run / "documents").mkdir(parents=True)
    (run / "manifest.json").write_text(json.dumps({"tool": "news-provenance"}))
    (run / "notes.txt").write_text("mine")
    with pytest.raises(run_command.UsageError, match="also holds notes.txt"):
        run_command.prepare_out(run)
    (run / "notes.txt").unlink()
    # The temporary folder of a killed run into the same --out (its writer gone) is removed; a live
    # run's is kept.
    dead, live = tmp_path / ".run.tmp-dead0000", tmp_path / ".run.tmp-live0000"
    for folder, pid in ((dead, 2**22 + 12345), (live, os.getpid())):
        (folder / "documents").mkdir(parents=True)
        (folder / run_command.WRITER_FILE).write_text(str(pid))
    tmp = run_command.prepare_out(run)  # a run and nothing else: replaced
    assert tmp.is_dir() and tmp.name.startswith(".run.tmp-")
    assert not dead.exists() and live.exists()
    run_command.publish(tmp, run)
    assert sorted(p.name for p in run.iterdir()) == []  # nothing of the writer's left behind
    # An --out that cannot be made is a one-line error, not a traceback.
    afile = tmp_path / "a.txt"
    afile.write_text("x")
    with pytest.raises(run_command.UsageError, match="cannot write there"):
        run_command.prepare_out(afile / "out")


def test_files_sharing_a_name_in_different_folders_keep_all_their_records(tmp_path):
    # Dated folders of one name, saved pages all called index.html: none of it is a duplicate.
    story = "The harbour council approved the ferry plan after a long debate about the island's future. "
    for folder in ("2024", "2025"):
        (tmp_path / "in" / folder).mkdir(parents=True)
        lines = [json.dumps({"text": f"{folder} item {i}. " + story * 3}) for i in range(2)]
        (tmp_path / "in" / folder / "news.jsonl").write_text("\n".join(lines) + "\n")
        page = f"<html><head><title>{folder}</title></head><body><p>{folder}. {story * 2}</p></body></html>"
        (tmp_path / "in" / folder / "index.html").write_text(page)
    run_cli("run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q")
    ids = sorted(r["doc_id"] for r in rows(tmp_path / "out", "documents"))
    assert ids == ["2024/index", "2024/news_r1", "2024/news_r2", "2025/index", "2025/news_r1", "2025/news_r2"]
    assert rows(tmp_path / "out", "rejects") == []


def test_an_out_inside_an_input_folder_is_not_read_back(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Title\n\nBody text " * 20)
    for leftover in ("out/documents/part-0.jsonl", ".out.tmp-1234/rejects/x.csv", ".git/notes.md"):
        (corpus / leftover).parent.mkdir(parents=True, exist_ok=True)
        (corpus / leftover).write_text("{}")
    _, files, skipped = run_command.expand_inputs([str(corpus)], exclude=corpus / "out")
    assert [f.name for f in files] == ["a.txt"] and skipped == []
    # A broken link named .txt, a link loop: no files; listed among the skipped, not read, no crash.
    (corpus / "gone.txt").symlink_to(corpus / "nowhere.txt")
    (corpus / "loop").symlink_to(corpus / "loop")
    _, files, skipped = run_command.expand_inputs([str(corpus)], exclude=corpus / "out")
    assert [f.name for f in files] == ["a.txt"] and [f.name for f in skipped] == ["gone.txt", "loop"]
    # --out the input folder itself is refused in one line.
    with pytest.raises(run_command.UsageError, match="is an input folder"):
        run_command.expand_inputs([str(corpus)], exclude=corpus)


def test_failed_run_leaves_nothing_that_looks_complete(tmp_path, monkeypatch):
    import apache_beam as beam

    from pipeline import build as build_module

    real_build = build_module.build

    def failing_build(p, patterns, cfg, registry, fields, out_dir, **kwargs):
        real_build(p, patterns, cfg, registry, fields, out_dir, **kwargs)
        (p | "Boom" >> beam.Impulse() | "Fail" >> beam.Map(lambda _: 1 / 0))

    monkeypatch.setattr(build_module, "build", failing_build)
    out = tmp_path / "out"
    with pytest.raises(ZeroDivisionError):
        run_command.main([str(GOLDEN), "--out", str(out), "-q"])
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_runner_that_loses_a_document_fails_the_run_and_publishes_nothing(tmp_path, monkeypatch, capsys):
    # A real pipeline that drops one normalised document on its way (what Beam's multi-process direct
    # runner was seen to do to 2,871 of 100,000 documents): the tables no longer account for every
    # input record, so the run must fail loudly instead of publishing them.
    import apache_beam as beam

    from pipeline import build as build_module

    monkeypatch.setattr(
        build_module, "count", lambda stage: beam.Filter(lambda doc: not doc["doc_id"].startswith("201"))
    )
    out = tmp_path / "out"
    assert run_command.main([str(GOLDEN), "--out", str(out), "-q"]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("provenance run: records went missing inside the runner: ")
    assert "input records were read but the tables hold" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_record_accounting_balances_every_input_record():
    rows = {"documents": 7, "rejects": 3, "provenance": 7}
    assert run_command.record_accounting(rows, {"input_records": 10}) == {
        "checked": True,
        "counters": "committed",
        "input_records": 10,
        "documents": 7,
        "rejects": 3,
    }
    with pytest.raises(run_command.RecordsLost, match=r"11 input records were read .* = 10\."):
        run_command.record_accounting(rows, {"input_records": 11})
    with pytest.raises(run_command.RecordsLost, match="7 documents but 6 provenance rows"):
        run_command.record_accounting(dict(rows, provenance=6), {"input_records": 10})
    # Metrics came back but the read step never counted: no record was read, and 10 rows are too many.
    with pytest.raises(run_command.RecordsLost, match="0 input records were read"):
        run_command.record_accounting(rows, {"files_read": 1})
    # No metrics from the runner: the input count is unknown, the provenance rows are still checked.
    assert run_command.record_accounting(rows, {}, "none")["checked"] is False
    with pytest.raises(run_command.RecordsLost, match="provenance rows"):
        run_command.record_accounting(dict(rows, provenance=6), {}, "none")
    # Attempted counts only: a retried bundle counts twice, so a surplus is not held against the run.
    attempted = run_command.record_accounting(rows, {"input_records": 11}, "attempted")
    assert attempted["checked"] is False and attempted["input_records"] == 11


def test_a_corpus_without_records_balances_at_zero(tmp_path):
    corpus = tmp_path / "blank.jsonl"
    corpus.write_text("\n\n   \n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_command.main([str(corpus), "--out", str(out), "-q"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["record_accounting"] == {
        "checked": True,
        "counters": "committed",
        "input_records": 0,
        "documents": 0,
        "rejects": 0,
    }
    assert manifest["warnings"] == []


def test_manifest_accounts_for_every_input_record(tmp_path):
    out = tmp_path / "out"
    assert run_command.main([str(GOLDEN), "--out", str(out), "-q"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    accounting = manifest["record_accounting"]
    tables = manifest["counts"]["tables"]
    assert accounting["checked"] is True
    assert accounting["input_records"] == tables["documents"] + tables["rejects"] > 0
    assert not any("not counted" in w for w in manifest["warnings"])


def test_killed_run_leaves_nothing_that_looks_complete(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "run", str(GOLDEN), "--out", str(out), "-q"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(p.name.startswith(".out.tmp-") for p in tmp_path.iterdir()):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists()
    assert all(p.name.startswith(".out.tmp-") for p in tmp_path.iterdir())
    assert not any((p / "manifest.json").exists() for p in tmp_path.iterdir())
    # The next run into the same --out removes what the killed one left.
    run_cli("run", str(GOLDEN / "wire.csv"), "--out", str(out), "-q")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_previous_run_is_replaced(tmp_path):
    out = tmp_path / "out"
    run_cli("run", str(GOLDEN / "wire.csv"), "--out", str(out), "-q")
    first = json.loads((out / "manifest.json").read_text())
    assert first["counts"]["tables"]["documents"] == 2
    run_cli("run", str(GOLDEN), "--out", str(out), "-q")
    second = json.loads((out / "manifest.json").read_text())
    assert second["counts"]["tables"]["documents"] == 9
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_field_map_reads_other_column_names(tmp_path):
    f = tmp_path / "feed.jsonl"
    body = "A harbour ferry carried four hundred passengers across the bay on Sunday, officials said. " * 3
    f.write_text(json.dumps({"article_id": "x-1", "body": body, "source": "Reuters"}) + "\n")
    out = tmp_path / "out"
    run_cli(
        "run",
        str(f),
        "--out",
        str(out),
        "-q",
        "--field",
        "id=article_id",
        "--field",
        "text=body",
        "--field",
        "outlet=source",
    )

    (doc,) = rows(out, "documents")
    assert (doc["doc_id"], doc["outlet_canonical"]) == ("x-1", "Reuters")


def test_a_scraped_feed_with_its_own_field_names_html_and_feed_dates(tmp_path):
    """No field map: the common names are read, the HTML is text, the RSS date is a zoned instant."""
    f = tmp_path / "feed.jsonl"
    paragraph = "A harbour ferry carried four hundred passengers across the bay on Sunday, officials said."
    record = {
        "article_id": "x-1",
        "headline": "Ferry &amp; harbour",
        "content": f"<div><p>{paragraph}</p><p>It&#8217;s the busiest day this year.</p>"
        "<script>var x = 1;</script><p>Officials expect more crossings next week.</p></div>",
        "source": {"id": "reuters", "name": "Reuters"},
        "pubDate": "ignored",
        "published": "Sun, 05 May 2024 10:00:00 +0200",
    }
    f.write_text(json.dumps(record) + "\n")
    out = tmp_path / "out"
    run_cli("run", str(f), "--out", str(out), "-q")

    (doc,) = rows(out, "documents")
    assert (doc["doc_id"], doc["outlet_canonical"], doc["title"]) == ("x-1", "Reuters", "Ferry & harbour")
    assert doc["published_ts"].isoformat() == "2024-05-05T08:00:00+00:00"
    assert [line for line in doc["match_text"].split("\n") if line] == [
        paragraph,
        "It's the busiest day this year.",
        "Officials expect more crossings next week.",
    ]


def test_summary_names_counts_and_location(tmp_path):
    out = tmp_path / "out"
    proc = run_cli("run", str(GOLDEN), "--out", str(out))
    assert "documents 9, rejects 5" in proc.stdout
    assert str(out) in proc.stdout


def test_help_lists_commands():
    proc = run_cli("--help")
    for name in ("run", "trace", "synth", "eval", "cluster"):
        assert f"  {name}" in proc.stdout


def test_output_dir_listing(tmp_path):
    out = tmp_path / "out"
    run_cli("run", str(GOLDEN), "--out", str(out), "-q")
    names = sorted(p.name for p in Path(out).iterdir())
    assert names == [
        "clusters",
        "common_anchors",
        "common_grams",
        "documents",
        "edges",
        "manifest.json",
        "provenance",
        "provenance.jsonld",
        "rejects",
        "signatures",
        "templates",
    ]


def test_feeds_in_a_folder_and_an_xml_file_named(tmp_path):
    """A folder's .rss and .atom files are read; a .xml file only when named (a folder's is more often a
    sitemap or a config)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = "The council approved the ferry plan on Tuesday after a long debate about costs and routes. " * 3
    item = "<item><title>Ferry {0}</title><link>https://x.example/{0}</link><description>{1}</description></item>"
    feed = "<rss><channel><title>X</title>{}</channel></rss>"
    (corpus / "a.rss").write_text(feed.format(item.format(1, "One. " + story)))
    (corpus / "b.xml").write_text(feed.format(item.format(2, "Two. " + story)))
    proc = run_cli("run", str(corpus), "--out", str(tmp_path / "out1"))
    assert "documents 1, rejects 0" in proc.stdout
    proc = run_cli("run", str(corpus / "a.rss"), str(corpus / "b.xml"), "--out", str(tmp_path / "out2"))
    assert "documents 2, rejects 0" in proc.stdout
