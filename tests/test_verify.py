"""transforms.core.verify: pair measures, the keep/reject decision and the edge record.

The texts below were written for these tests: a story, a synonym-spun copy of it (every fourth word
swapped by hand, names and numbers kept, as a spinner does), and an independent report of the same
event that shares its names, numbers and one quote but none of its sentences.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import schemas
from transforms.core import documents, shingles
from transforms.core.config import MatchConfig
from transforms.core.outlets import load_registry
from transforms.core.verify import (
    NO_PASSAGE,
    Measures,
    _increasing_members,
    decide,
    displaced,
    displaced_rewording,
    edge_record,
    measures,
    numbers_compared,
    ordered_overlap,
    quoted_only,
    run_coverage,
    sentence_order,
    shared_passage,
)

CFG = MatchConfig()
REGISTRY = load_registry()

ORIGINAL = (
    "Engineers in the river town of Marlow finished repairs to the old stone bridge on Thursday, "
    "eight months after a barge struck one of its arches during a winter flood. "
    "The council said the work cost 2.4 million pounds and was paid for by the county and a national heritage fund. "
    "Traffic had been diverted through the village of Hambleden, adding twenty minutes to many journeys. "
    "Council leader Priya Okafor thanked residents for their patience and said the bridge was now stronger than before. "
    '"We have rebuilt the arch stone by stone, using the original quarry," she said at a short ceremony. '
    "Local traders welcomed the reopening, saying footfall had fallen by nearly a third while the road was shut. "
    "A weight limit of 7.5 tonnes will remain in place, and cameras will be installed to enforce it from next month. "
    "The barge operator has agreed to pay part of the cost, the council added."
)
SPUN = (
    "Engineers in the stream town of Marlow completed repairs to the ancient stone bridge on Thursday, "
    "eight months after one barge struck one among its arches during one winter flood. "
    "The authority said the work totalled 2.4 million pounds plus was paid for through the county and one national heritage fund. "
    "Vehicles had been diverted via the village of Hambleden, adding twenty minutes onto many journeys. "
    "Council head Priya Okafor thanked locals for their patience plus said the bridge is now stronger than previously. "
    '"We have rebuilt one arch stone by rock, using the original pit," she said at one short ceremony. '
    "Local merchants welcomed the reopening, stating footfall had fallen around nearly a third whilst the road was closed. "
    "A weight limit for 7.5 tonnes will stay in place, and cams will be installed for enforce it from coming month. "
    "The barge company has agreed to cover part of the expense, the council added."
)
INDEPENDENT = (
    "Drivers in Marlow can once again cross the Thames without a long detour. "
    "The Georgian bridge, closed since a barge hit it in January, opened to cars at noon on Thursday after a repair "
    "bill of 2.4 million pounds. "
    "For most of the year motorists have queued on narrow lanes through Hambleden, and some shops on the High Street "
    "reported losing a third of their trade. "
    "Priya Okafor, who leads the council, cut a ribbon with schoolchildren from the town. "
    '"We have rebuilt the arch stone by stone, using the original quarry," she said. '
    "Not everyone is pleased: a group of cyclists wants the crossing closed to lorries altogether, and a petition "
    "has gathered 800 signatures. "
    "Heavy vehicles over 7.5 tonnes remain banned. Insurers for the barge owner are still negotiating with the county "
    "over who pays."
)


def doc_row(doc_id: str, text: str) -> dict:
    record = {
        "doc_id": doc_id,
        "text": text,
        "source_file": "mem.jsonl",
        "source_row": 1,
        "url": None,
        "outlet": None,
        "title": None,
        "published_at": None,
        "lang": None,
    }
    kind, row = documents.document(record, CFG, REGISTRY)
    assert kind == "doc", row
    return row


def feat(doc_id: str, text: str) -> shingles.Features:
    return shingles.features(doc_id, doc_row(doc_id, text)["match_text"], CFG)


def n_anchors(a: shingles.Features, b: shingles.Features) -> int:
    return min(len(set(a.anchor_seq)), len(set(b.anchor_seq)))


def swapped(m) -> dict:
    """The fields of a Measures with every ``_src``/``_dst`` pair swapped."""
    values = dataclasses.asdict(m)
    out = dict(values)
    for name in values:
        if name.endswith("_src"):
            other = name[:-4] + "_dst"
            out[name], out[other] = values[other], values[name]
    return out


# --- exact small cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (("a", "b", "c"), ("a", "c"), 1.0),
        (("a", "b", "c", "d"), ("d", "c", "b", "a"), 0.25),
        (("a", "b", "c", "d"), ("a", "x", "c", "y", "d"), 0.75),
        (("a", "b"), ("b", "a", "b"), 1.0),
        (("x",), ("y", "z"), 0.0),
        ((), ("a",), 0.0),
        ((), (), 0.0),
    ],
)
def test_ordered_overlap(a, b, expected):
    assert ordered_overlap(a, b) == expected
    assert ordered_overlap(b, a) == expected


def test_ordered_overlap_cap():
    a = tuple("abcdef")
    b = tuple("xyzdef")
    assert ordered_overlap(a, b) == 0.5
    assert ordered_overlap(a, b, cap=3) == 0.0


def u32(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.uint32)


def test_run_coverage_exact():
    assert run_coverage(u32(1, 2, 3, 4, 5), u32(9, 1, 2, 3, 8)) == 0.6
    assert run_coverage(u32(1, 2, 3, 4, 5), u32(1, 2, 3, 4, 5)) == 1.0
    assert run_coverage(u32(1, 2, 3, 4, 5), u32(5, 4, 3, 2, 1)) == 0.0
    assert run_coverage(u32(1, 2), u32(1, 2, 3)) == 0.0
    # Two overlapping shared trigrams cover four words.
    assert run_coverage(u32(1, 2, 3, 4, 7, 7, 7, 7), u32(0, 1, 2, 3, 4)) == 0.5


# --- measures ------------------------------------------------------------------------------------------


def test_identical_texts():
    a, b = feat("a", ORIGINAL), feat("b", ORIGINAL)
    m = measures(a, b)
    assert m.char_jaccard == 1.0
    assert m.run_coverage == 1.0
    assert m.char_contain_src == m.char_contain_dst == 1.0
    assert m.len_ratio == 1.0
    assert m.anchor_overlap == 1.0
    edge = edge_record(a, b, ["chars"], CFG)
    assert edge["kind"] == "near_copy"


def test_excerpt_is_contained_in_its_source():
    excerpt = feat("a", ORIGINAL[: len(ORIGINAL) // 3])
    source = feat("b", ORIGINAL)
    m = measures(excerpt, source)
    assert m.char_contain_src >= 0.97
    assert m.char_contain_dst < 0.5
    assert m.run_coverage == 1.0
    assert m.len_ratio < 0.4
    assert edge_record(excerpt, source, ["lead"], CFG) is not None


WORDS = [
    "Marlow",
    "bridge",
    "the",
    "council",
    "said",
    "2.4",
    "of",
    "river",
    "Okafor",
    "barge",
    "flood",
    "and",
    "Thursday",
    "stone",
    "a",
    "7",
]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=30),
    st.lists(st.sampled_from(WORDS), max_size=30),
)
def test_measures_are_symmetric(words_a, words_b):
    a = shingles.features("a", " ".join(words_a), CFG)
    b = shingles.features("b", " ".join(words_b), CFG)
    # Equal word counts are the known asymmetry (test_run_coverage_symmetric_for_equal_lengths).
    assume(len(a.word_seq) != len(b.word_seq))
    forward, backward = measures(a, b), measures(b, a)
    assert dataclasses.asdict(backward) == pytest.approx(swapped(forward))


def test_run_coverage_symmetric_for_equal_lengths():
    a = shingles.features("a", "bridge stone flood river barge council", CFG)
    b = shingles.features("b", "bridge stone flood bridge stone flood", CFG)
    assert measures(a, b).run_coverage == measures(b, a).run_coverage


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=3, max_size=30),
    st.lists(st.sampled_from(WORDS), min_size=3, max_size=30),
)
def test_edge_record_does_not_depend_on_argument_order(words_a, words_b):
    a = shingles.features("a", " ".join(words_a), CFG)
    b = shingles.features("b", " ".join(words_b), CFG)
    assert edge_record(a, b, ["chars"], CFG) == edge_record(b, a, ["chars"], CFG)


# --- decision ------------------------------------------------------------------------------------------


def test_spun_copy_is_kept_as_a_rewrite():
    a, b = feat("a", ORIGINAL), feat("b", SPUN)
    decision = decide(measures(a, b), n_anchors(a, b), CFG)
    assert decision.keep
    assert decision.kind == "rewrite"
    assert decision.score >= CFG.verify.min_score
    edge = edge_record(a, b, ["anchors", "chars"], CFG)
    assert edge is not None and edge["kind"] == "rewrite"


def test_independent_report_of_the_same_event_is_rejected():
    a, c = feat("a", ORIGINAL), feat("c", INDEPENDENT)
    m = measures(a, c)
    assert m.anchor_overlap > 0.3  # it does share names and numbers
    decision = decide(m, n_anchors(a, c), CFG)
    assert not decision.keep
    assert decision.kind == "none"
    assert edge_record(a, c, ["anchors"], CFG) is None


def test_unrelated_texts_are_rejected():
    other = (
        "A lighthouse on a small northern island was repainted by volunteers over the weekend, the parish said. "
        "The tower, built in 1874, had not been painted for thirty years, and forty people took part in the work."
    )
    assert edge_record(feat("a", ORIGINAL), feat("z", other), ["chars"], CFG) is None


def cross_language(numbers: int) -> Measures:
    """An English text and a text in another language whose names and numbers line up (0.8)."""
    return Measures(
        char_jaccard=0.05,
        char_contain_src=0.1,
        char_contain_dst=0.1,
        word_contain_src=0.05,
        word_contain_dst=0.05,
        run_coverage=0.05,
        anchor_overlap=0.8,
        len_ratio=0.9,
        english_src=0.45,
        english_dst=0.1,
        number_agreement=1.0,
        numbers_compared=numbers,
        translating=True,
    )


@pytest.mark.parametrize(
    ("numbers", "anchors", "kept"),
    [
        (3, 10, True),  # numbers corroborate: ten names and numbers in order suffice
        (1, 10, False),  # they cannot: same-topic stories share a cast of ten names
        (0, 15, False),
        (0, 16, True),  # sixteen in order do
        (3, 9, False),  # too few to say anything
    ],
)
def test_translation_needs_more_names_when_numbers_cannot_corroborate(numbers, anchors, kept):
    decision = decide(cross_language(numbers), anchors, CFG)
    assert decision.keep is kept
    assert decision.kind == ("translation" if kept else "none")


# A local story (our own) whose sentences mostly open with ordinary capitalised words, and its
# translation by the generator's word mapping, which keeps names and numbers and renders everything else.
BRIDGE_STORY = (
    "Engineers in Harwick County reopened the Calder Street bridge on Tuesday, 14 months after floods.\n"
    "Residents had driven 23 kilometres around the river since March, said mayor Odile Brennart.\n"
    "Officials from the Northshire Transport Agency put the repair bill at 4.2 million.\n"
    "Several shop owners on Calder Street said trade fell by 30 percent while the bridge was shut.\n"
    "Frankly, nobody expected the work to take this long, said Brennart.\n"
    "Critics, among them councillor Tomas Veyle, asked why the agency waited until June to start.\n"
    "Meanwhile the Harwick Rowing Club moved its regatta to Pellam Lake for a second year.\n"
    "Supporters of a new footbridge collected 1,800 signatures, Veyle said on Monday.\n"
    "Nobody from the Northshire Transport Agency would say when the footbridge plan is due.\n"
    "Drivers will pay no toll, Brennart added, and buses return to the route on 2 September.\n"
    "Commuters welcomed the news. Teachers at the primary school said pupils would arrive on time.\n"
    "Farmers west of the river had lost a week of harvest to the detour. Cyclists got a new lane.\n"
    "Insurers paid most of the claims, the council said. Builders finished the deck in August.\n"
    "Inspectors signed off the steelwork last week. Parents asked for a crossing guard.\n"
    "Shoppers were back by noon. Volunteers painted the railings. Neighbours held a street party.\n"
)
BRIDGE_NAMES = frozenset(
    "Harwick County Calder Street Odile Brennart Northshire Transport Agency Tomas Veyle Rowing Club "
    "Pellam Lake".split()
)


def test_names_are_the_anchors_capitalised_inside_a_sentence():
    names = shingles.features("a", BRIDGE_STORY, CFG).names
    assert names[:8] == ("harwick", "county", "calder", "street", "tuesday", "14", "23", "march")
    assert {"brennart", "veyle", "1", "800", "september"} <= set(names)
    # Words capitalised only where they open a sentence are ordinary words; all anchors keep them.
    openers = {"engineers", "residents", "officials", "several", "frankly", "critics", "nobody"}
    assert not openers & set(names)
    assert openers <= set(shingles.features("a", BRIDGE_STORY, CFG).first_anchors)
    # A name that also opens a sentence is still a name, at its first mention.
    text = "Brennart spoke first. Later the mayor, Odile Brennart, left for Pellam."
    assert shingles.features("b", text, CFG).names == ("brennart", "odile", "pellam")


def test_a_translation_whose_sentence_openers_were_translated_is_kept_on_its_names():
    from transforms.core.synth import translate_text

    english = shingles.features("a", BRIDGE_STORY, CFG)
    foreign = shingles.features("b", translate_text(BRIDGE_STORY, "qaa", BRIDGE_NAMES), CFG)
    m = measures(english, foreign)
    assert m.cross_language and m.anchor_overlap < CFG.verify.translation_anchor_overlap
    assert m.name_overlap == 1.0 and m.n_names == 28
    row = edge_record(english, foreign, ["anchors"], CFG)
    assert row is not None and row["kind"] == "translation" and row["decided_by"] == "name_order"
    assert row["name_overlap"] == 1.0 and row["n_names"] == 28 and row["score"] == 1.0
    assert edge_record(english, foreign, ["anchors"], CFG, shortcut=False) == row
    names_off = dataclasses.replace(CFG.verify, translation_name_overlap=None)
    # Without the names rule the names both texts have still line up (all of them, here).
    row = edge_record(english, foreign, ["anchors"], dataclasses.replace(CFG, verify=names_off))
    assert row is not None and row["decided_by"] == "shared_name_order" and row["shared_names"] == 28
    off = dataclasses.replace(CFG, verify=dataclasses.replace(names_off, translation_shared_order=None))
    assert edge_record(english, foreign, ["anchors"], off) is None
    # Same-language pairs do not measure names.
    assert measures(english, english).name_overlap is None


@pytest.mark.parametrize(
    ("names", "n_names", "numbers", "kept"),
    [
        (0.80, 12, 3, True),
        (0.74, 12, 3, False),  # under translation_name_overlap (0.75)
        (0.90, 9, 3, False),  # too few names
        (0.90, 12, 1, False),  # numbers cannot corroborate: sixteen names needed
        (0.90, 16, 1, True),
    ],
)
def test_translation_by_names_follows_the_anchor_rule_with_its_own_overlap(names, n_names, numbers, kept):
    m = dataclasses.replace(cross_language(numbers), anchor_overlap=0.3, name_overlap=names, n_names=n_names)
    decision = decide(m, 30, CFG)
    assert decision.keep is kept
    if kept:
        assert (decision.kind, decision.decided_by, decision.score) == ("translation", "name_order", names)


def test_numbers_compared_counts_the_text_quoting_fewer():
    assert numbers_compared(("Lena", "12", "40", "Oslo"), ("12", "Lena", "40", "7")) == 2
    assert numbers_compared(("Lena", "Oslo"), ("12", "40")) == 0


# --- rows match their schemas --------------------------------------------------------------------------


def test_edge_record_fields_and_schema():
    a, b = feat("b", ORIGINAL), feat("a", SPUN)
    edge = edge_record(a, b, ["lead", "chars"], CFG)
    assert (edge["src_id"], edge["dst_id"]) == ("a", "b")
    assert edge["views"] == ["chars", "lead"]
    assert edge["config_fingerprint"] == str(CFG)
    assert edge["kept"] is True
    schemas.conform(edge, schemas.TABLES["edges"])


def test_document_row_matches_schema():
    text = "WASHINGTON (AP) - " + ORIGINAL + "\nSource link"
    record = {
        "doc_id": "d1",
        "text": text,
        "source_file": "in.jsonl",
        "source_row": 4,
        "url": "https://x.test/1",
        "outlet": "The Associated Press",
        "title": "Bridge \u201creopens\u201d",
        "published_at": "2024-03-07T09:00:00Z",
        "lang": "en",
    }
    kind, row = documents.document(record, CFG, REGISTRY)
    assert kind == "doc"
    assert row["outlet_canonical"] == "AP"
    assert row["title"] == 'Bridge "reopens"'
    assert row["credited_outlets"] == ["AP"]
    assert row["chrome_lines"] == ["Source link"]
    assert row["n_chars"] == len(row["match_text"])
    schemas.conform(row, schemas.TABLES["documents"])


@pytest.mark.parametrize(
    ("outlet", "url", "canonical"),
    [
        ("The Associated Press", "https://harbor-ledger.test/1", "AP"),  # the field wins over the URL
        (None, "https://www.latimes.com/world/story", "Los Angeles Times"),
        (None, "https://news.harbor-ledger.net/story", "harbor-ledger.net"),
        (None, None, None),
    ],
)
def test_document_outlet_comes_from_the_url_without_an_outlet_field(outlet, url, canonical):
    record = {"doc_id": "d1", "text": ORIGINAL, "source_file": "in.jsonl", "source_row": 1, "url": url}
    if outlet:
        record["outlet"] = outlet
    kind, row = documents.document(record, CFG, REGISTRY)
    assert (kind, row["outlet"], row["outlet_canonical"]) == ("doc", outlet, canonical)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("   \n ", "empty_text"), ("Source link\nLeave a Reply", "near_empty_text")],
)
def test_document_rejects_match_schema(text, reason):
    record = {"doc_id": "d", "text": text, "source_file": "f.txt", "source_row": 1}
    kind, row = documents.document(record, CFG, REGISTRY)
    assert (kind, row["reason"]) == ("reject", reason)
    schemas.conform(dict(row, config_fingerprint=str(CFG)), schemas.TABLES["rejects"])


# A teaser: its story's first sentence, cut short, and where to read the rest.
TEASER_LEDE = "The future of the harbour wall was thrown into doubt late Monday when..."
TEASER = TEASER_LEDE + "\n\nClick here to read the rest of this article on the Associated Press."
# Another story written to the same template: its first sentence lines up with the teaser's words.
TEMPLATED_OTHER = (
    "The future of the school budget was thrown into doubt late Monday when the county board "
    "unexpectedly delayed a vote.\n\nBoard chair Lina Osterval said the delay was about the auditors. "
    "Parents said they had waited for a decision since March, and the board meets again in June."
)


def test_a_credited_teaser_is_kept_and_an_uncredited_one_rejected():
    record = {"doc_id": "t", "text": TEASER, "source_file": "f.txt", "source_row": 1}
    kind, row = documents.document(record, CFG, REGISTRY)
    assert kind == "doc" and row["credited_outlets"] == ["AP"]
    assert CFG.min_chars_credited <= row["n_chars"] < CFG.min_chars
    kind, row = documents.document(dict(record, text=TEASER_LEDE), CFG, REGISTRY)
    assert (kind, row["reason"]) == ("reject", "near_empty_text")
    assert "< min_chars 80" in row["detail"]
    short = dict(record, text="Storm wall...\n\nRead the full story at AP.")
    kind, row = documents.document(short, CFG, REGISTRY)
    assert (kind, row["reason"]) == ("reject", "near_empty_text")
    assert "< min_chars_credited 40" in row["detail"]


def test_a_short_text_links_only_as_a_verbatim_cut():
    teaser = shingles.features("a", documents.analyse(TEASER, REGISTRY).match_text, CFG)
    assert len(teaser.word_seq) < CFG.verify.short_words
    source = feat("b", TEASER_LEDE.rstrip(".") + " the state auditor froze its funds.\n\n" + ORIGINAL)
    other = feat("c", TEMPLATED_OTHER)
    kept = edge_record(teaser, source, ["lead"], CFG)
    assert kept is not None and kept["char_contain_src"] >= CFG.verify.short_containment
    # The templated sentence of another story scores as high, but the teaser is not cut from it.
    m = measures(teaser, other)
    assert decide(m, 1, CFG).keep and m.char_contain_src < CFG.verify.short_containment
    assert edge_record(teaser, other, ["lead"], CFG) is None
    assert edge_record(teaser, other, ["lead"], CFG, shortcut=False) is None
    anything = dataclasses.replace(CFG, verify=dataclasses.replace(CFG.verify, short_words=0))
    assert edge_record(teaser, other, ["lead"], anything) is not None


def test_shortcut_rejects_only_pairs_the_full_measures_reject():
    """``cannot_be_kept`` is exact: over every pair of a generated corpus (copies, spins, excerpts,
    translations, partial uses and same-event stories), edge records with and without the shortcut are identical,
    and the shortcut does skip most pairs."""
    from transforms.core.synth import generate
    from transforms.core.text import analyse
    from transforms.core.verify import cannot_be_kept

    docs, _ = generate(40, seed=3, partial_rate=0.5)
    feats = [shingles.features(d["id"], analyse(d["text"], REGISTRY).match_text, CFG) for d in docs[:200]]
    kinds = set()
    deciders = set()
    skipped = total = 0
    for i, a in enumerate(feats):
        for b in feats[i + 1 :]:
            fast = edge_record(a, b, ["chars"], CFG)
            assert fast == edge_record(a, b, ["chars"], CFG, shortcut=False), (a.doc_id, b.doc_id)
            kinds.add(fast["kind"] if fast else None)
            deciders.add(fast["decided_by"] if fast else None)
            skipped += cannot_be_kept(a, b, CFG)
            total += 1
    assert {"near_copy", "rewrite", "translation", None} <= kinds
    assert {"shared_passage", "sentence_order"} <= deciders
    assert skipped > 0.9 * total


def test_shortcut_is_off_when_every_pair_is_kept():
    from transforms.core.verify import cannot_be_kept

    keep_all = dataclasses.replace(CFG, verify=dataclasses.replace(CFG.verify, min_score=0.0))
    a = shingles.features("a", documents.analyse(ORIGINAL, REGISTRY).match_text, CFG)
    b = shingles.features("b", "Completely unrelated words about gardening and tomatoes in summer.", CFG)
    assert not cannot_be_kept(a, b, keep_all)


# --- a shared passage: a newspaper story that uses part of the agency copy -----------------------------

# A local paper's own story of the reopening: its own lede, people and quotes, with three sentences of
# ORIGINAL (the agency copy) woven in.
NEWSPAPER = (
    "Shopkeepers on Marlow High Street say the reopened bridge cannot come soon enough for the town's economy. "
    "Engineers in the river town of Marlow finished repairs to the old stone bridge on Thursday, "
    "eight months after a barge struck one of its arches during a winter flood. "
    "At the Bridge Street bakery, owner Tom Ashdown said he had let two staff go in the spring. "
    '"Some weeks we took half of what we normally do," he said. "People simply stopped coming across." '
    "The council said the work cost 2.4 million pounds and was paid for by the county and a national heritage fund. "
    "Parents at the primary school on the far bank had organised a walking bus for children over the footbridge. "
    "Traffic had been diverted through the village of Hambleden, adding twenty minutes to many journeys. "
    "The chamber of commerce plans a late-night shopping evening next Friday to celebrate the reopening, "
    "with stalls, a brass band and free parking in the council car parks."
)


def test_newspaper_using_part_of_the_agency_copy_is_kept_on_its_shared_passage():
    a, b = feat("a", ORIGINAL), feat("b", NEWSPAPER)
    m = measures(a, b)
    score = decide(m, n_anchors(a, b), CFG).score
    assert CFG.verify.passage_min_score <= score < CFG.verify.min_score  # the score alone falls short
    passage = shared_passage(a, b, CFG.verify.passage_run)
    assert passage.keeps(CFG.verify)
    # The first two agency sentences, adjacent in the agency copy, sit apart in the newspaper's story (the
    # third has 15 words: shorter than a run).
    assert passage.runs == 2
    words = passage.words
    edge = edge_record(a, b, ["anchors"], CFG)
    assert edge is not None
    assert (edge["kind"], edge["decided_by"], edge["passage_words"]) == ("rewrite", "shared_passage", words)
    schemas.conform(dict(edge), schemas.TABLES["edges"])
    # Off: the same pair is rejected (its two passages are also 20 words or longer: the long-passage
    # rule keeps it on its own).
    off = dataclasses.replace(CFG, verify=dataclasses.replace(CFG.verify, passage_min_score=None))
    assert edge_record(a, b, ["anchors"], off)["decided_by"] == "long_passage"
    both = dataclasses.replace(off, verify=dataclasses.replace(off.verify, long_passage_min_score=None))
    assert edge_record(a, b, ["anchors"], both) is None


def test_a_shared_quote_is_not_a_shared_passage():
    """The independent report quotes the council leader word for word (16 words): quotes are left out."""
    a, c = feat("a", ORIGINAL), feat("c", INDEPENDENT)
    assert shared_passage(a, c, CFG.verify.passage_run) == NO_PASSAGE
    quoted = feat("q", '"' + ORIGINAL.replace('"', "") + '"')  # all of it a quotation
    assert shared_passage(feat("a0", ORIGINAL.replace('"', "")), quoted, CFG.verify.passage_run) == NO_PASSAGE
    same = shared_passage(a, feat("a2", ORIGINAL), CFG.verify.passage_run)
    assert same.share > 0.8 and same.runs == 2  # all of it but its one quotation


def test_quoted_tokens_follow_quotes_per_line():
    text = 'He said "we will go on" today.\nShe added: "the end is near\nBut not here.'
    mask = shingles.quoted_tokens(text, len(shingles.tokens(text)))
    # he said | we will go on | today / she added | the end is near (to the line's end) / but not here
    assert mask.tolist() == [False] * 2 + [True] * 4 + [False] * 3 + [True] * 4 + [False] * 3
    assert shingles.quoted_tokens("No quotes here.", 3) is None
    assert shingles.quoted_tokens('A "mismatch', 5) is None  # not the text's token count: no mask


def _passage_reference(short, long, short_quoted, long_quoted, k: int) -> tuple[int, int]:
    """(covered words of ``short``, separate stretches in whichever text has more) by brute force."""

    def covered(a, qa, b, qb):
        grams = {tuple(b[i : i + k]) for i in range(len(b) - k + 1) if not any(qb[i : i + k])}
        out = set()
        for i in range(len(a) - k + 1):
            if tuple(a[i : i + k]) in grams and not any(qa[i : i + k]):
                out.update(range(i, i + k))
        return out

    mine = covered(short, short_quoted, long, long_quoted)
    theirs = covered(long, long_quoted, short, short_quoted)
    if not mine:
        return 0, 0
    stretches = max(sum(1 for i in c if i - 1 not in c) for c in (mine, theirs))
    return len(mine), stretches


def _bare_features(doc_id: str, seq: list[int], quoted: list[bool] | None) -> shingles.Features:
    empty = np.zeros(0, dtype=np.uint32)
    return shingles.Features(
        doc_id,
        empty,
        empty,
        empty,
        empty,
        np.array(seq, dtype=np.uint32),
        (),
        len(seq),
        quoted=None if quoted is None else np.array(quoted, dtype=bool),
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 3), min_size=0, max_size=40),
    st.lists(st.integers(0, 3), min_size=0, max_size=40),
    st.lists(st.booleans(), min_size=40, max_size=40),
    st.integers(3, 6),
)
def test_shared_passage_is_the_brute_force_count(a, b, quoted, k):
    qa, qb = quoted[: len(a)], quoted[40 - len(b) :]
    fa, fb = _bare_features("a", a, qa), _bare_features("b", b, qb)
    if len(a) < k or len(b) < k:
        expected = (0, 0)
    elif len(a) == len(b):
        expected = max(_passage_reference(a, b, qa, qb, k), _passage_reference(b, a, qb, qa, k))
    elif len(a) < len(b):
        expected = _passage_reference(a, b, qa, qb, k)
    else:
        expected = _passage_reference(b, a, qb, qa, k)
    passage = shared_passage(fa, fb, k)
    assert (passage.words, passage.runs) == expected
    assert passage.share == (expected[0] / min(len(a), len(b)) if expected[0] else 0.0)
    assert shared_passage(fb, fa, k) == passage


def test_one_shared_paragraph_is_not_enough():
    """A series' background paragraph, a single stretch however long, does not make two stories one."""
    a, b = feat("a", ORIGINAL), feat("b", NEWSPAPER)
    assert shared_passage(a, b, CFG.verify.passage_run).runs == 2
    stricter = dataclasses.replace(CFG, verify=dataclasses.replace(CFG.verify, passage_min_runs=3))
    assert edge_record(a, b, ["anchors"], stricter) is None
    # One paragraph (the agency copy's first two sentences) in two otherwise different texts: one stretch.
    shared = ". ".join(ORIGINAL.split(". ")[:2]) + "."
    lighthouse = (
        "A lighthouse on a small northern island was repainted by volunteers over the weekend, the parish "
        "said. The tower, built in 1874, had not been painted for thirty years, and forty people took part."
    )
    passage = shared_passage(
        feat("one", shared + " " + INDEPENDENT), feat("two", lighthouse + " " + shared), 16
    )
    assert passage.runs == 1
    assert passage.words >= CFG.verify.passage_min_words and passage.share >= CFG.verify.passage_min_share
    assert not passage.keeps(CFG.verify)


# --- sentence order: a text reworded sentence by sentence ----------------------------------------------

# Twelve paragraphs written for this test, and a copy reworded in place: in every sentence two to five
# words swapped for synonyms, as a spinner or a machine-translation round trip does.
LONG_ORIGINAL = (
    "Firefighters in the coastal city of Porthaven spent Saturday night battling a blaze at the old grain warehouse on Dock Road.\n\n"
    "The fire started shortly after nine in the evening and spread quickly through the wooden upper floors of the building.\n\n"
    "More than forty crews from across the region were called in, and nearby homes on Quay Street were evacuated as a precaution.\n\n"
    "Chief fire officer Marcus Delane said the heat was so intense that firefighters could not safely enter the structure.\n\n"
    "Thick smoke drifted across the harbour, and residents were told to keep windows and doors closed until the morning.\n\n"
    "The warehouse, built in 1884, had been empty for several years while developers argued over plans to turn it into flats.\n\n"
    "Police said they were treating the fire as suspicious and appealed for witnesses who saw anyone near the site.\n\n"
    "A spokesperson for the harbour authority confirmed that shipping had been suspended overnight because of poor visibility.\n\n"
    "Local historian Edith Carrow described the loss as a tragedy for a town that has already lost much of its industrial heritage.\n\n"
    "Engineers will inspect the remaining walls on Monday to decide whether the building must be demolished.\n\n"
    "The council has opened a rest centre at the community hall for families who cannot yet return to their homes.\n\n"
    "No injuries were reported, although two firefighters were treated at the scene for heat exhaustion."
)
LONG_SPUN = (
    "Firefighters in the seaside city of Porthaven spent Saturday evening fighting a blaze at the former grain depot on Dock Road.\n\n"
    "The fire began soon after nine in the evening and moved rapidly through the timber upper floors of the building.\n\n"
    "Over forty crews from throughout the region were summoned, and nearby houses on Quay Street were cleared as a precaution.\n\n"
    "Chief fire officer Marcus Delane stated the heat was so fierce that firefighters could not securely go into the structure.\n\n"
    "Dense smoke floated across the port, and residents were instructed to keep windows and doors shut until daybreak.\n\n"
    "The warehouse, constructed in 1884, had been vacant for a number of years while builders quarrelled over proposals to turn it into apartments.\n\n"
    "Police stated they were handling the fire as questionable and called for witnesses who noticed anybody near the location.\n\n"
    "A representative for the harbour authority verified that shipping had been halted overnight due to weak visibility.\n\n"
    "Local chronicler Edith Carrow called the loss a disaster for a town that has previously lost a great deal of its industrial legacy.\n\n"
    "Engineers will examine the surviving walls on Monday to determine whether the building has to be knocked down.\n\n"
    "The council has set up a rest centre at the neighbourhood hall for households who cannot yet go back to their homes.\n\n"
    "No injuries were recorded, though two firefighters were looked after at the scene for heat fatigue."
)


def test_sentence_order_counts_reworded_sentences_in_place():
    a, b = feat("a", LONG_ORIGINAL), feat("b", LONG_SPUN)
    assert sentence_order(a, b, CFG.verify.sentence_match) == (10, 12)
    assert sentence_order(b, a, CFG.verify.sentence_match) == (10, 12)
    # The same reworded sentences in another order: only an increasing run of them counts.
    paragraphs = LONG_SPUN.split("\n\n")
    shuffled = "\n\n".join(paragraphs[6:] + paragraphs[:6][::-1])
    covered, counted = sentence_order(a, feat("c", shuffled), CFG.verify.sentence_match)
    assert counted == 12 and covered <= 6  # at most the six kept in order
    # An independent report of one event shares names, numbers and a quote, not its sentences in order
    # (the quotation does not count: independent stories quote the same people).
    assert sentence_order(feat("o", ORIGINAL), feat("i", INDEPENDENT), CFG.verify.sentence_match)[0] <= 2


def test_sentence_order_keeps_a_pair_whose_score_falls_short():
    """With min_score raised above the pair's score, the reworded copy is kept on its sentences alone
    (decided_by sentence_order, the count recorded), and rejected with the rule off."""
    a, b = feat("a", LONG_ORIGINAL), feat("b", LONG_SPUN)
    strict = dataclasses.replace(
        CFG, verify=dataclasses.replace(CFG.verify, min_score=0.999, strong_score=0.999)
    )
    edge = edge_record(a, b, ["anchors"], strict)
    assert edge is not None
    assert (edge["kind"], edge["decided_by"], edge["sentences_in_order"]) == ("rewrite", "sentence_order", 10)
    assert edge == edge_record(a, b, ["anchors"], strict, shortcut=False)
    schemas.conform(dict(edge), schemas.TABLES["edges"])
    off = dataclasses.replace(strict, verify=dataclasses.replace(strict.verify, sentence_min_covered=None))
    assert edge_record(a, b, ["anchors"], off) is None
    fewer = dataclasses.replace(strict, verify=dataclasses.replace(strict.verify, sentence_min_covered=11))
    assert edge_record(a, b, ["anchors"], fewer) is None


def test_a_link_kept_on_its_score_below_strong_score_records_its_sentences_in_order():
    """So that clustering can tell an aggressive spin's weak link from a weak bridge between stories."""
    a, b = feat("a", LONG_ORIGINAL), feat("b", LONG_SPUN)
    assert edge_record(a, b, ["anchors"], CFG)["sentences_in_order"] is None  # strong: not asked
    weak = dataclasses.replace(CFG, verify=dataclasses.replace(CFG.verify, strong_score=0.999))
    edge = edge_record(a, b, ["anchors"], weak)
    assert (edge["decided_by"], edge["sentences_in_order"]) == ("anchor_order", 10)
    fewer = dataclasses.replace(weak, verify=dataclasses.replace(weak.verify, sentence_min_covered=11))
    assert edge_record(a, b, ["anchors"], fewer)["sentences_in_order"] is None  # the rule does not hold


def _sentence_order_reference(a: list[list[str]], b: list[list[str]], match: float) -> tuple[int, int]:
    """Sentence order by brute force over word lists (sentences already filtered)."""
    sa, sb = [set(x) for x in a], [set(x) for x in b]
    if len(sa) > len(sb):
        sa, sb = sb, sa
    partners = []
    for s in sa:
        scores = [len(s & t) / len(s | t) for t in sb]
        if scores and max(scores) >= match:
            partners.append(scores.index(max(scores)))
    best = [1] * len(partners)  # longest strictly increasing subsequence, O(n^2)
    for i in range(len(partners)):
        for j in range(i):
            if partners[j] < partners[i]:
                best[i] = max(best[i], best[j] + 1)
    return (max(best) if best else 0), len(sa)


sentence_words = st.lists(
    st.sampled_from(["harbour", "crews", "blaze", "porthaven", "smoke", "night"]),
    min_size=4,
    max_size=7,
    unique=True,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(sentence_words, max_size=8), st.lists(sentence_words, max_size=8))
def test_sentence_order_is_the_brute_force_count(a, b):
    fa = feat_of_sentences("a", a)
    fb = feat_of_sentences("b", b)
    assert sentence_order(fa, fb, 0.3) == _sentence_order_reference(a, b, 0.3)


# --- displaced rewording: sentences both moved and reworded --------------------------------------------


def _arranged(text: str, order: list[int]) -> str:
    paragraphs = text.split("\n\n")
    return "\n\n".join(paragraphs[i] for i in order)


HALVES_SWAPPED = [*range(6, 12), *range(6)]


def test_displaced_rewording_tells_one_rewriting_step_from_two():
    """Reworded in place (a spin) or moved word for word (an edited copy): no sentence is displaced.
    Both at once, as two reports written from the same stock sentences are: half of them."""
    o = feat("o", LONG_ORIGINAL)
    v = CFG.verify
    assert displaced_rewording(o, feat("s", LONG_SPUN), v.sentence_match, v.verbatim_sentence) == (10, 0)
    moved = feat("m", _arranged(LONG_ORIGINAL, HALVES_SWAPPED))
    assert displaced_rewording(o, moved, v.sentence_match, v.verbatim_sentence) == (12, 0)
    both = feat("b", _arranged(LONG_SPUN, HALVES_SWAPPED))
    assert displaced_rewording(o, both, v.sentence_match, v.verbatim_sentence) == (10, 5)
    assert displaced_rewording(both, o, v.sentence_match, v.verbatim_sentence) == (10, 5)
    # Every moved sentence counts when nothing is verbatim enough, none when everything is.
    assert displaced_rewording(o, moved, v.sentence_match, 1.01) == (12, 6)
    assert displaced_rewording(o, both, v.sentence_match, 0.0) == (10, 0)


def test_the_edge_record_carries_the_displaced_sentences_when_the_rule_holds():
    o, both = feat("o", LONG_ORIGINAL), feat("b", _arranged(LONG_SPUN, HALVES_SWAPPED))
    edge = edge_record(o, both, ["chars"], CFG)
    assert edge["kind"] == "rewrite" and edge["score"] >= CFG.verify.min_score
    assert (edge["sentences_matched"], edge["sentences_displaced"]) == (10, 5)
    assert edge["passage_words"] == 0  # asked, and nothing shared 16 words in a row
    assert displaced(edge, CFG.verify)
    schemas.conform(dict(edge), schemas.TABLES["edges"])

    def with_verify(**changes) -> MatchConfig:
        return dataclasses.replace(CFG, verify=dataclasses.replace(CFG.verify, **changes))

    for cfg in (with_verify(displaced_share=0.6), with_verify(displaced_min=6)):  # 5 < 0.6 * 10; 5 < 6
        edge = edge_record(o, both, ["chars"], cfg)
        assert (edge["sentences_matched"], edge["sentences_displaced"], edge["passage_words"]) == (
            10,
            None,
            None,
        )
        assert not displaced(edge, cfg.verify)
    off = with_verify(displaced_min=None)
    edge = edge_record(o, both, ["chars"], off)
    assert (edge["sentences_matched"], edge["sentences_displaced"]) == (None, None)
    # A near copy is not asked.
    near = edge_record(o, feat("c", LONG_ORIGINAL), ["chars"], CFG)
    assert near["kind"] == "near_copy" and near["sentences_matched"] is None


def test_a_shared_passage_explains_displaced_sentences():
    """A paper that used four paragraphs of the story word for word, in two places between its own
    reworded and rearranged account: the sentences are displaced, but the passage keeps the link."""
    spun = LONG_SPUN.split("\n\n")
    original = LONG_ORIGINAL.split("\n\n")
    own = [spun[i] for i in (10, 6, 11, 7, 9, 8, 5, 4)]
    woven = "\n\n".join([*original[:2], *own[:2], *original[2:4], *own[2:]])
    o, w = feat("o", LONG_ORIGINAL), feat("w", woven)
    matched, count = displaced_rewording(o, w, CFG.verify.sentence_match, CFG.verify.verbatim_sentence)
    assert count >= CFG.verify.displaced_min and count >= CFG.verify.displaced_share * matched
    edge = edge_record(o, w, ["chars"], CFG)
    assert edge["sentences_displaced"] is None and edge["passage_words"] >= CFG.verify.passage_min_words
    assert not displaced(edge, CFG.verify)


def test_sentences_in_order_explain_displaced_sentences():
    """When the sentence-order rule holds for the pair (here made to hold for five sentences in order,
    the halves of a spun copy swapped), the displaced ones are not counted against it."""
    o, both = feat("o", LONG_ORIGINAL), feat("b", _arranged(LONG_SPUN, HALVES_SWAPPED))
    lenient = dataclasses.replace(CFG, verify=dataclasses.replace(CFG.verify, sentence_min_covered=5))
    edge = edge_record(o, both, ["chars"], lenient)
    assert (edge["sentences_matched"], edge["sentences_displaced"], edge["sentences_in_order"]) == (
        10,
        None,
        5,
    )
    assert not displaced(edge, lenient.verify)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 12), max_size=14))
def test_increasing_members_is_a_longest_increasing_run(values):
    members = sorted(_increasing_members(values))
    picked = [values[i] for i in members]
    assert all(x < y for x, y in zip(picked, picked[1:]))
    best = [1] * len(values)  # longest strictly increasing subsequence, O(n^2)
    for i in range(len(values)):
        for j in range(i):
            if values[j] < values[i]:
                best[i] = max(best[i], best[j] + 1)
    assert len(members) == max(best, default=0)


@settings(max_examples=100, deadline=None)
@given(st.lists(sentence_words, max_size=8), st.lists(sentence_words, max_size=8))
def test_displaced_counts_agree_with_sentence_order(a, b):
    """Matched sentences are those sentence order counts; with no sentence verbatim enough, the
    displaced ones are exactly those off the longest increasing run."""
    fa, fb = feat_of_sentences("a", a), feat_of_sentences("b", b)
    in_order, _ = sentence_order(fa, fb, 0.3)
    matched, every = displaced_rewording(fa, fb, 0.3, 1.01)
    assert every == matched - in_order
    assert displaced_rewording(fa, fb, 0.3, 0.0) == (matched, 0)
    assert 0 <= displaced_rewording(fa, fb, 0.3, 0.9)[1] <= every


def feat_of_sentences(doc_id: str, sentences: list[list[str]]) -> shingles.Features:
    text = "\n".join(" ".join(words) + "." for words in sentences)
    return shingles.features(doc_id, text, CFG)


def _sentence_starts_reference(text: str) -> list[int]:
    """Sentence by sentence: split lines at sentence ends, count each piece's tokens."""
    starts, at = [], 0
    for line in text.split("\n"):
        for sentence in shingles._SENTENCE_END.split(line):
            n = len(shingles.tokens(sentence))
            if n:
                starts.append(at)
                at += n
    return starts


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab_1 c.!?\n\t\r\x1c\"')]([é")), max_size=80))
def test_sentence_starts_split_the_tokens_in_order(text):
    """ASCII texts take the byte-array path, others the regex one: both equal the sentence-by-sentence
    count."""
    n = len(shingles.tokens(text))
    starts = shingles.sentence_starts(text, n)
    assert starts is not None
    assert starts.tolist() == _sentence_starts_reference(text)
    assert starts.tolist() == sorted(set(starts.tolist()))
    assert (n == 0) == (len(starts) == 0)
    if n:
        assert starts[0] == 0 and starts[-1] < n
    assert shingles.sentence_starts(text, n + 1) is None


def _quoted_reference(text: str, n_tokens: int):
    """Line by line, segment by segment between double quotes."""
    if '"' not in text:
        return None
    flags: list[bool] = []
    for line in text.split("\n"):
        for i, segment in enumerate(line.split('"')):
            flags.extend([bool(i % 2)] * len(shingles.tokens(segment)))
    return flags if len(flags) == n_tokens else None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab_1 "\n\t.é')), max_size=80))
def test_quoted_tokens_equal_the_segment_count(text):
    """ASCII texts take the byte-array path, others the segment one: both give the same mask."""
    n = len(shingles.tokens(text))
    mask = shingles.quoted_tokens(text, n)
    expected = _quoted_reference(text, n)
    assert (None if mask is None else mask.tolist()) == expected


# --- short translations: every name in order, in enough separate runs --------------------------------

# Written for this project: a short English report and its rendering in a made-up language that keeps
# names and renders every other word (as the generator's translations do).
SHORT_SOURCE = (
    "The ferry plan was approved in Valdmar on Tuesday after a long debate. "
    "The mayor, Ingrid Solvang, said the yard in Bergsund would build both boats. "
    "Critics in Lindholm said the Coastal Transport Agency had not published its costs."
)
SHORT_TRANSLATION = (
    "Ka ferri plano bila upravila ve Valdmar pa Tuesday pos dolga debata. "
    "Ka mera, Ingrid Solvang, zeka sa yardo ve Bergsund budeta oba bota. "
    "Kritiki ve Lindholm zeka sa Coastal Transport Agency ne objavila sve koste."
)


def test_name_runs_count_a_name_of_several_words_once():
    from transforms.core.verify import name_entities

    f = shingles.features(
        "a", "The Digital Rights Group met the Johannesburg Federal Trade Commission in March.", CFG
    )
    assert f.names == (
        "digital",
        "rights",
        "group",
        "johannesburg",
        "federal",
        "trade",
        "commission",
        "march",
    )
    assert name_entities(f, f.names) == 3
    assert name_entities(f, ("march", "digital")) == 2  # first mentions, in text order
    assert name_entities(f, ("nowhere",)) == 0
    # The first positions behind it: in the order asked, the absent left out, a token's first mention.
    asked = np.array([shingles.hash32(t) for t in ("march", "nowhere", "digital", "the")], dtype=np.uint32)
    assert f.first_positions(asked).tolist() == [11, 1, 0]
    assert f.first_positions(np.zeros(0, dtype=np.uint32)).tolist() == []


def test_a_short_translation_links_by_its_names_in_order_in_enough_runs():
    """Nine names in six runs, too few for the anchor and name counts (10, and 16 without two numbers
    to corroborate), every one in order in the translation: kept by the run rule, and the exact
    shortcut agrees. With the rule off (null) the pair is not kept."""
    from transforms.core.verify import cannot_be_kept

    a = shingles.features("a", SHORT_SOURCE, CFG)
    b = shingles.features("b", SHORT_TRANSLATION, CFG)
    edge = edge_record(a, b, ["anchors"], CFG)
    assert (edge["kind"], edge["decided_by"], edge["name_runs"], edge["n_names"]) == (
        "translation",
        "name_runs",
        6,
        9,
    )
    assert not cannot_be_kept(a, b, CFG)
    off = dataclasses.replace(CFG, verify=dataclasses.replace(CFG.verify, translation_min_entities=None))
    assert edge_record(a, b, ["anchors"], off) is None
    assert edge_record(a, b, ["anchors"], off, shortcut=False) is None
    fewer = dataclasses.replace(CFG, verify=dataclasses.replace(CFG.verify, translation_min_entities=7))
    assert edge_record(a, b, ["anchors"], fewer) is None


def test_same_bodies_in_one_order_are_too_few_runs():
    """A same-topic story in the made-up language naming the town's bodies in the same order: eight
    names, but three runs (a body's name of several words is one run), so it is no translation."""
    a = shingles.features(
        "a",
        "The Digital Rights Group asked the Johannesburg Federal Trade Commission on Monday to publish the "
        "contract before March, a spokesperson said. The group has waited two years for an answer, and its "
        "lawyers say they are ready to go to court over the delay if nothing changes soon.",
        CFG,
    )
    b = shingles.features(
        "b",
        "Ka Digital Rights Group zeka sa Johannesburg Federal Trade Commission pos dolga debata ve March "
        "ne objavila sve koste. Grupa kritiki bila upravila oba bota, i zeka sa yardo budeta plano pa "
        "sheko ferri ne dolga sluh.",
        CFG,
    )
    m = measures(a, b)
    assert (m.name_overlap, m.name_entities) == (1.0, 3)
    assert edge_record(a, b, ["anchors"], CFG) is None


@pytest.mark.parametrize(
    ("runs", "n_names", "order", "agreement", "anchor_order", "kept"),
    [
        (6, 9, 1.0, 1.0, 0.9, True),
        (5, 9, 1.0, 1.0, 0.9, False),  # five runs: under translation_min_entities
        (6, 9, 8 / 9, 1.0, 0.9, False),  # a name missing or out of order
        (6, 9, 1.0, 0.4, 0.9, False),  # the numbers disagree
        (6, 9, 1.0, 1.0, 0.5, False),  # all anchors under translation_anchor_overlap
        (None, 9, 1.0, 1.0, 0.9, False),  # not measured: some name not in the other in order
    ],
)
def test_translation_by_entities_thresholds(runs, n_names, order, agreement, anchor_order, kept):
    from transforms.core.verify import translation_by_entities

    assert translation_by_entities(runs, n_names, order, agreement, anchor_order, CFG) is kept


@given(
    words=st.lists(st.sampled_from(["Alda", "Brun", "Cora", "Dale", "the", "and", "met", "in"]), max_size=30),
    picked=st.sets(st.sampled_from(["alda", "brun", "cora", "dale", "zeno"])),
)
@settings(max_examples=200, deadline=None)
def test_name_runs_count_groups_of_adjacent_first_mentions(words, picked):
    """``name_entities`` is the number of groups of consecutive token positions among the first
    mentions of the names it is given that occur in the text (names not in the text are left out)."""
    from transforms.core.verify import name_entities

    text = " ".join(words)
    f = shingles.features("a", text, CFG)
    tokens = text.lower().split()
    first = sorted({tokens.index(n) for n in picked if n in tokens})
    expected = sum(1 for i, p in enumerate(first) if i == 0 or p != first[i - 1] + 1)
    assert name_entities(f, tuple(sorted(picked))) == expected


# Two reports of one robbery written apart, both printing the police's statement in full (text of my own).
_STATEMENT = (
    '"At approximately 9:40 this morning two men entered the Harrow and Finch branch on Linden Street in '
    "Kelford, threatened staff with what appeared to be a handgun and left on foot with an undisclosed sum "
    "of cash. No one was physically hurt. Officers searched the surrounding streets with the help of a dog "
    "unit and the force helicopter, and detectives are now reviewing camera footage from nearby shops. We "
    'would ask anyone who was on Linden Street between 9:15 and 10:00 to contact us on 101," the statement said.'
)
_LOCAL_REPORT = (
    "Shoppers on Linden Street in Kelford watched police cars gather outside the Harrow and Finch bank on "
    "Tuesday morning after what officers described as an armed robbery.\n\n"
    "Marta Quill, who runs the bakery opposite, said she saw two men in dark jackets walk quickly towards the "
    "old market hall. She thought nothing of it until the sirens started a few minutes later.\n\n"
    "Kelford Police issued a statement shortly before noon.\n\n"
    + _STATEMENT
    + "\n\nThe branch stayed closed for the rest of the day, and a notice taped to its door told customers to "
    "use the cash machines at the railway station. Local councillor Ben Osei called the raid shocking and "
    "asked for more patrols in the town centre."
)
_REGIONAL_REPORT = (
    "Detectives in Kelford are hunting two men after a bank on the town's main shopping street was robbed at "
    "gunpoint, the second raid on a high street bank in the county this year.\n\n"
    "Police said the pair fled towards the market hall. A spokeswoman for Harrow and Finch said the bank was "
    "supporting its employees and working closely with officers.\n\n"
    "In a statement, the force gave this account:\n\n"
    + _STATEMENT
    + "\n\nIn February, a building society in nearby Marlow Cross was targeted by three men who were later "
    "arrested on the motorway. Detectives have not said whether they think the two robberies are linked, and "
    "no arrests had been made by Tuesday evening."
)


def test_two_reports_printing_the_same_statement_are_not_one_story():
    a, b = feat("a", _LOCAL_REPORT), feat("b", _REGIONAL_REPORT)
    assert edge_record(a, b, ["anchors"], CFG) is None
    m = measures(a, b)
    assert quoted_only(a, b, m, n_anchors(a, b), CFG)
    # Without the statement they share nothing much either: it was the quotation that linked them.
    bare_a = (
        feat("a", _LOCAL_REPORT.replace(_STATEMENT, "")),
        feat("b", _REGIONAL_REPORT.replace(_STATEMENT, "")),
    )
    assert edge_record(*bare_a, ["anchors"], CFG) is None


def test_a_copy_and_a_spin_of_a_report_with_a_long_quotation_stay_linked():
    src = feat("a", _LOCAL_REPORT)
    # An excerpt: the statement and the paragraphs around it.
    cut = _LOCAL_REPORT.split("\n\n", 2)[2]
    excerpt = feat("b", cut)
    assert not quoted_only(src, excerpt, measures(src, excerpt), n_anchors(src, excerpt), CFG)
    assert edge_record(src, excerpt, ["chars"], CFG) is not None
    spun = (
        _LOCAL_REPORT.replace("watched", "noticed")
        .replace("gather", "collect")
        .replace("described", "characterised")
        .replace("walk quickly", "stroll rapidly")
        .replace("thought nothing", "considered nothing")
        .replace("stayed closed", "remained shut")
        .replace("customers", "clients")
        .replace("shocking", "surprising")
    )
    spin = feat("c", spun)
    assert not quoted_only(src, spin, measures(src, spin), n_anchors(src, spin), CFG)
    assert edge_record(src, spin, ["chars"], CFG) is not None
