"""The outlet registry: canonical outlet names, their roles, and the aliases that name them in text.

The registry is data (``transforms/data/outlets.tsv``); users extend it with their own TSV of the same
format (``provenance run --outlets FILE``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

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
    # The longest letter-or-digit run of every alias, lower-cased: a text with none names no outlet.
    _key_runs: frozenset = field(default=frozenset(), compare=False, repr=False)
    _roles: dict = field(default_factory=dict, compare=False, repr=False)
    # Answers of find and of the fuzzy lookup: chrome and credit lines repeat across a site's pages.
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    def canonical(self, name: str | None, *, fuzzy: bool = False) -> str | None:
        """The canonical name for an outlet name or alias; an unknown non-empty name is returned cleaned
        (spaces collapsed, edge punctuation and a leading "The" removed).

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
            # An unknown outlet is the same outlet with or without its article: a page's own "The
            # Pinefield Courier" and a copy's "Source: Pinefield Courier" name one site.
            if len(cleaned) > 4:
                cleaned = cleaned[4:]
        if fuzzy:
            return self._near_alias(cleaned.lower()) or cleaned
        return cleaned

    def _near_alias(self, name: str) -> str | None:
        """The outlet whose alias ``name`` misspells (OCR noise: "Thc As5ociated Press"): at most one
        edit per eight characters, aliases of eight characters or more, and only one outlet that close."""
        if len(name) < 8:
            return None
        key = ("near", name)
        found = self._memo.get(key, _UNSEEN)
        if found is _UNSEEN:
            budget = len(name) // 8
            hits = {
                outlet
                for alias, outlet in self._by_alias.items()
                if len(alias) >= 8 and abs(len(alias) - len(name)) <= budget and _within(alias, name, budget)
            }
            found = hits.pop() if len(hits) == 1 else None
            self._remember(key, found)
        return found

    def _remember(self, key: tuple, value) -> None:
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[key] = value

    def known(self, name: str | None) -> bool:
        return bool(name) and name.strip().lower() in self._by_alias

    def role(self, canonical: str | None) -> str | None:
        return self._roles.get(canonical)

    def mentions(self, text: str):
        """The registry's alias matches in ``text``, in order (``re.Match`` objects)."""
        return iter(()) if self._pattern is None else self._pattern.finditer(text)

    def find(self, text: str) -> list[str]:
        """Canonical names of the registry outlets named in ``text``, in order of first mention."""
        if self._pattern is None or self._key_runs.isdisjoint(_RUNS.findall(text.lower())):
            return []
        key = ("find", text)
        found = self._memo.get(key)
        if found is None:
            seen: list[str] = []
            for match in self._pattern.finditer(text):
                name = self._by_alias[match.group(0).lower()]
                if name not in seen:
                    seen.append(name)
            found = tuple(seen)
            self._remember(key, found)
        return list(found)


_MEMO_SIZE = 100_000
_UNSEEN = object()

# Second-level labels under a country code that are not a site's own name ("bbc.co.uk", "abc.net.au").
_PUBLIC_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "gob", "or", "ne"}
_HOST_PREFIXES = ("www.", "www2.", "m.", "amp.", "mobile.")


def is_page_address(value: object) -> bool:
    """A page's address: a scheme and a dotted host ("https://www.latimes.com/story"), or "www." and a
    path ("www.latimes.com/story"), and no spaces. A bare host name names a site (:func:`is_host_name`).
    String tests, not a regex: one backtracked quadratically on a long field of dots."""
    if not isinstance(value, str):
        return False
    value = value.strip()
    if not value or any(ch.isspace() for ch in value):
        return False
    lowered = value[:8].lower()
    if lowered.startswith(("http://", "https://")):
        return "." in value
    return lowered.startswith("www.") and "/" in value and "." in value.split("/", 1)[0][4:]


def _is_label(label: str) -> bool:
    return label.isascii() and label.replace("-", "").isalnum() and label[0] != "-" and label[-1] != "-"


def is_host_name(value: object) -> bool:
    """A host name ("www.latimes.com", "news.example.co.uk", a trailing dot allowed): dotted labels of
    ASCII letters, digits and inner hyphens, the last one two letters or more."""
    if not isinstance(value, str):
        return False
    labels = value.strip().removesuffix(".").split(".")
    tld = labels[-1]
    return (
        len(labels) > 1
        and len(tld) > 1
        and tld.isascii()
        and tld.isalpha()
        and all(_is_label(label) for label in labels[:-1])
    )


def names_a_site(value: object) -> bool:
    """An outlet field that names a site rather than an outlet: a host name or a page's address (its
    outlet is then :func:`outlet_of_url`'s)."""
    return is_host_name(value) or is_page_address(value)


def site_of_url(url: str | None) -> str | None:
    """The site a URL belongs to: its host without ``www.``-like prefixes, lower-cased; None for a
    missing or host-less URL."""
    if not url or "." not in url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host or "." not in host or host.replace(".", "").isdigit() or ":" in host:
        return None  # no dotted name, or an IP address
    host = host.lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
            break
    return host


def outlet_of_url(url: str | None, registry: Registry) -> str | None:
    """The outlet a URL's site is: the registry outlet whose domain alias is the host or a parent domain
    of it ("edition.cnn.com" -> CNN), else the site's registrable domain ("news.example.co.uk" ->
    "example.co.uk"), so pages of one unregistered site share an outlet."""
    host = site_of_url(url)
    if host is None:
        return None
    labels = host.split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if registry.known(candidate):
            return registry.canonical(candidate)
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _PUBLIC_SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


# Letter-or-digit runs. An alias matches only where no word character or dot precedes it and none
# follows it, so a text naming it has every run of the alias among its own runs.
_RUNS = re.compile(r"[^\W_]+")


# Words in many outlets' names (and many chrome lines): a poor key when the name has another.
_GENERIC_RUNS = frozenset("the of and news times daily post press media agency service herald".split())


def _key_run(alias: str) -> str:
    """The run of ``alias`` (lower-cased) least likely to occur in a line that does not name it."""
    runs = _RUNS.findall(alias.lower())
    return max(runs, key=lambda run: (run not in _GENERIC_RUNS, len(run)))


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
    key_runs = frozenset(_key_run(alias) for alias in by_alias if _RUNS.search(alias))
    roles = {outlet.canonical: outlet.role for outlet in merged.values()}
    return Registry(tuple(merged.values()), by_alias, pattern, key_runs, roles)


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
