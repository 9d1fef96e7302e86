"""Pages that join several stories in the wild: a digest quoting the openings of four stories, one
company's press-release boilerplate appended to pages of different stories, and one background
passage that an outlet repeats in every story of a series (two paragraphs outside quotations: a
shared passage of 130 words). None may chain two stories into one cluster (a run on a generated corpus, checked cluster by
cluster)."""

from __future__ import annotations

import json
import random
from collections import defaultdict

import pytest

from tests.conftest import rows, run_cli
from transforms.core import synth

BOILERPLATE = (
    "About Harrowgate Utilities: Harrowgate Utilities is a diversified infrastructure group based in "
    "Marlow Bay with operations in eleven countries. It designs, builds and runs power, water and "
    "transport networks for public and private clients. More information is on the group's website.\n\n"
    "Forward-looking statements: this release contains forward-looking statements about expected "
    "growth, margins, capital spending and the timing of projects. They involve risks and "
    "uncertainties, and actual results may differ materially from those expressed or implied. "
    "Harrowgate Utilities undertakes no obligation to update any forward-looking statement."
)


# A series' background paragraphs (one stretch of 130 words), repeated in the middle of several stories of
# one topic.
BACKGROUND = (
    "The dispute dates back to 2019, when the regional authority first proposed merging the three depots "
    "on the eastern side of the city into a single site near the ring road. That plan was shelved after a "
    "consultation drew more than 4,000 responses, most of them opposed, and the authority has since paid "
    "for two further studies of traffic, noise and the cost of moving staff between the sites.\n\n"
    "Unions representing drivers and mechanics have said they would accept a single depot only if no jobs "
    "were lost and travel time to the new site counted as paid work. The authority's last annual report "
    "put the cost of running the three depots at 18 million a year, about a tenth of its budget."
)


def _story_paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if len(p.split()) > 12]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    records, truth = synth.generate(40, seed=77)
    story = {t["id"]: t["story"] for t in truth}
    kind = {t["id"]: t["kind"] for t in truth}
    rng = random.Random(5)
    originals = [r for r in records if kind[r["id"]] == "original"]
    digests = {}
    for k in range(5):
        picked = rng.sample(originals, 4)
        parts = []
        for o in picked:
            parts += [o["title"], *_story_paragraphs(o["text"])[:2], "Read more"]
        doc_id = f"digest-{k}"
        digests[doc_id] = {story[o["id"]] for o in picked}
        records.append(
            {
                "id": doc_id,
                "url": f"https://morning-roundup.example/{k}",
                "title": "Your morning briefing",
                "text": "\n\n".join(parts),
            }
        )
    with_boilerplate = rng.sample([r for r in records if kind.get(r["id"]) in ("original", "copy")], 16)
    for r in with_boilerplate:
        r["text"] += "\n\n" + BOILERPLATE
    # One topic's stories (the generator writes 5-10 stories per topic, in story order).
    series = sorted(originals, key=lambda r: story[r["id"]])[:6]
    for r in series:
        paragraphs = r["text"].split("\n\n")
        paragraphs.insert(min(3, len(paragraphs)), BACKGROUND)
        r["text"] = "\n\n".join(paragraphs)
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    run_cli("run", str(corpus), "--out", str(tmp / "run"), "-q")
    clusters = defaultdict(set)
    for d in rows(tmp / "run", "documents"):
        clusters[d["cluster_id"]].add(d["doc_id"])
    return clusters, story, digests, {r["id"] for r in with_boilerplate}, {r["id"] for r in series}


def test_a_digest_joins_at_most_one_of_its_stories(hostile_run):
    clusters, story, digests, _, _ = hostile_run
    joined = 0
    for members in clusters.values():
        stories = {story[m] for m in members if m in story}
        assert len(stories) <= 1, sorted(members)
        for digest in members & digests.keys():
            assert stories <= digests[digest]
            joined += bool(stories)
    assert joined >= 1  # a digest is matched as an excerpt of a story it quotes, not left out by design


def test_shared_release_boilerplate_links_no_two_stories(hostile_run):
    clusters, story, _, boilerplate, _ = hostile_run
    assert len({story[m] for m in boilerplate}) > 8  # the boilerplate sits on many different stories
    for members in clusters.values():
        assert len({story[m] for m in members if m in story}) <= 1


def test_a_series_background_paragraph_links_no_two_stories(hostile_run):
    clusters, story, _, _, series = hostile_run
    assert len({story[m] for m in series}) == 6
    cluster_of = {m: c for c, members in clusters.items() for m in members}
    assert len({cluster_of[m] for m in series}) == 6
    for members in clusters.values():
        assert len({story[m] for m in members if m in story}) <= 1
