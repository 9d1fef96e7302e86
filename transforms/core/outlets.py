"""The outlet registry: canonical outlet names, their roles, and the aliases that name them in text.

The registry is data (``transforms/data/outlets.tsv``); users extend it with their own TSV of the same
format (``provenance run --outlets FILE``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

ROLES = ("agency", "publisher", "aggregator", "scraper")
# How strongly an outlet's role argues for being a root: agencies write original copy, aggregators don't.
ROLE_ROOT_PRIOR = {"agency": 1.0, "publisher": 0.5, "aggregator": -0.5, "scraper": -1.0}


@dataclass(frozen=True)
class Outlet:
    canonical: str
    role: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Registry:
    """Canonical outlets and a compiled alias matcher. Build with :func:`load_registry`."""

    outlets: tuple[Outlet, ...]
    _by_alias: dict = field(default_factory=dict, compare=False, repr=False)
    _pattern: re.Pattern | None = field(default=None, compare=False, repr=False)

    def canonical(self, name: str | None, *, fuzzy: bool = False) -> str | None:
        """The canonical name for an outlet name or alias; an unknown non-empty name is returned cleaned.

        ``fuzzy`` also accepts a close misspelling of a long alias (for names read from a text's cues).
        """
        if not name:
            return None
        cleaned = " ".join(name.strip().strip(".,;:").split())
        if not cleaned:
            return None
        hit = self._by_alias.get(cleaned.lower())
        if hit:
            return hit
        if cleaned.lower().startswith("the "):
            hit = self._by_alias.get(cleaned.lower()[4:])
            if hit:
                return hit
        if fuzzy:
            return self._near_alias(cleaned.lower()) or cleaned
        return cleaned

    def _near_alias(self, name: str) -> str | None:
        """The outlet whose alias ``name`` misspells (OCR noise: "Thc As5ociated Press"): at most one
        edit per eight characters, aliases of eight characters or more, and only one outlet that close."""
        if len(name) < 8:
            return None
        budget = len(name) // 8
        hits = {
            outlet
            for alias, outlet in self._by_alias.items()
            if len(alias) >= 8 and abs(len(alias) - len(name)) <= budget and _within(alias, name, budget)
        }
        return hits.pop() if len(hits) == 1 else None

    def known(self, name: str | None) -> bool:
        return bool(name) and name.strip().lower() in self._by_alias

    def role(self, canonical: str | None) -> str | None:
        for outlet in self.outlets:
            if outlet.canonical == canonical:
                return outlet.role
        return None

    def find(self, text: str) -> list[str]:
        """Canonical names of the registry outlets named in ``text``, in order of first mention."""
        if self._pattern is None:
            return []
        seen: list[str] = []
        for match in self._pattern.finditer(text):
            name = self._by_alias[match.group(0).lower()]
            if name not in seen:
                seen.append(name)
        return seen


def _within(a: str, b: str, budget: int) -> bool:
    """Whether the edit distance between ``a`` and ``b`` is at most ``budget`` (banded Levenshtein)."""
    if abs(len(a) - len(b)) > budget:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > budget:
            return False
        previous = current
    return previous[-1] <= budget


def parse_registry(text: str) -> list[Outlet]:
    """Rows of an outlets TSV (``canonical<TAB>role<TAB>alias|alias``); '#' lines and the header skipped."""
    outlets = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#") or line.startswith("canonical\t"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3:
            raise ValueError(
                f"outlet registry line {number}: expected 3 tab-separated fields, got {len(parts)}"
            )
        canonical, role, aliases = (p.strip() for p in parts)
        if role not in ROLES:
            raise ValueError(f"outlet registry line {number}: role must be one of {ROLES}, got {role!r}")
        names = tuple(a.strip() for a in aliases.split("|") if a.strip())
        outlets.append(Outlet(canonical, role, names + ((canonical,) if canonical not in names else ())))
    return outlets


def build_registry(outlets: list[Outlet]) -> Registry:
    merged: dict[str, Outlet] = {}
    for outlet in outlets:
        if outlet.canonical in merged:
            old = merged[outlet.canonical]
            outlet = Outlet(outlet.canonical, outlet.role, old.aliases + outlet.aliases)
        merged[outlet.canonical] = outlet
    by_alias = {}
    for outlet in merged.values():
        for alias in outlet.aliases:
            by_alias[alias.lower()] = outlet.canonical
    # Longest aliases first so "Associated Press" wins over "AP"; short all-caps aliases must match case.
    aliases = sorted(by_alias, key=len, reverse=True)
    parts = []
    for alias in aliases:
        original = next(a for o in merged.values() for a in o.aliases if a.lower() == alias)
        escaped = re.escape(original)
        parts.append(escaped if len(original) <= 4 and original.isupper() else f"(?i:{escaped})")
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(parts) + r")(?![\w])") if parts else None
    return Registry(tuple(merged.values()), by_alias, pattern)


def load_registry(extra: str | Path | None = None) -> Registry:
    """The built-in registry, extended by the TSV at ``extra`` if given."""
    text = resources.files("transforms").joinpath("data/outlets.tsv").read_text(encoding="utf-8")
    outlets = parse_registry(text)
    if extra:
        path = Path(extra)
        if not path.is_file():
            raise FileNotFoundError(f"outlet registry {path} does not exist")
        outlets += parse_registry(path.read_text(encoding="utf-8"))
    return build_registry(outlets)
