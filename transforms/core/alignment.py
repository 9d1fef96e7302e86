"""Word alignment of a source text and its copy: what the copy kept, changed, dropped and added.

``align(old, new)`` runs difflib's ``SequenceMatcher`` over the two word lists (``autojunk=False``: its
popularity heuristic would junk frequent words such as "the" in any text over 200 words, and the
alignment would then skip over whole sentences). Words are compared ignoring case and surrounding
punctuation, so "Rail," and "rail" count as kept; the copy's spelling is what is shown.

The result is cut into passages that follow the copy's paragraphs, which is how a reader compares a
copy with its source:

* ``shared``: a paragraph of the copy with the source words it kept and the spans it changed
  (old words -> new words), dropped (old words only) or added (new words only);
* ``dropped``: whole paragraphs of the source the copy does not have (an excerpt's missing tail);
* ``added``: whole paragraphs of the copy the source does not have.

Pure: no I/O, no Beam. Rendering for a terminal lives in ``pipeline.trace_command``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

KEPT, CHANGED, DROPPED, ADDED = "kept", "changed", "dropped", "added"
SHARED = "shared"

_EDGE_PUNCT = re.compile(r"^\W+|\W+$", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    """A run of words: ``kept`` (old == new), ``changed`` (old -> new), ``dropped`` (old only), ``added``."""

    op: str
    old: tuple[str, ...]
    new: tuple[str, ...]

    def as_record(self) -> dict:
        return {"op": self.op, "old": " ".join(self.old), "new": " ".join(self.new)}


@dataclass(frozen=True)
class Passage:
    """One paragraph of the copy aligned with the source words it came from, or a whole dropped/added
    paragraph. Paragraph numbers count non-empty lines from 0."""

    kind: str  # shared | dropped | added
    old_paragraphs: tuple[int, ...]
    new_paragraph: int | None
    segments: tuple[Segment, ...]

    @property
    def old_text(self) -> str:
        return " ".join(w for s in self.segments for w in s.old)

    @property
    def new_text(self) -> str:
        return " ".join(w for s in self.segments for w in s.new)

    @property
    def kept_words(self) -> int:
        return sum(len(s.new) for s in self.segments if s.op == KEPT)

    @property
    def changes(self) -> int:
        """Spans that differ between source and copy."""
        return sum(1 for s in self.segments if s.op != KEPT)

    def as_record(self) -> dict:
        return {
            "kind": self.kind,
            "old_paragraphs": list(self.old_paragraphs),
            "new_paragraph": self.new_paragraph,
            "kept_words": self.kept_words,
            "changes": self.changes,
            "old": self.old_text,
            "new": self.new_text,
            "segments": [s.as_record() for s in self.segments],
        }


@dataclass(frozen=True)
class Alignment:
    """The passages of a source/copy pair, in the copy's order, and a summary of what was kept."""

    passages: tuple[Passage, ...]
    old_words: int
    new_words: int

    def _words(self, op: str, side: str) -> int:
        return sum(len(getattr(s, side)) for p in self.passages for s in p.segments if s.op == op)

    @property
    def kept_words(self) -> int:
        return self._words(KEPT, "new")

    @property
    def kept_share(self) -> float:
        """Share of the source's words that the copy kept."""
        return self.kept_words / self.old_words if self.old_words else 0.0

    @property
    def copied_share(self) -> float:
        """Share of the copy's words that come unchanged from the source."""
        return self.kept_words / self.new_words if self.new_words else 0.0

    @property
    def substitutions(self) -> int:
        """Spans where the copy replaced source words with others (a synonym swap is one)."""
        return sum(1 for p in self.passages for s in p.segments if s.op == CHANGED)

    def summary(self) -> dict:
        return {
            "old_words": self.old_words,
            "new_words": self.new_words,
            "kept_words": self.kept_words,
            "kept_share": round(self.kept_share, 4),
            "copied_share": round(self.copied_share, 4),
            "substitutions": self.substitutions,
            "substituted_words": self._words(CHANGED, "old"),
            "dropped_words": self._words(DROPPED, "old"),
            "added_words": self._words(ADDED, "new"),
            "dropped_paragraphs": sum(len(p.old_paragraphs) for p in self.passages if p.kind == DROPPED),
            "added_paragraphs": sum(1 for p in self.passages if p.kind == ADDED),
        }

    def as_record(self) -> dict:
        return {"summary": self.summary(), "passages": [p.as_record() for p in self.passages]}


def paragraph_words(text: str) -> list[list[str]]:
    """Words (whitespace-separated, as written) of each non-empty line."""
    return [line.split() for line in text.split("\n") if line.strip()]


def word_key(word: str) -> str:
    """What two words are compared by: lowercased, without leading and trailing punctuation."""
    lowered = word.lower()
    return _EDGE_PUNCT.sub("", lowered) or lowered


def _flatten(paragraphs: list[list[str]]) -> tuple[list[str], list[int], set[int]]:
    words, para_of, starts = [], [], set()
    for number, para in enumerate(paragraphs):
        starts.add(len(words))
        words += para
        para_of += [number] * len(para)
    return words, para_of, starts


def _cut(lo: int, hi: int, para_of: list[int]) -> list[tuple[int, int]]:
    """``[lo, hi)`` split where the paragraph changes."""
    pieces, start = [], lo
    for k in range(lo + 1, hi):
        if para_of[k] != para_of[k - 1]:
            pieces.append((start, k))
            start = k
    if hi > start:
        pieces.append((start, hi))
    return pieces


def _whole(lo: int, hi: int, para_of: list[int], starts: set[int], n: int) -> bool:
    """``[lo, hi)`` is exactly one paragraph."""
    return lo in starts and (hi == n or hi in starts) and para_of[lo] == para_of[hi - 1]


def _pieces(a: list[str], b: list[str], pa: list[int], pb: list[int]) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher opcodes cut at paragraph boundaries: each piece lies in one copy paragraph (or,
    if it has no copy words, one source paragraph)."""
    matcher = SequenceMatcher(None, [word_key(w) for w in a], [word_key(w) for w in b], autojunk=False)
    pieces = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces += [(KEPT, i1 + lo - j1, i1 + hi - j1, lo, hi) for lo, hi in _cut(j1, j2, pb)]
            continue
        crosses = (i2 > i1 and pa[i1] != pa[i2 - 1]) or (j2 > j1 and pb[j1] != pb[j2 - 1])
        if tag == "replace" and not crosses:
            pieces.append((CHANGED, i1, i2, j1, j2))
            continue
        # A change spanning paragraphs reads better as what went and what came, paragraph by paragraph.
        pieces += [(DROPPED, lo, hi, j1, j1) for lo, hi in _cut(i1, i2, pa)]
        pieces += [(ADDED, i2, i2, lo, hi) for lo, hi in _cut(j1, j2, pb)]
    return pieces


def align(old: str, new: str) -> Alignment:
    """Align source text ``old`` with copy ``new`` (paragraphs are non-empty lines) into passages."""
    a, pa, starts_a = _flatten(paragraph_words(old))
    b, pb, starts_b = _flatten(paragraph_words(new))
    passages: list[Passage] = []
    current: list[Segment] = []
    current_old: set[int] = set()
    current_new: int | None = None

    def close() -> None:
        nonlocal current, current_old, current_new
        if current:
            passages.extend(_shared(tuple(sorted(current_old)), current_new, _merge(_absorb(current))))
        current, current_old, current_new = [], set(), None

    for op, i1, i2, j1, j2 in _pieces(a, b, pa, pb):
        segment = Segment(op, tuple(a[i1:i2]), tuple(b[j1:j2]))
        if op == DROPPED and _whole(i1, i2, pa, starts_a, len(a)):
            close()
            passages.append(Passage(DROPPED, (pa[i1],), None, (segment,)))
            continue
        if op == ADDED and _whole(j1, j2, pb, starts_b, len(b)):
            close()
            passages.append(Passage(ADDED, (), pb[j1], (segment,)))
            continue
        # Copy words decide the passage; a partial deletion joins the copy paragraph it happened in.
        para = pb[j1] if j2 > j1 else (pb[j1] if j1 < len(b) else (pb[-1] if b else None))
        if current and para != current_new:
            close()
        current_new = para
        current_old.update(pa[i1:i2])
        current.append(segment)
    close()
    return Alignment(_merge_dropped_runs(passages), len(a), len(b))


def _absorb(segments: list[Segment]) -> list[Segment]:
    """A kept run of one or two words between changes is a coincidence ("the", "paragraph"), not a kept
    passage: it becomes part of the change around it."""
    out = list(segments)
    for k, s in enumerate(out):
        if s.op != KEPT or len(s.new) > 2:
            continue
        around = [out[m] for m in (k - 1, k + 1) if 0 <= m < len(out)]
        changed = sum(max(len(n.old), len(n.new)) for n in around)
        if around and all(n.op != KEPT for n in around) and changed >= 4 * len(s.new):
            out[k] = Segment(CHANGED, s.old, s.new)
    return out


def _shared(
    old_paragraphs: tuple[int, ...], new_paragraph: int | None, segments: list[Segment]
) -> list[Passage]:
    """A copy paragraph's passage; with no word kept it is a dropped and an added paragraph instead."""
    if any(s.op == KEPT for s in segments):
        return [Passage(SHARED, old_paragraphs, new_paragraph, tuple(segments))]
    old = tuple(w for s in segments for w in s.old)
    new = tuple(w for s in segments for w in s.new)
    passages = [Passage(DROPPED, old_paragraphs, None, (Segment(DROPPED, old, ()),))] if old else []
    if new:
        passages.append(Passage(ADDED, (), new_paragraph, (Segment(ADDED, (), new),)))
    return passages


def _merge(segments: list[Segment]) -> list[Segment]:
    """Adjacent dropped and added words inside one passage are one change (old -> new)."""
    merged: list[Segment] = []
    for s in segments:
        if merged and s.op != KEPT and merged[-1].op != KEPT:
            last = merged.pop()
            s = Segment(CHANGED, last.old + s.old, last.new + s.new)
        merged.append(s)
    return [Segment(DROPPED, s.old, ()) if s.op == CHANGED and not s.new else s for s in merged]


def _merge_dropped_runs(passages: list[Passage]) -> tuple[Passage, ...]:
    """Consecutive dropped paragraphs become one passage (an excerpt drops its whole tail at once)."""
    out: list[Passage] = []
    for p in passages:
        if out and p.kind == DROPPED and out[-1].kind == DROPPED:
            last = out.pop()
            seg = Segment(DROPPED, last.segments[0].old + p.segments[0].old, ())
            p = Passage(DROPPED, last.old_paragraphs + p.old_paragraphs, None, (seg,))
        out.append(p)
    return tuple(out)


def informative(alignment: Alignment, limit: int) -> list[Passage]:
    """At most ``limit`` passages worth reading first, in text order: passages that mix kept and changed
    words (they show how the copy was rewritten), then dropped or added paragraphs, then verbatim ones."""
    order = sorted(
        range(len(alignment.passages)),
        key=lambda k: _interest(alignment.passages[k]) + (k,),
    )
    return [alignment.passages[k] for k in sorted(order[: max(limit, 0)])]


def _interest(p: Passage) -> tuple:
    if p.kind == SHARED and p.changes and p.kept_words:
        return (0, -p.changes)
    if p.kind != SHARED:
        return (1, 0)
    if p.changes:  # rewritten beyond recognition: nothing kept
        return (2, 0)
    return (3, 0)
