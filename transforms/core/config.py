"""The one frozen configuration of a run: every parameter that changes which rows come out.

The fingerprint (``str(cfg)``) is written into the manifest and into every output row, so an auditor can
tell which settings produced a row.

LSH maths, per view: a pair whose view-Jaccard is ``s`` becomes a candidate with probability
``1 - (1 - s**rows) ** bands``; the S-curve's midpoint is about ``(1 / bands) ** (1 / rows)``.
With the defaults:

* ``chars``   (character 5-grams, 24 bands x 5 rows, without the corpus's common 5-grams): midpoint
  ~0.53, P(candidate | J=0.4) = 0.22, P(J=0.5) = 0.53, P(J=0.7) = 0.99. Near copies, whatever their
  names and numbers. Unrelated news texts share ~0.2 of their character 5-grams, nearly all of them
  function words and stock phrases, and a view of all of them paired a fixed share of all pairs of the
  corpus's documents, a number that grows with its square: at 16x6 on every 5-gram this view alone
  made 16,351 of 77,666 candidate pairs at 10,000 benchmark documents and 101,079 of 412,771 at
  30,000, and 8 and 27 of them were one story. Without the 5-grams on more than
  ``common_gram_share`` of the documents (``common_grams``) unrelated texts share a median 0.004 (90th
  percentile 0.019, was 0.11 and 0.20; generator seeds 72 and 81), copies of one story most of theirs,
  so the view can take more bands: 24x5 without them finds about as many same-story pairs as 16x6
  with them (mean candidate probability over the generator stories' pairs 0.234 against 0.236; 0.173
  at 16x6 without them) and a quarter of the unrelated ones (0.0001 against 0.0004).
* ``anchors`` (names and numbers in text order, as bigrams; 60 bands x 2 rows): midpoint ~0.13,
  P(J=0.17) = 0.82, P(J=0.2) = 0.91, P(J=0.3) = 1.00. Names and numbers survive spinning, machine
  translation and translation into another language; this view finds most rewrites. Names are the
  capitalised words seen inside a sentence somewhere in the text (``shingles.view_anchors``): a word
  capitalised only where it opens a sentence is an ordinary word, which a translation renders, and
  which broke the bigrams on either side of it. A translation and its source share a median 1.00 of
  their name bigrams, the lowest 5 % 0.73-0.79 (seeds 41 / 42 / 21 / 22; of all anchors' bigrams
  0.27-0.29, lowest 5 % 0.16-0.22); excerpts share a median 0.36 (lowest 5 % 0.11). The bigrams on
  more than ``common_anchor_share`` of the corpus's documents (institutions and places many stories
  name) are left out of this view's signature: pairs of stories collided on them while sharing nothing
  else (median anchor Jaccard 0.05), and their number grew faster than the corpus.
* ``lead``    (character 5-grams of the first ``lead_words`` words, without the common 5-grams; 32
  bands x 4 rows): midpoint ~0.42. A truncated excerpt keeps the lead, so its lead matches the
  source's even when whole-text Jaccard is ~0.2. 25 words is about a news story's first sentence. At
  40 the lead reached into the second paragraph, which copies drop or reorder, and an excerpt shorter
  than 40 words shared only part of its source's lead: on seed 22, 5 of 6 missed excerpts had no
  candidate at all. At 25, excerpt recall is 0.946 -> 0.963 on seed 22, with the same candidate count at
  2,000 documents and +1.6% at 10,000. Without the common 5-grams two unrelated leads share less, so
  32 bands (24 with every 5-gram) cost no more false candidates.
* ``numbers`` (the text's numbers in order, every mention, as bigrams; 20 bands x 3 rows): midpoint
  ~0.37, P(J=0.3) = 0.42, P(J=0.5) = 0.93, P(J=0.62) = 0.996. A translation keeps every figure where its
  source has it (the generator's translations share all their number bigrams with the source; a
  German hand translation 0.62, where its name bigrams share 0.06: German capitalises every noun). A
  text with fewer than four numbers has no such view. +1.7 % candidate pairs at 100,000 documents.
* ``words``   (content-word unigrams) is available but off: on the generator it added ~5,500 false
  candidates per 800 documents and 2 true parent edges no other view found.

The verification thresholds are in :class:`VerifyConfig`; they decide edges from exact set measures, not
from the sketches, so the LSH parameters only trade recall of candidates against their number.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property

SCHEMES = ("affine32",)
VIEW_NAMES = (
    "chars",
    "words",
    "anchors",
    "lead",
    "numbers",
)  # "words" exists but is off by default: see README


@dataclass(frozen=True)
class ViewConfig:
    """One signature view: how shingles are made and how they are banded."""

    name: str
    bands: int
    rows: int

    def __post_init__(self) -> None:
        if self.name not in VIEW_NAMES:
            raise ValueError(f"view name must be one of {VIEW_NAMES}, got {self.name!r}")
        if self.bands < 1 or self.rows < 1:
            raise ValueError(f"view {self.name}: bands and rows must be >= 1, got {self.bands} x {self.rows}")

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows

    @property
    def threshold(self) -> float:
        """Approximate Jaccard at which the candidate probability S-curve crosses 1/2."""
        return (1.0 / self.bands) ** (1.0 / self.rows)


@dataclass(frozen=True)
class VerifyConfig:
    """How a candidate pair becomes a verified edge (see transforms.core.verify).

    The same-story score is ``logistic(run_weight * run_coverage + anchor_weight * anchor_overlap +
    word_weight * min word containment + bias)``. The weights were fitted once by logistic regression on
    the generator's candidate pairs (seed 3, spin 0.2) and checked on other seeds and spin rates; they
    are data, fingerprinted with the rest of the config.
    """

    run_weight: float = 6.1
    anchor_weight: float = 8.8
    word_weight: float = 9.3
    bias: float = -10.5
    # Below this many anchors in the shorter text, anchor order is noise: run coverage stands in for it.
    min_anchors: int = 5
    # p >= 0.88 is z >= 2: 95% of true parent->child edges on the generator score above it, almost no
    # pair of different stories does.
    min_score: float = 0.88
    # Edges below this score must be supported by a common neighbour (or not be a bridge) to survive.
    strong_score: float = 0.95
    # Optional: inside a component, drop an edge more than this many logit units below the best edge of
    # both its ends. Off by default: on four generator corpora (seeds 41, 42, 21, 22; ~7,900 documents)
    # it dropped 650 same-story edges and 1 cross-story edge, and switching it off raised pairwise F1 by
    # 0.006-0.017 with no new merged clusters; weak-bridge splitting already cuts links below
    # strong_score that join two groups.
    relative_margin: float | None = None
    # Translation edges: ordered names and numbers of the pair agree (first mentions, LCS over the
    # shorter list), and so do the numbers of the text quoting fewer of them. On short texts (under ten
    # distinct names and numbers) anchor order is noise: same-topic stories line up as well as copies.
    translation_anchor_overlap: float = 0.6
    translation_number_agreement: float = 0.5
    translation_min_anchors: int = 10
    # ... and at least this many when the numbers cannot corroborate (the text quoting fewer numbers
    # quotes fewer than two): same-topic stories share a small cast of names.
    translation_min_anchors_uncorroborated: int = 16
    # ... or, the same rule over the names alone (anchors capitalised inside a sentence somewhere in
    # their text, and numbers): their order must agree at least this much. A translation renders the
    # ordinary words that open its source's sentences ("Frankly", "Residents"), which then fail to line
    # up; the names it keeps. Null: off.
    translation_name_overlap: float | None = 0.75
    # ... or over the names both texts have (verify.translation_by_shared_names): at least
    # translation_min_shared of them, making translation_shared_share of the names of the text with
    # fewer, translation_shared_order of them in one order. Real translations render capitalised words
    # that are not names (German nouns, English weekdays and institutions) and rename places, which
    # leaves their kept names at 0.6-0.8 over the shorter list. Null: off.
    translation_shared_order: float | None = 0.9
    translation_min_shared: int = 12
    translation_shared_share: float = 0.6
    # ... or, for a text too short for those counts (verify.translation_by_entities): every name of the
    # text with fewer in the other, in one order, in at least this many separate runs of adjacent names
    # in both texts (a body's name of several words is one run), anchors in order at least
    # translation_anchor_overlap, numbers agreeing. Null: off.
    translation_min_entities: int | None = 6
    # A shared passage: a pair scoring at least passage_min_score (but under min_score) is one story when
    # the shorter text has at least passage_min_words words, and passage_min_share of its words, inside
    # runs of passage_run words found in the other text, outside quotation marks. A newspaper that uses
    # part of the agency copy between its own paragraphs shares whole paragraphs; independent stories of
    # one event share quotes and stock phrases, not 16 words in a row outside quotes (on the generator
    # at most 20 such words between an original and its hard negatives; 0 between same-topic stories).
    # passage_min_score null (or >= min_score): off.
    passage_min_score: float | None = 0.5
    passage_run: int = 16
    passage_min_words: int = 40
    passage_min_share: float = 0.15
    # ... in at least this many separate stretches: a newspaper that used the copy took several of its
    # paragraphs; one shared paragraph is what a series' background paragraph or a boilerplate looks like.
    passage_min_runs: int = 2
    # Long passages: a pair scoring at least long_passage_min_score is one story when at least
    # passage_min_words words of the shorter text lie in runs of long_passage_run words outside quotes
    # that the other text has too, in at least passage_min_runs stretches, whatever their share of the
    # text. A newspaper's own story that takes a third of its sentences from the agency copy, editing
    # some of them, keeps whole sentences of it word for word, but its own reporting dilutes every other
    # measure (hand-made agency reuse in tests/data/agency: scores 0.31-0.49, share 0.146); stories of
    # one event written afresh share stock clauses, not two runs of 20 words: over the generator's
    # 5,427 pairs of a hard negative and a member of its event's story (seeds 21, 42, 9), at most one
    # run, 28 words, where 16-word runs reach 50 words in three. Null: off.
    long_passage_min_score: float | None = 0.2
    long_passage_run: int = 20
    # Sentence by sentence: a pair scoring at least passage_min_score (but under min_score) is one story
    # when at least sentence_min_covered sentences of the text with fewer sentences, and
    # sentence_min_share of them, each have a sentence of the other text that shares sentence_match of
    # their content words (Jaccard), in the same order. Spinning and machine translation reword every
    # sentence in place; independent stories of one event share quotes and stock phrases, not the order
    # of a dozen sentences. Sentences mostly inside quotation marks do not count. Null: off.
    sentence_min_covered: int | None = 10
    sentence_min_share: float = 0.4
    sentence_match: float = 0.3
    # Sentences reworded out of place (verify.displaced_rewording): a `rewrite` edge is dropped before
    # clustering when at least displaced_min sentences of the text with fewer sentences, and
    # displaced_share of those with a partner (sentence_match), are both out of the partners' order and
    # reworded (under verbatim_sentence of their content words shared), unless the pair shares a
    # passage (the shared-passage rule above holds) or the sentence-order rule below holds. One
    # rewriting step rewords sentences in place or moves them unchanged; stories of one event written
    # afresh from the same stock sentences do both. A paper that used part of the copy between its own
    # reporting does both too, and keeps whole paragraphs of it (in order, when OCR noise or a spin
    # breaks the passage). Null: off.
    displaced_min: int | None = 3
    displaced_share: float = 0.4
    verbatim_sentence: float = 0.9
    # A text this short (words) says little by its score: one templated sentence of another story lines
    # up with it as well as its source does. It is kept only as a verbatim cut: at least
    # short_containment of its character 5-grams in the other text (across languages: unchanged).
    short_words: int = 20
    short_containment: float = 0.9

    def __post_init__(self) -> None:
        if self.min_anchors < 1:
            raise ValueError("min_anchors must be >= 1")
        if self.relative_margin is not None and self.relative_margin <= 0:
            raise ValueError("relative_margin must be > 0 (or null: off)")
        for name in (
            "min_score",
            "strong_score",
            "translation_anchor_overlap",
            "translation_number_agreement",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0.0, 1.0], got {value}")
        if self.strong_score < self.min_score:
            raise ValueError("strong_score must be >= min_score")
        if self.translation_min_anchors < 1:
            raise ValueError("translation_min_anchors must be >= 1")
        if self.displaced_min is not None and self.displaced_min < 1:
            raise ValueError("displaced_min must be >= 1 (or null: off)")
        for name in ("displaced_share", "verbatim_sentence"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0.0, 1.0], got {value}")
        if self.translation_name_overlap is not None and not 0.0 <= self.translation_name_overlap <= 1.0:
            raise ValueError("translation_name_overlap must be in [0.0, 1.0] (or null: off)")
        if self.translation_shared_order is not None and not 0.0 <= self.translation_shared_order <= 1.0:
            raise ValueError("translation_shared_order must be in [0.0, 1.0] (or null: off)")
        if not 0.0 <= self.translation_shared_share <= 1.0:
            raise ValueError(
                f"translation_shared_share must be in [0.0, 1.0], got {self.translation_shared_share}"
            )
        if self.translation_min_entities is not None and self.translation_min_entities < 2:
            raise ValueError("translation_min_entities must be >= 2 (or null: off)")
        if self.translation_min_shared < 1:
            raise ValueError("translation_min_shared must be >= 1")
        if self.passage_min_score is not None and not 0.0 < self.passage_min_score <= 1.0:
            raise ValueError("passage_min_score must be in (0.0, 1.0] (or null: off)")
        if self.passage_run < 3:
            raise ValueError("passage_run must be >= 3")
        if self.passage_min_words < self.passage_run:
            raise ValueError("passage_min_words must be >= passage_run")
        if self.passage_min_runs < 1:
            raise ValueError("passage_min_runs must be >= 1")
        if not 0.0 <= self.passage_min_share <= 1.0:
            raise ValueError(f"passage_min_share must be in [0.0, 1.0], got {self.passage_min_share}")
        if self.long_passage_min_score is not None and not 0.0 < self.long_passage_min_score <= 1.0:
            raise ValueError("long_passage_min_score must be in (0.0, 1.0] (or null: off)")
        if not 3 <= self.long_passage_run <= self.passage_min_words:
            raise ValueError("long_passage_run must be >= 3 and <= passage_min_words")
        if self.short_words < 0 or not 0.0 <= self.short_containment <= 1.0:
            raise ValueError("need short_words >= 0 and short_containment in [0.0, 1.0]")
        if self.translation_min_anchors_uncorroborated < self.translation_min_anchors:
            raise ValueError("translation_min_anchors_uncorroborated must be >= translation_min_anchors")


@dataclass(frozen=True)
class MatchConfig:
    """Every matching parameter of a run. Frozen; ``str(cfg)`` is its fingerprint."""

    char_ngram: int = 5
    lead_words: int = 25
    views: tuple[ViewConfig, ...] = (
        ViewConfig("chars", bands=24, rows=5),
        ViewConfig("anchors", bands=60, rows=2),
        ViewConfig("lead", bands=32, rows=4),
        ViewConfig("numbers", bands=20, rows=3),
    )
    seed: int = 1
    scheme: str = "affine32"
    # A band bucket with more members than this is not paired but chained in id order (counted and
    # reported): it is boilerplate, a mass-duplicated text or a pair of very common names, and pairing it
    # would be quadratic. At 200, buckets of 51-200 members made 41% of the 540,297 candidate pairs of
    # 20,000 generated documents and 46 of their 27,662 edges (0.17%); the 2,000-document evaluation
    # corpora have no such bucket.
    max_bucket: int = 50
    # Documents with fewer matching characters than this are rejected as near-empty; one that credits
    # an outlet needs only min_chars_credited (a teaser: its first sentence and "Read the rest at AP").
    min_chars: int = 80
    min_chars_credited: int = 40
    # A story-like line is its site's template (moved to chrome_lines) when it is on at least this many
    # of the site's pages and on at least this share of them (see core.templates).
    template_min_pages: int = 3
    template_min_share: float = 0.1
    # An anchor bigram on more than this share of the corpus's documents, and on more than
    # ``common_anchor_min_docs`` of them, is common (an agency's or a city's name: "food drug",
    # "white house") and left out of the ``anchors`` view's signature. Such bigrams made most of that
    # view's band collisions between different stories, and their number grows with the corpus (see
    # core.shingles.common_anchors). 1.0 keeps every bigram.
    common_anchor_share: float = 0.005
    common_anchor_min_docs: int = 50
    # A character n-gram on more than this share of the documents sampled for it, and on more than
    # ``common_gram_min_docs`` of them, is common (function words and the corpus's stock phrases: "of
    # th", "said ", " the ") and left out of the ``chars`` and ``lead`` views' signatures. Unrelated
    # news texts share ~0.2 of their character 5-grams through such n-grams, so with them every view of
    # character n-grams paired a share of all the corpus's pairs of documents, a number that grows with
    # the corpus's square (see core.shingles.common_grams). Counted on up to ``common_gram_sample``
    # documents chosen by a hash of their id. Null: off (every n-gram is signed).
    common_gram_share: float | None = 0.05
    common_gram_min_docs: int = 50
    common_gram_sample: int = 5_000
    # Documents longer than this (characters, before normalisation) are rejected as absurd.
    max_chars: int = 2_000_000
    # Clusters larger than this are reported as a failure (chaining), never silently accepted.
    giant_cluster: int = 500
    # A document with fewer matching words than this cannot vouch that two groups are one story: where it
    # is their only link, it stays with the group it is most strongly linked to (core.components).
    hub_max_words: int = 40
    # A part of a story (an excerpt, a trimmed copy) weakly linked to at least twice as long texts that
    # hold its text at least this much less than the story's best-holding member does loses those links
    # (core.components.split_part_hubs): the long texts are another story of the event. On generator
    # seeds 21 / 22 / 71, the partial-use corpora and 9,793 documents it dropped 11 links, all between an
    # excerpt and a same-event story, and no same-story link (0.05-0.1 gave the same; 0.2 kept one).
    # Since the character views leave out common 5-grams, it also applies where the far side has two or
    # more texts: on 19 generator corpora it then dropped 23 links, 3 of them within one story (11 and
    # 2 on 18 of them when only a single text on the far side counted). The same gap applies from the far
    # end: a text whose two or more links all go to parts at most half its length, each held better by a
    # longer text of its story, loses them all (seed 92: 2 links dropped, nothing else on 19 corpora).
    # Twins of a part (each holding >= 0.95 of the other) count as one text (seed 9: 2 more links).
    # Null: off.
    part_hub_gap: float | None = 0.1
    # A page made of two stories (a story with the next article under it, a scraper's page of two
    # articles) loses its links to the story whose headline it does not have, when each story's texts lie whole
    # inside it, none holds most of it, the two fill it and their headlines differ
    # (core.components.split_joined_pages). Without it, every such page merged its two stories (30 pages
    # joining two originals of generator seed 21: 26 merged clusters; with it none).
    joined_pages: bool = True
    # Rounds of distributed connected components before the counted fallback.
    cc_rounds: int = 12
    verify: VerifyConfig = field(default_factory=VerifyConfig)

    def __post_init__(self) -> None:
        if not 0 <= self.seed < 2**32:
            raise ValueError(f"seed must be in [0, 2**32), got {self.seed}")
        if self.scheme not in SCHEMES:
            raise ValueError(f"scheme must be one of {SCHEMES}, got {self.scheme!r}")
        if not 2 <= self.char_ngram <= 12:
            raise ValueError(f"char_ngram must be in [2, 12], got {self.char_ngram}")
        if self.lead_words < 10:
            raise ValueError(f"lead_words must be >= 10, got {self.lead_words}")
        names = [v.name for v in self.views]
        if len(set(names)) != len(names) or not names:
            raise ValueError(f"views must be non-empty and distinct, got {names}")
        if self.max_bucket < 2:
            raise ValueError(f"max_bucket must be >= 2, got {self.max_bucket}")
        if self.min_chars < 1 or self.max_chars <= self.min_chars:
            raise ValueError("need 1 <= min_chars < max_chars")
        if not 1 <= self.min_chars_credited <= self.min_chars:
            raise ValueError("need 1 <= min_chars_credited <= min_chars")
        if self.template_min_pages < 2:
            raise ValueError(f"template_min_pages must be >= 2, got {self.template_min_pages}")
        if not 0.0 <= self.template_min_share <= 1.0:
            raise ValueError(f"template_min_share must be in [0.0, 1.0], got {self.template_min_share}")
        if not 0.0 < self.common_anchor_share <= 1.0:
            raise ValueError(f"common_anchor_share must be in (0.0, 1.0], got {self.common_anchor_share}")
        if self.common_anchor_min_docs < 1:
            raise ValueError(f"common_anchor_min_docs must be >= 1, got {self.common_anchor_min_docs}")
        if self.common_gram_share is not None and not 0.0 < self.common_gram_share <= 1.0:
            raise ValueError(
                f"common_gram_share must be in (0.0, 1.0] (or null: off), got {self.common_gram_share}"
            )
        if self.common_gram_min_docs < 1:
            raise ValueError(f"common_gram_min_docs must be >= 1, got {self.common_gram_min_docs}")
        if self.common_gram_sample < 1:
            raise ValueError(f"common_gram_sample must be >= 1, got {self.common_gram_sample}")
        if self.cc_rounds < 1:
            raise ValueError("cc_rounds must be >= 1")
        if self.hub_max_words < 0:
            raise ValueError(f"hub_max_words must be >= 0, got {self.hub_max_words}")
        if self.part_hub_gap is not None and not 0.0 <= self.part_hub_gap <= 1.0:
            raise ValueError(f"part_hub_gap must be in [0.0, 1.0] (or null: off), got {self.part_hub_gap}")

    def least_chars(self, credited: bool) -> tuple[str, int]:
        """The fewest matching characters a document keeps, and the setting's name: ``min_chars``, or
        ``min_chars_credited`` for one that credits an outlet."""
        if credited:
            return "min_chars_credited", self.min_chars_credited
        return "min_chars", self.min_chars

    def view(self, name: str) -> ViewConfig:
        for v in self.views:
            if v.name == name:
                return v
        raise KeyError(name)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> MatchConfig:
        """A config from JSON data; a ``ValueError`` whose message names the setting at fault (an
        unknown name, a value of the wrong type) rather than Python's own."""
        data = dict(_settings(cls, data, "the config"))
        if "views" in data:
            if not isinstance(data["views"], (list, tuple)):
                raise ValueError("views must be a list of views")
            data["views"] = tuple(ViewConfig(**_settings(ViewConfig, v, "a view")) for v in data["views"])
        if "verify" in data:
            data["verify"] = VerifyConfig(**_settings(VerifyConfig, data["verify"], "verify"))
        return cls(**data)

    def __str__(self) -> str:
        return self.fingerprint

    @cached_property
    def fingerprint(self) -> str:
        """Views, seed, scheme and a digest of every parameter; computed once (every output row has it)."""
        views = "_".join(f"{v.name}{v.bands}x{v.rows}" for v in self.views)
        digest = hashlib.sha1(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()[:10]
        return f"c{self.char_ngram}_{views}_s{self.seed}_{self.scheme}_{digest}"


def _settings(kind: type, data: object, what: str) -> dict:
    """``data`` checked against the settings of dataclass ``kind``: an object, of known names, numbers
    where the defaults are numbers and text where they are text."""
    if not isinstance(data, dict):
        raise ValueError(f"{what} must be a JSON object of settings, got {type(data).__name__}")
    known = {f.name: f for f in dataclasses.fields(kind)}
    for name, value in data.items():
        if name not in known:
            raise ValueError(f"unknown setting {name!r} in {what}; known: {', '.join(sorted(known))}")
        f = known[name]
        annotation = str(f.type)
        if value is None:
            ok = "None" in annotation
        elif annotation.startswith("bool"):
            ok = isinstance(value, (bool, int))  # JSON's 1 / 0 read as true / false, as before
        elif annotation.startswith(("int", "float")):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif annotation.startswith("str"):
            ok = isinstance(value, str)
        else:
            ok = True
        if not ok:
            raise ValueError(f"{name} must be {annotation.split(' ')[0]}, got {value!r}")
    return data
