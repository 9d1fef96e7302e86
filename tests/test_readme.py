"""The README documents what the code does: its schema tables and its two commands."""

from __future__ import annotations

from pathlib import Path

from schemas.markdown import render

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_schema_tables_match_the_schemas():
    begin = README.index("<!-- schema tables: begin")
    body = README[README.index("-->", begin) + 4 : README.index("<!-- schema tables: end -->")]
    assert body == render(), (
        "README schema tables are stale: paste the output of `python -m schemas.markdown`"
    )


def test_first_command_installs_and_runs_the_samples_and_second_runs_the_tests():
    blocks = [b.split("```", 1)[0].strip() for b in README.split("```sh\n")[1:3]]
    assert blocks[0] == 'pip install -e ".[test]" && provenance run samples --out out'
    assert blocks[1] == "python -m pytest"
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert ci.strip().splitlines()[-1] == blocks[1]
