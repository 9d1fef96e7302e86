"""``provenance trace`` on the samples run, the word alignment it shows, and the PROV-O export."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from conftest import rows, run_cli

from pipeline import trace_command
from transforms.core.alignment import ADDED, CHANGED, DROPPED, KEPT, align, informative

# A light rewrite of samples/articles/002_9a1c.txt (la-heat-grants): a new headline, a few verbs and
# adjectives swapped, the landlord paragraphs and the closing quote left out.
REWRITE = """LA County hands out new heat grants for renters

Los Angeles County officials on Thursday unveiled the latest round of grants meant to help low-income
renters survive extreme heat, setting aside $18.5 million for air conditioners, fans and utility bill
credits ahead of what forecasters expect to be another brutal summer.

The money, the third round since the program started, will reach about 22,000 households in
neighborhoods where daytime temperatures regularly top 100 degrees, officials said. Priority will go
to tenants who are older than 65, have young children or depend on electric medical equipment.

"Heat is the quietest killer we have in this county," Supervisor Dolores Achterberg told reporters
outside a senior center. "People die alone in hot apartments, and nobody hears about it until it is
too late."

Heat contributed to an estimated 140 deaths in the county last year, according to the public health
department, most of them in homes without working air conditioning.

Applications open May 1 and close June 15. Tenants can apply online or at any of 42 county libraries,
where staff will help with the forms in 12 languages.
"""


def trace(*args: str, check: bool = True):
    return run_cli("trace", *args, check=check)


# --- alignment ----------------------------------------------------------------------------------------


def test_align_identical_texts_keeps_everything():
    text = "One two three four.\nFive six seven."
    al = align(text, text)
    assert al.summary()["kept_share"] == 1.0
    assert al.substitutions == 0
    assert [p.kind for p in al.passages] == ["shared", "shared"]
    assert all(p.changes == 0 for p in al.passages)


def test_align_substitution_is_one_changed_span():
    al = align("The storm damaged rail lines across Europe.", "The tempest damaged rail lines across Europe.")
    (passage,) = al.passages
    ops = [(s.op, " ".join(s.old), " ".join(s.new)) for s in passage.segments]
    assert ops == [
        (KEPT, "The", "The"),
        (CHANGED, "storm", "tempest"),
        (KEPT, "damaged rail lines across Europe.", "damaged rail lines across Europe."),
    ]
    assert al.substitutions == 1
    assert al.kept_words == 6 and al.old_words == 7


def test_align_ignores_case_and_edge_punctuation():
    al = align("Rail lines, he said", "rail lines he said.")
    assert al.kept_words == 4 and al.substitutions == 0


def test_align_dropped_tail_and_added_paragraph():
    old = "First paragraph stays here.\nSecond paragraph is cut.\nThird paragraph is cut too."
    new = "First paragraph stays here.\nA brand new closing line appears."
    al = align(old, new)
    kinds = [p.kind for p in al.passages]
    assert kinds[0] == "shared"
    assert DROPPED in kinds and ADDED in kinds
    summary = al.summary()
    assert summary["dropped_paragraphs"] == 2
    assert summary["added_paragraphs"] == 1
    assert summary["kept_words"] == 4
    assert summary["old_words"] == 13 and summary["kept_share"] == pytest.approx(4 / 13, abs=1e-4)


def test_align_excerpt_drops_whole_paragraphs_in_one_passage():
    old = "\n".join(f"Paragraph {n} has words number {n}." for n in range(1, 7))
    new = "\n".join(f"Paragraph {n} has words number {n}." for n in range(1, 3))
    al = align(old, new)
    assert [p.kind for p in al.passages] == ["shared", "shared", "dropped"]
    assert al.passages[-1].old_paragraphs == (2, 3, 4, 5)
    assert al.copied_share == 1.0


def test_informative_prefers_rewritten_passages_and_keeps_text_order():
    old = "\n".join(["alpha beta gamma delta", "epsilon zeta eta theta", "iota kappa lambda mu"])
    new = "\n".join(["alpha beta gamma delta", "epsilon ZETA2 eta theta", "iota kappa lambda mu"])
    al = align(old, new)
    chosen = informative(al, 2)
    assert [p.new_paragraph for p in chosen] == [0, 1]
    assert informative(al, 1)[0].new_paragraph == 1


def test_align_empty_texts():
    assert align("", "").passages == ()
    assert align("", "some new words").summary()["added_paragraphs"] == 1


# --- trace by id and url ------------------------------------------------------------------------------


def test_trace_second_generation_spin(samples_run):
    out = trace("001_b3f2", "--run", str(samples_run), "--width", "100").stdout
    assert out.splitlines()[0].startswith("001_b3f2: spin, depth 2, root w-5e1a (AP)")
    order = [out.index(f"[{n}] {doc}") for n, doc in enumerate(["w-5e1a", "004_51c8", "001_b3f2"])]
    assert order == sorted(order)
    assert "copy of w-5e1a" in out and "spin of 004_51c8" in out
    assert "what 001_b3f2 kept from 004_51c8:" in out
    # The spin's synonym swaps are marked, e.g. "storms" -> "tempests".
    assert "[-" in out and "{+" in out and "substitutions" in out
    assert "--full shows them" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_trace_full_shows_every_passage(samples_run):
    short = trace("001_b3f2", "--run", str(samples_run), "--width", "100").stdout
    full = trace("001_b3f2", "--run", str(samples_run), "--width", "100", "--full").stdout
    assert "--full shows them" not in full and len(full) > len(short)


def test_trace_columns_layout(samples_run):
    out = trace("f-21b9", "--run", str(samples_run), "--layout", "columns", "--width", "120").stdout
    assert "w-c07d" in out and " | " in out
    assert "dropped: source paragraphs" in out
    assert max(len(line) for line in out.splitlines()) <= 120


def test_trace_external_root_shows_credit(samples_run):
    out = trace("f-8d44", "--run", str(samples_run)).stdout
    assert "[0] Axios  (external root" in out
    assert "like_this_story cue" in out
    assert "Axios's story (external)" in out


def test_trace_by_url(samples_run):
    url = "https://nordicbizdigest.example/2025/03/11/skjelvik-aqua-cuts-forecast"
    by_url = trace("--url", url, "--run", str(samples_run), "--json").stdout
    by_id = trace("f-21b9", "--run", str(samples_run), "--json").stdout
    assert json.loads(by_url) == json.loads(by_id)
    assert json.loads(by_url)["chain"][-1]["url"] == url


@pytest.mark.parametrize(
    "pasted",
    [
        "http://nordicbizdigest.example/2025/03/11/skjelvik-aqua-cuts-forecast/",
        "https://www.NordicBizDigest.example/2025/03/11/skjelvik-aqua-cuts-forecast?utm_source=x&fbclid=1#top",
        "https://amp.nordicbizdigest.example/2025/03/11/skjelvik-aqua-cuts-forecast/amp/",
    ],
)
def test_trace_by_url_as_auditors_paste_it(samples_run, pasted):
    """The address in another form than the run's record: scheme, host prefix and case, tracking
    parameters, fragment, AMP suffix."""
    from pipeline.trace_command import find_by_url, load_run

    assert find_by_url(load_run(str(samples_run)), pasted) == "f-21b9"


def test_url_key_keeps_what_names_the_page():
    from pipeline.trace_command import url_key

    assert url_key("https://x.example/story?id=3&utm_medium=social") == "x.example/story?id=3"
    assert url_key("https://x.example/story?id=3") != url_key("https://x.example/story?id=4")
    assert url_key("https://x.example/a/b") != url_key("https://y.example/a/b")


def test_trace_json_structure(samples_run):
    data = json.loads(trace("001_b3f2", "--run", str(samples_run), "--json").stdout)
    assert data["doc_id"] == "001_b3f2"
    assert data["root"] == {"id": "w-5e1a", "outlet": "AP", "external": False}
    assert [s["id"] for s in data["chain"]] == ["w-5e1a", "004_51c8", "001_b3f2"]
    assert [s["relation"] for s in data["chain"]] == ["original", "copy", "spin"]
    first, copy, spin = data["chain"]
    assert "link" not in first and first["outlet"] == "AP"
    assert first["url"] == "https://wire.example/ap/eu-rail-fund-4-2-billion"
    assert copy["link"]["alignment"]["summary"]["kept_share"] == 1.0
    assert copy["link"]["edge"]["kind"] == "near_copy"
    summary = spin["link"]["alignment"]["summary"]
    assert 0.6 < summary["kept_share"] < 0.95 and summary["substitutions"] > 10
    assert {e["kind"] for e in spin["evidence"]} >= {"rewrite_artefact", "inherited_chrome"}
    segments = [s for p in spin["link"]["alignment"]["passages"] for s in p["segments"]]
    assert {"op": "changed", "old": "storms", "new": "tempests"} in segments


def test_trace_json_external_root(samples_run):
    data = json.loads(trace("f-8d44", "--run", str(samples_run), "--json").stdout)
    assert data["root"] == {"id": None, "outlet": "Axios", "external": True}
    external = data["chain"][0]
    assert external["external"] and external["outlet"] == "Axios"
    assert external["cue"]["kind"] == "like_this_story"


# --- a new text ---------------------------------------------------------------------------------------


def test_trace_text_ranks_the_rewritten_story_first(samples_run, tmp_path):
    new = tmp_path / "rewrite.txt"
    new.write_text(REWRITE)
    data = json.loads(trace("--text", str(new), "--run", str(samples_run), "--json").stdout)
    ranked = [s["doc_id"] for s in data["sources"]]
    assert ranked[:2] == ["002_9a1c", "005_d06b"]  # the original, then its spun copy
    best = data["sources"][0]
    assert best["edge"]["score"] >= 0.88
    assert best["trace"]["root"]["outlet"] == "Los Angeles Times"
    assert best["alignment"]["summary"]["kept_share"] > 0.5
    assert best["alignment"]["summary"]["dropped_paragraphs"] >= 2
    text = trace("--text", str(new), "--run", str(samples_run), "--top", "1").stdout
    assert "#1 002_9a1c" in text and "#2" not in text
    assert "what the new text kept from 002_9a1c:" in text


def test_trace_text_by_lsh_bands(samples_run, tmp_path, monkeypatch):
    """With banding forced on (as for a large run), the band keys find the same story."""
    new = tmp_path / "rewrite.txt"
    new.write_text(REWRITE)
    monkeypatch.setattr(trace_command, "SMALL_RUN", 0)
    run = trace_command.load_run(str(samples_run))
    result = trace_command.match_text(run, str(new), top=5)
    assert "sharing an LSH band" in result["candidates"]
    assert [s["doc_id"] for s in result["sources"]][:2] == ["002_9a1c", "005_d06b"]


def test_trace_text_unrelated_story_has_no_source(samples_run, tmp_path):
    new = tmp_path / "other.txt"
    new.write_text(
        "Harbour seals return to the estuary\n\n"
        "Volunteers counting wildlife along the Wexmoor estuary on Saturday recorded 61 harbour seals, "
        "the highest number since counts began in 1998, a local conservation trust said. The trust credited "
        "a ban on jet skis introduced two summers ago and cleaner water after a sewage works was upgraded."
    )
    proc = trace("--text", str(new), "--run", str(samples_run))
    assert "no likely source" in proc.stdout


# --- errors -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["nope"], "no document 'nope'"),
        (["--url", "https://nowhere.example/x"], "no document with url"),
        (["--text", "/nonexistent/file.txt"], "--text /nonexistent/file.txt"),
    ],
)
def test_trace_errors(samples_run, args, message):
    proc = trace(*args, "--run", str(samples_run), check=False)
    assert proc.returncode == 2
    assert proc.stdout == ""
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("provenance trace: ") and message in err[0]


def test_trace_text_that_the_run_would_reject_as_undecodable_says_so(samples_run, tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 3)
    proc = trace("--text", str(junk), "--run", str(samples_run), check=False)
    assert proc.returncode == 2 and "undecodable (not UTF-8" in proc.stderr


def test_trace_run_without_manifest(tmp_path):
    proc = trace("w-5e1a", "--run", str(tmp_path), check=False)
    assert proc.returncode == 2
    assert "no manifest.json" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_trace_needs_exactly_one_target(samples_run):
    assert trace_command.main(["--run", str(samples_run)]) == 2
    assert trace_command.main(["w-5e1a", "--url", "x", "--run", str(samples_run)]) == 2


# --- PROV-O export ------------------------------------------------------------------------------------

PROV = "http://www.w3.org/ns/prov#"


def _graph(samples_run) -> dict:
    data = json.loads((samples_run / "provenance.jsonld").read_text())
    assert data["@context"]["prov"] == PROV
    return {node["@id"]: node for node in data["@graph"]}


def test_prov_derivations_cover_every_parent(samples_run):
    nodes = _graph(samples_run)
    for row in rows(samples_run, "provenance"):
        node = nodes[f"doc:{row['doc_id']}"]
        assert node["@type"] == "prov:Entity"
        if row["parent_id"]:
            assert node["prov:wasDerivedFrom"] == {"@id": f"doc:{row['parent_id']}"}
            qualified = node["prov:qualifiedDerivation"]
            assert qualified["prov:entity"] == {"@id": f"doc:{row['parent_id']}"}
            assert qualified["np:relation"] == row["relation"]
            assert qualified["np:confidence"]["@value"] == row["confidence"]
            assert [e["np:kind"] for e in qualified["np:evidence"]] == [e["kind"] for e in row["evidence"]]
        if row["depth"]:
            assert "prov:hadPrimarySource" in node
    assert nodes["doc:001_b3f2"]["prov:hadPrimarySource"] == {"@id": "doc:w-5e1a"}
    assert nodes["doc:w-c07d"]["prov:wasAttributedTo"] == {"@id": "outlet:Reuters"}


def test_prov_credited_roots(samples_run):
    """AP and Reuters are credited roots with documents in the run; Axios is credited but external."""
    nodes = _graph(samples_run)
    for outlet in ("AP", "Reuters", "Axios", "Los%20Angeles%20Times"):
        assert "prov:Agent" in nodes[f"outlet:{outlet}"]["@type"]
    assert nodes["doc:004_51c8"]["prov:hadPrimarySource"] == {"@id": "doc:w-5e1a"}
    assert nodes["doc:f-21b9"]["prov:hadPrimarySource"] == {"@id": "doc:w-c07d"}
    axios = nodes["story:Axios"]
    assert axios["np:external"] is True and axios["prov:wasAttributedTo"] == {"@id": "outlet:Axios"}
    derived = nodes["doc:f-8d44"]
    assert derived["prov:hadPrimarySource"] == {"@id": "story:Axios"}
    assert derived["prov:wasDerivedFrom"] == {"@id": "story:Axios"}
    assert derived["np:credits"] == [{"@id": "outlet:Axios"}]


def test_prov_parses_as_rdf(samples_run):
    rdflib = pytest.importorskip("rdflib")
    graph = rdflib.Graph()
    graph.parse(samples_run / "provenance.jsonld", format="json-ld")
    prov = rdflib.Namespace(PROV)
    doc = "urn:news-provenance:document:"
    derived = {(str(s), str(o)) for s, o in graph.subject_objects(prov.wasDerivedFrom)}
    assert (doc + "001_b3f2", doc + "004_51c8") in derived
    assert (doc + "f-8d44", "urn:news-provenance:external-story:Axios") in derived
    agents = set(graph.subjects(rdflib.RDF.type, prov.Agent))
    assert rdflib.URIRef("urn:news-provenance:outlet:Axios") in agents


# A site that prints the same standing line, in a made-up language, under every article.
SITE_PLUG = "Vela moru tanis kavo: lirem Ostra Dalen pumi soraven kel tamu vori. Nesta pura kel amo."
SITE_STORIES = [
    "The harbour board in Ostra approved a new ferry timetable on Monday after months of complaints from "
    "commuters on the island routes. Boats will leave every 40 minutes at peak times, up from every hour, "
    "and the last crossing moves to 23:10, the board's chair Mira Halvik told a packed meeting.",
    "A regional court in Dalen fined the waste contractor Kessby Haul 310,000 crowns for missing collection "
    "targets in three districts last winter. Judge Aron Pell said residents had been left with overflowing "
    "bins for weeks and ordered the firm to publish its routes.",
    "Volunteers planted 400 alder and willow trees along the Vessa river path over the weekend, the parks "
    "department said on Sunday. The planting is meant to shade the water and slow the spring floods that "
    "closed the path twice last year, officer Lina Skaug said.",
    "The city library in Ostra will open until midnight during the six weeks of the exam season, officials "
    "announced, after students collected 2,300 signatures. Librarian Tove Rask said extra staff would be "
    "paid from a grant of 85,000 crowns.",
]


@pytest.fixture(scope="module")
def template_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("templates")
    corpus = base / "site.jsonl"
    corpus.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"os-{i}",
                    "url": f"https://ostradalen.example/news/{i}",
                    "title": f"Story {i}",
                    # The first page states its day in its header (no record date): kept as page_date.
                    "text": f"{'Posted by Desk | May 6, 2024' if i == 0 else 'News'}\n\n{story}\n\n{SITE_PLUG}",
                }
            )
            + "\n"
            for i, story in enumerate(SITE_STORIES)
        )
    )
    out = base / "run"
    run_cli("run", str(corpus), "--out", str(out), "-q")
    return out


def test_run_writes_its_site_templates(template_run):
    from transforms.core.templates import line_hash

    templates = rows(template_run, "templates")
    assert [(r["site"], r["line_hash"]) for r in templates] == [("ostradalen.example", line_hash(SITE_PLUG))]
    assert all(SITE_PLUG in d["chrome_lines"] for d in rows(template_run, "documents"))


def test_a_pages_stated_day_is_stored_traced_and_exported(template_run):
    """The day a page's header states is kept with the line it was read from, shown by trace for a
    record without a date, and exported to PROV."""
    from datetime import date

    documents = {d["doc_id"]: d for d in rows(template_run, "documents")}
    assert (documents["os-0"]["page_date"], documents["os-0"]["page_date_line"]) == (
        date(2024, 5, 6),
        "Posted by Desk | May 6, 2024",
    )
    assert documents["os-1"]["page_date"] is None and documents["os-1"]["page_date_line"] is None
    text = trace("os-0", "--run", str(template_run)).stdout
    assert "page_date:    2024-05-06 (its page: 'Posted by Desk | May 6, 2024')" in text
    assert "page_date" not in trace("os-1", "--run", str(template_run)).stdout
    graph = json.loads((template_run / "provenance.jsonld").read_text())
    node = next(n for n in graph["@graph"] if n.get("np:docId") == "os-0")
    assert node["np:pageDate"] == {"@value": "2024-05-06", "@type": "xsd:date"}


def test_trace_shows_the_page_date_when_the_records_date_cannot_be_read(tmp_path):
    """Provenance weighs the page's day whenever the record's date is not read ("2 hours ago"), so
    trace shows it then too."""
    from datetime import date

    from pipeline.trace_command import Run, doc_step

    doc = {
        "doc_id": "a",
        "outlet": None,
        "outlet_canonical": None,
        "url": None,
        "title": None,
        "published_at": "2 hours ago",
        "published_ts": None,
        "page_date": date(2024, 5, 6),
        "page_date_line": "Posted by Desk | May 6, 2024",
    }
    step = doc_step(Run(tmp_path, {}, {"a": doc}, {}, {}), "a")
    assert step["page_date"] == "2024-05-06 (its page: 'Posted by Desk | May 6, 2024')"
    dated = dict(doc, published_at="2024-05-07", published_ts=datetime(2024, 5, 7, tzinfo=timezone.utc))
    assert doc_step(Run(tmp_path, {}, {"a": dated}, {}, {}), "a")["page_date"] is None


def test_trace_text_leaves_out_the_runs_template_lines(template_run, tmp_path):
    """A page copied with the site's standing line: the line is not matched (as in the run), and the
    report says it was left out."""
    new = tmp_path / "copied.txt"
    new.write_text(f"Library hours\n\n{SITE_STORIES[3]}\n\n{SITE_PLUG}")
    data = json.loads(trace("--text", str(new), "--run", str(template_run), "--json").stdout)
    assert data["template_lines_removed"] == [SITE_PLUG]
    assert [s["doc_id"] for s in data["sources"]] == ["os-3"]
    assert data["sources"][0]["edge"]["char_jaccard"] == 1.0, "the same story text once the line is out"
    text = trace("--text", str(new), "--run", str(template_run)).stdout
    assert "left out of matching: 1 line(s) that sites of the run repeat as their template" in text


def test_trace_text_of_a_run_without_templates_table(template_run, tmp_path):
    """A run written before the templates table (schema 2) is still traced, with nothing left out."""
    import shutil

    old = tmp_path / "old"
    shutil.copytree(template_run, old)
    shutil.rmtree(old / "templates")
    new = tmp_path / "copied.txt"
    new.write_text(f"Library hours\n\n{SITE_STORIES[3]}\n\n{SITE_PLUG}")
    data = json.loads(trace("--text", str(new), "--run", str(old), "--json").stdout)
    assert data["template_lines_removed"] == []
    assert [s["doc_id"] for s in data["sources"]] == ["os-3"]


def test_an_external_root_named_only_by_a_photo_credit_is_not_called_credited():
    photo = {"kind": "photo_credit", "outlet": "AP", "text": "(AP Photo/Jane Roe)"}
    dateline = {"kind": "dateline", "outlet": "AP", "text": "WASHINGTON (AP) -"}
    assert trace_command._external_note(photo) == "named by the next document"
    assert trace_command._external_note(dateline) == "credited by the next document"
    assert trace_command._external_note(None) == "see the next document's evidence"
    step = {"external": True, "outlet": "AP", "note": "not in this run", "cue": photo}
    out = "\n".join(
        trace_command.render_step(
            step, 0, trace_command.Style(width=100, columns=False, full=False, color=False)
        )
    )
    assert 'named by photo_credit cue: "(AP Photo/Jane Roe)"' in out and "credited" not in out
