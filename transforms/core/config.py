"""The one frozen configuration of a run: every parameter that changes which rows come out.

The fingerprint (``str(cfg)``) is written into the manifest and into every output row, so an auditor can
tell which settings produced a row.

LSH maths, per view: a pair whose view-Jaccard is ``s`` becomes a candidate with probability
``1 - (1 - s**rows) ** bands``; the S-curve's midpoint is about ``(1 / bands) ** (1 / rows)``.
With the defaults:

* ``chars``   (character 5-grams, 30 bands x 4 rows): midpoint ~0.43, P(candidate | J=0.25) = 0.11,
  P(J=0.35) = 0.37, P(J=0.5) = 0.86.  Near copies and light spins.
* ``words``   (content-word unigrams, 32 bands x 3 rows): midpoint ~0.31; spinning replaces a minority of
  content words, so this view keeps spun and MT-perturbed copies (J ~ 0.5) at P ~ 0.98.
* ``anchors`` (names, numbers and quoted words, in order, as bigrams; 32 bands x 2 rows): midpoint ~0.18.
  Names and numbers survive spinning, machine translation and translation into another language.
* ``lead``    (character 5-grams of the first ``lead_words`` words; 24 bands x 4 rows): a truncated
  excerpt keeps the lead, so its lead matches the source's lead even when whole-text Jaccard is ~0.2.

The verification thresholds are in :class:`VerifyConfig`; they decide edges from exact set measures, not
from the sketches, so the LSH parameters only trade recall of candidates against their number.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field

import datasketch

SCHEMES = ("affine32",)
VIEW_NAMES = ("chars", "words", "anchors", "lead")


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
    """Thresholds that turn a candidate pair into a verified edge (see transforms.core.verify)."""

    # A derived copy shares long runs of words with its source throughout the shorter text; independent
    # stories of the same event share names and short quotes only.
    min_score: float = 0.45
    # Edges below this score must be supported by a common neighbour to survive clustering.
    strong_score: float = 0.6
    # Translation edges: ordered anchors (names, numbers) of the shorter text found in the longer one.
    translation_anchor_overlap: float = 0.6
    translation_min_anchors: int = 8

    def __post_init__(self) -> None:
        for name in ("min_score", "strong_score", "translation_anchor_overlap"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0.0, 1.0], got {value}")
        if self.strong_score < self.min_score:
            raise ValueError("strong_score must be >= min_score")
        if self.translation_min_anchors < 1:
            raise ValueError("translation_min_anchors must be >= 1")


@dataclass(frozen=True)
class MatchConfig:
    """Every matching parameter of a run. Frozen; ``str(cfg)`` is its fingerprint."""

    char_ngram: int = 5
    lead_words: int = 80
    views: tuple[ViewConfig, ...] = (
        ViewConfig("chars", bands=30, rows=4),
        ViewConfig("words", bands=32, rows=3),
        ViewConfig("anchors", bands=32, rows=2),
        ViewConfig("lead", bands=24, rows=4),
    )
    seed: int = 1
    scheme: str = "affine32"
    # A band bucket with more members than this is not paired (counted and reported instead): it is
    # boilerplate or a mass-duplicated text, and pairing it would be quadratic.
    max_bucket: int = 200
    # Documents with fewer matching characters than this are rejected as near-empty.
    min_chars: int = 80
    # Documents longer than this (characters, before normalisation) are rejected as absurd.
    max_chars: int = 2_000_000
    # Clusters larger than this are reported as a failure (chaining), never silently accepted.
    giant_cluster: int = 500
    # Rounds of distributed connected components before the counted fallback.
    cc_rounds: int = 12
    verify: VerifyConfig = field(default_factory=VerifyConfig)

    def __post_init__(self) -> None:
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
        if self.cc_rounds < 1:
            raise ValueError("cc_rounds must be >= 1")

    def view(self, name: str) -> ViewConfig:
        for v in self.views:
            if v.name == name:
                return v
        raise KeyError(name)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> MatchConfig:
        data = dict(data)
        if "views" in data:
            data["views"] = tuple(ViewConfig(**v) for v in data["views"])
        if "verify" in data:
            data["verify"] = VerifyConfig(**data["verify"])
        return cls(**data)

    def __str__(self) -> str:
        views = "_".join(f"{v.name}{v.bands}x{v.rows}" for v in self.views)
        digest = hashlib.sha1(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()[:10]
        return f"c{self.char_ngram}_{views}_s{self.seed}_{self.scheme}_{digest}"

    @property
    def fingerprint(self) -> str:
        return str(self)


def datasketch_version() -> str:
    return datasketch.__version__ if hasattr(datasketch, "__version__") else "2"
