"""transforms.core.outlets: the outlet registry, its alias matcher and user extensions."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.core.documents import outlet_canonical
from transforms.core.outlets import (
    ROLES,
    Outlet,
    _within,
    build_registry,
    is_host_name,
    is_page_address,
    load_registry,
    names_a_site,
    outlet_of_url,
    parse_registry,
    site_of_url,
)

REGISTRY = load_registry()


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Associated Press", "AP"),
        ("the associated press", "AP"),
        ("AP News", "AP"),
        ("Thomson Reuters", "Reuters"),
        ("LA Times", "Los Angeles Times"),
        ("L.A. Times", "Los Angeles Times"),
        ("The New York Times", "New York Times"),
        ("the  Washington   Post.", "Washington Post"),
        ("Guardian", "The Guardian"),
        ("National Public Radio", "NPR"),
        ("washingtonpost.com", "Washington Post"),
        ("Reuters.com", "Reuters"),
        ("Some Local Paper", "Some Local Paper"),
        # An unknown outlet with or without its article is one site.
        ("The Pinefield Courier", "Pinefield Courier"),
        ("the", "the"),
        ("  ", None),
        (None, None),
    ],
)
def test_canonical(name, canonical):
    assert REGISTRY.canonical(name) == canonical


def test_known_and_role():
    assert REGISTRY.known("Agence France-Presse")
    assert not REGISTRY.known("Some Local Paper")
    assert not REGISTRY.known(None)
    assert REGISTRY.role("AP") == "agency"
    assert REGISTRY.role("Axios") == "publisher"
    assert REGISTRY.role("Some Local Paper") is None
    assert all(o.role in ROLES for o in REGISTRY.outlets)


def test_find_in_order_of_first_mention():
    text = "Reuters and the Associated Press reported it; later Reuters and the LA Times and nytimes.com followed."
    assert REGISTRY.find(text) == ["Reuters", "AP", "Los Angeles Times", "New York Times"]


def test_short_upper_case_alias_matches_case_sensitively():
    assert REGISTRY.find("We drew a map of the valley.") == []
    assert REGISTRY.find("the ap said") == []
    assert REGISTRY.find("Ap said") == []
    assert REGISTRY.find("AP said") == ["AP"]
    assert REGISTRY.find("an ft reader") == []
    assert REGISTRY.find("FT reader") == ["Financial Times"]


def test_long_alias_matches_in_any_case():
    assert REGISTRY.find("THE ASSOCIATED PRESS") == ["AP"]
    assert REGISTRY.find("reuters said") == ["Reuters"]


def test_alias_must_stand_alone():
    assert REGISTRY.find("APEX and CNNMoney and MAPS") == []
    assert REGISTRY.find("(AP) and AP-led") == ["AP"]


def test_longer_alias_wins():
    registry = build_registry(
        parse_registry(
            "Post\tpublisher\tPost\nWashington Post\tpublisher\tWashington Post\nTimes\tpublisher\tTimes\n"
            "New York Times\tpublisher\tNew York Times|NYT\n"
        )
    )
    assert registry.find("The Washington Post and the New York Times agreed.") == [
        "Washington Post",
        "New York Times",
    ]
    assert registry.find("The Post and the Times agreed.") == ["Post", "Times"]


def test_parse_registry_skips_comments_header_and_blanks():
    text = "# comment\ncanonical\trole\taliases\n\nZeta News\tpublisher\tZeta| Zeta Daily |\n"
    assert parse_registry(text) == [Outlet("Zeta News", "publisher", ("Zeta", "Zeta Daily", "Zeta News"))]


def test_extension_adds_an_outlet_and_aliases(tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text(
        "Harbour Gazette\tpublisher\tThe Harbour Gazette|HG\nAP\tagency\tA.P.\nCopyBot\tscraper\tCopyBot\n"
    )
    registry = load_registry(extra)
    assert registry.canonical("the harbour gazette") == "Harbour Gazette"
    assert registry.role("Harbour Gazette") == "publisher"
    assert registry.find("HG reported, citing A.P.") == ["Harbour Gazette", "AP"]
    assert registry.canonical("Associated Press") == "AP"  # built-in aliases kept
    assert registry.role("CopyBot") == "scraper"
    assert REGISTRY.canonical("HG") == "HG"  # the built-in registry is not changed


def test_bad_role_names_the_line(tmp_path):
    extra = tmp_path / "bad.tsv"
    extra.write_text("# mine\nGood One\tpublisher\tGood One\nBad One\tblog\tBad One\n")
    with pytest.raises(ValueError, match=r"line 3: role must be one of .*'blog'"):
        load_registry(extra)


def test_wrong_field_count_names_the_line():
    with pytest.raises(ValueError, match="line 2: expected 3 tab-separated fields, got 2"):
        parse_registry("A\tagency\tA\nB\tagency\n")


def test_missing_extension_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_registry(tmp_path / "absent.tsv")


def test_empty_registry_finds_nothing():
    assert build_registry([]).find("AP Reuters") == []


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Thc As5ociated Press", "AP"),  # OCR noise in a credit line
        ("Agcnc France-Presse", "AFP"),
        ("Bloomberg Newz", "Bloomberg"),
        ("CN8C", "CN8C"),  # too short to tell from another outlet's name
        ("Washington Times", "Washington Times"),  # a different outlet, not a misspelling
        ("New York Post", "New York Post"),
    ],
)
def test_fuzzy_canonical_accepts_only_close_misspellings_of_long_aliases(name, canonical):
    assert REGISTRY.canonical(name, fuzzy=True) == canonical
    if canonical != name:
        assert REGISTRY.canonical(name) == name  # exact lookup by default


def _levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


@settings(max_examples=300, deadline=None)
@given(st.text("abcd ", max_size=12), st.text("abcd ", max_size=12), st.integers(0, 4))
def test_within_agrees_with_the_edit_distance(a, b, budget):
    assert _within(a, b, budget) == (_levenshtein(a, b) <= budget)


def test_builtin_aliases_name_one_outlet_each():
    # build_registry lets a later row take an alias over silently; the shipped table must not rely on it.
    text = resources.files("transforms").joinpath("data/outlets.tsv").read_text(encoding="utf-8")
    owners: dict[str, set[str]] = {}
    for outlet in parse_registry(text):
        for alias in outlet.aliases:
            owners.setdefault(alias.lower(), set()).add(outlet.canonical)
    assert {a: o for a, o in owners.items() if len(o) > 1} == {}


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("The Canadian Press", "agency"),
        ("Press Trust of India", "agency"),
        ("PR Newswire", "agency"),
        ("South China Morning Post", "publisher"),
        ("Flipboard", "aggregator"),
        ("Archyde", "scraper"),
    ],
)
def test_roles_of_the_wider_registry(name, role):
    assert REGISTRY.role(REGISTRY.canonical(name)) == role


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday night, more than 300 homes had lost power",
        "Photo: ships crossing the Atlantic at dawn",
        "Reporting by a vice president of the board",
    ],
)
def test_ordinary_words_name_no_outlet(line):
    assert REGISTRY.find(line) == []


@pytest.mark.parametrize(
    ("url", "site", "outlet"),
    [
        ("https://edition.cnn.com/2024/01/10/x.html", "edition.cnn.com", "CNN"),
        ("https://www.latimes.com/world/story", "latimes.com", "Los Angeles Times"),
        ("https://amp.theguardian.com/world/x", "theguardian.com", "The Guardian"),
        ("https://www.bbc.co.uk/news/x", "bbc.co.uk", "BBC"),
        ("apnews.com/article/x", "apnews.com", "AP"),
        ("https://news.example.co.uk/a", "news.example.co.uk", "example.co.uk"),
        ("https://blog.some-site.com.au/post", "blog.some-site.com.au", "some-site.com.au"),
        ("https://harbor-ledger.net/p?id=3", "harbor-ledger.net", "harbor-ledger.net"),
        ("http://127.0.0.1:8000/x", None, None),
        ("https://localhost/x", None, None),
        ("not a url", None, None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_outlet_of_url(url, site, outlet):
    assert site_of_url(url) == site
    assert outlet_of_url(url, REGISTRY) == outlet


@pytest.mark.parametrize(
    ("given", "outlet"),
    [
        ("Reuters", "Reuters"),
        ("reuters.com", "Reuters"),
        ("www.latimes.com", "Los Angeles Times"),
        ("https://www.latimes.com/world/story", "Los Angeles Times"),
        ("news.example.co.uk", "example.co.uk"),
        ("The Harbor Ledger", "Harbor Ledger"),
        ("St. Louis Post-Dispatch", "St. Louis Post-Dispatch"),
        ("U.S. News", "U.S. News"),
        (None, None),
    ],
)
def test_a_records_outlet_field_given_as_a_host_or_address_names_its_site(given, outlet):
    """Crawlers give the site as a host name or the page's address: it is read as the URL's outlet."""
    assert outlet_canonical(given, REGISTRY) == outlet


@pytest.mark.parametrize(
    ("value", "host", "address"),
    [
        ("www.latimes.com", True, False),
        ("news.example.co.uk.", True, False),
        ("reuters.com", True, False),
        ("https://www.latimes.com/world/story", False, True),
        ("HTTP://apnews.com", False, True),
        ("www.latimes.com/world/story", False, True),
        ("www.latimes/story", False, False),
        ("https://localhost", False, False),
        ("St. Louis Post-Dispatch", False, False),
        ("U.S. News", False, False),
        ("U.S.", False, False),
        ("-bad.com", False, False),
        ("bad-.com", False, False),
        ("example.c0m", False, False),
        ("münchen.de", False, False),
        ("https://x.com/a b", False, False),
        ("", False, False),
        (None, False, False),
        (42, False, False),
    ],
)
def test_what_names_a_site(value, host, address):
    """One notion of an address for the record reader (an address where the outlet was looked for is the
    URL) and the outlet field (a host name or an address is read as its site's outlet)."""
    assert (is_host_name(value), is_page_address(value), names_a_site(value)) == (
        host,
        address,
        host or address,
    )


# The host-name pattern the string tests stand for.
_HOST_PATTERN = re.compile(r"(?i)(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\.?")


@given(st.text(alphabet="aZ09-.é ", max_size=14))
@settings(max_examples=500, deadline=None)
def test_host_names_are_dotted_labels(value):
    assert is_host_name(value) == bool(_HOST_PATTERN.fullmatch(value.strip()))


_ALIASES = sorted({a for o in REGISTRY.outlets for a in o.aliases})
_FILLER = [
    "said",
    "the",
    "news",
    "Times",
    "by",
    "press",
    "(",
    ")",
    ";",
    "—",
    "©",
    "2024",
    ".",
    "and",
    "Daily",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_ALIASES) | st.sampled_from(_FILLER), max_size=8),
    st.sampled_from(["", " ", "."]),
)
def test_find_skips_only_lines_that_name_no_outlet(parts, sep):
    # find() skips the alias scan when no alias's key word is in the line, and remembers answers;
    # both must give what the plain scan gives.
    line = (" " + sep).join(parts)
    plain: list[str] = []
    for match in REGISTRY._pattern.finditer(line):
        name = REGISTRY._by_alias[match.group(0).lower()]
        if name not in plain:
            plain.append(name)
    assert REGISTRY.find(line) == plain
    assert REGISTRY.find(line) == plain
