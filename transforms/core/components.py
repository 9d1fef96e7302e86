"""Connected components without a global union-find, and weak-bridge splitting within one component.

Distributed rounds (Kiveris et al., "Connected Components in MapReduce and Beyond", 2014): alternate
*large-star* and *small-star* over the edge list. Each step groups edges by one node only, so the memory
of a worker is bounded by a node's degree, never by the corpus. Both steps keep connectivity; after
enough rounds every component is a star around its smallest id. The number of rounds is fixed (the
graph is unrolled); a final check labels each node with its smallest neighbour and collects the edges
whose two ends still disagree: those few label pairs are merged with a union-find (the counted
fallback; zero when the rounds sufficed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import NamedTuple


def large_star(node: str, neighbours: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Connect every larger neighbour of ``node`` to the smallest id of ``node``'s neighbourhood."""
    nbrs = set(neighbours)
    smallest = min(nbrs | {node})
    for v in nbrs:
        if v > node and v != smallest:
            yield (v, smallest)


def small_star(node: str, smaller_neighbours: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Connect ``node`` and its smaller neighbours to the smallest of them."""
    nbrs = set(smaller_neighbours)
    smallest = min(nbrs | {node})
    for v in nbrs | {node}:
        if v != smallest:
            yield (v, smallest)


def canonical_edge(edge: tuple[str, str]) -> tuple[str, str]:
    """An undirected edge as ``(larger, smaller)``."""
    a, b = edge
    return (a, b) if a > b else (b, a)


class UnionFind:
    """Union-find with path halving; the representative of a set is its smallest member."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra

    def labels(self) -> dict[str, str]:
        """Every member seen, mapped to its set's smallest member."""
        return {x: self.find(x) for x in list(self.parent)}


def merge_labels(label_pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The fallback: labels that share an edge, merged; maps every label seen to its component's smallest."""
    uf = UnionFind()
    for a, b in label_pairs:
        uf.union(a, b)
    return uf.labels()


def local_components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Components of a small graph (one cluster), each sorted, ordered by smallest member."""
    uf = UnionFind()
    for n in nodes:
        uf.find(n)
    for a, b in edges:
        uf.union(a, b)
    groups: dict[str, list[str]] = {}
    for n in uf.parent:
        groups.setdefault(uf.find(n), []).append(n)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def _bridges(nodes: list[str], adjacency: dict[str, set[str]]) -> set[frozenset[str]]:
    """Bridges of an undirected graph (iterative Tarjan lowlink)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    bridges: set[frozenset[str]] = set()
    counter = 0
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack = [(root, None, iter(sorted(adjacency[root])))]
        while stack:
            node, parent, it = stack[-1]
            advanced = False
            for nxt in it:
                if nxt == parent:
                    continue
                if nxt in index:
                    low[node] = min(low[node], index[nxt])
                else:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, node, iter(sorted(adjacency[nxt]))))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                if parent is not None:
                    low[parent] = min(low[parent], low[node])
                    if low[node] > index[parent]:
                        bridges.add(frozenset((parent, node)))
    return bridges


def split_weak_bridges(
    nodes: list[str], edges: list[tuple[str, str, float]], strong: float
) -> tuple[list[list[str]], set[frozenset[str]]]:
    """Split a component at weak bridges; return the final groups and the removed edges.

    A chain of rewrites is legitimate, but two stories joined by one weak edge are not one story. So an
    edge is removed if it scores below ``strong``, has no common neighbour supporting it (no triangle),
    and is a bridge whose removal leaves two or more documents on each side. A weak edge to a single
    document (an aggressively spun copy, say) is kept: it merges no two stories. (Each side is what its
    end still reaches: after an earlier weak bridge went, the rest of the component is no longer on
    either side.)
    """
    adjacency: dict[str, set[str]] = {n: set() for n in nodes}
    for a, b, _ in edges:
        adjacency[a].add(b)
        adjacency[b].add(a)
    removed: set[frozenset[str]] = set()
    weak = [(a, b) for a, b, s in edges if s < strong and not (adjacency[a] & adjacency[b])]
    if weak:
        bridges = _bridges(sorted(nodes), adjacency)
        for a, b in sorted(weak):
            key = frozenset((a, b))
            if key not in bridges:
                continue
            adjacency[a].discard(b)
            adjacency[b].discard(a)
            if len(_reach(a, adjacency)) >= 2 and len(_reach(b, adjacency)) >= 2:
                removed.add(key)
            else:
                adjacency[a].add(b)
                adjacency[b].add(a)
    kept = [(a, b) for a, b, _ in edges if frozenset((a, b)) not in removed]
    return local_components(nodes, kept), removed


def split_short_hubs(
    nodes: list[str], edges: list[tuple[str, str, float]], short: set[str]
) -> set[frozenset[str]]:
    """The edges to drop so that no short document is the only link between two groups of documents.

    A teaser of a dozen words matches every same-topic story that opens the same way; linked to two
    stories, it would merge them. A short document (in ``short``) whose neighbours fall into two or more
    groups of two or more documents once it is taken out keeps its edges to the group it is most
    strongly linked to (sum of edge strengths; ties: the larger group, then the smallest id) and loses
    the others. A single document on the far side stays linked: it merges no two stories. Short
    documents are visited in id order until no edge is dropped, so the result does not depend on the
    order of the input and leaves no such hub behind.
    """
    adjacency: dict[str, dict[str, float]] = {n: {} for n in nodes}
    for a, b, s in edges:
        adjacency[a][b] = s
        adjacency[b][a] = s
    removed: set[frozenset[str]] = set()
    changed = True
    while changed:
        changed = False
        for hub in sorted(short & adjacency.keys()):
            dropped = _split_hub(hub, adjacency)
            for y in dropped:
                removed.add(frozenset((hub, y)))
                del adjacency[hub][y]
                del adjacency[y][hub]
            changed |= bool(dropped)
    return removed


def _split_hub(hub: str, adjacency: dict[str, dict[str, float]]) -> list[str]:
    """The neighbours ``hub`` must let go of (see split_short_hubs)."""
    if len(adjacency[hub]) < 2:
        return []
    groups: list[tuple[int, list[str]]] = []  # (size once hub is out, hub's neighbours in it)
    seen: set[str] = set()
    for x in sorted(adjacency[hub]):
        if x not in seen:
            reach = _reach(x, adjacency, avoid=hub)
            seen |= reach
            groups.append((len(reach), sorted(y for y in adjacency[hub] if y in reach)))
    if sum(size >= 2 for size, _ in groups) < 2:
        return []
    best = min(groups, key=lambda g: (-sum(adjacency[hub][y] for y in g[1]), -g[0], g[1][0]))
    return [y for size, linked in groups if size >= 2 and linked is not best[1] for y in linked]


# One text link of a component for split_part_hubs: (a, b, share of a's text found in b, share of b's
# text found in a, whether the link is weak, i.e. under strong_score).
PartLink = tuple[str, str, float, float, bool]


def _twin_groups(
    nodes: list[str], pairs: list[tuple[str, str, float, float]], words: Mapping[str, int], twin: float
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Groups of twins among ``pairs`` (a, b, share of a in b, share of b in a): texts each holding
    ``twin`` of the other, lengths within 10 %. Returns the members of each group by its first member,
    and each node's group."""
    twins = [
        (a, b)
        for a, b, a_in_b, b_in_a in pairs
        if min(a_in_b, b_in_a) >= twin and min(words[a], words[b]) >= 0.9 * max(words[a], words[b])
    ]
    members = {g[0]: g for g in local_components(nodes, twins)}
    return members, {n: g for g, ms in members.items() for n in ms}


def _ungrouped(
    links: Iterable[tuple], group_of: Mapping[str, str], removed: set[frozenset[str]]
) -> set[frozenset[str]]:
    """The ``links`` between two groups whose group link is in ``removed``."""
    return {
        frozenset((a, b))
        for a, b, *_ in links
        if group_of[a] != group_of[b] and frozenset((group_of[a], group_of[b])) in removed
    }


def split_part_hubs(
    nodes: list[str], links: list[PartLink], words: Mapping[str, int], gap: float, twin: float = 0.95
) -> set[frozenset[str]]:
    """The edges to drop so that no part of a story links that story to longer texts that hold it less
    well.

    A document ``d`` whose neighbours fall, once it is taken out, into separate sides: when every
    document ``x`` that ``d`` links on one side is at least twice as long as ``d`` (``words``), every
    such link is weak, and ``d``'s text is found in each such ``x`` at least ``gap`` less than in its
    best-holding neighbour on another side of two or more documents, then ``d`` is a part of that
    side's text (an excerpt, a trimmed copy), no ``x`` gave it its text (each holds less of it), and
    none is a copy of it (each is much longer): the side is another story of the event that repeats
    some of ``d``'s sentences, and ``d``'s links to it go. The weak-bridge rule cannot see this: one
    document on the far side merges no two groups, and two linked documents there give each link a
    common neighbour. Documents are visited in id order on the links as given, so the result does not
    depend on the order of the input.

    The same story seen from the far end: a document ``x`` with two or more links, every one of them
    to a document ``d`` at most half as long that another neighbour of ``d``, itself at least twice as
    long as ``d``, holds at least ``gap`` better than ``x`` does, repeats parts of that story without
    holding any of them as a copy would; ``x`` loses all its links, weak or strong (a same-event report
    that quotes the sentences two excerpts of a story kept: each link alone may be strong, but no copy
    of the story, and no longer text of it, is among ``x``'s links). A long text of the story itself
    links a text of its own length, or holds each part as well as the story's longer texts do; a copy
    of a part (an excerpt's twin) holds it better than any long text and does not count.

    Twins (texts each holding ``twin`` of the other, by a strong link, their lengths within 10 %) are one
    text here: two copies of one excerpt, both linked to the same-event story, give each of their links
    a common neighbour, but the two say no more than one. A link between two groups of twins is weak
    when all its links are, and holds what its best link holds; a group counts as long as its longest
    text and as many documents as it has.
    """
    members, group_of = _twin_groups(
        nodes, [(a, b, x, y) for a, b, x, y, weak in links if not weak], words, twin
    )
    held: dict[tuple[str, str], float] = {}
    weak_of: dict[tuple[str, str], bool] = {}
    for a, b, a_in_b, b_in_a, weak in links:
        ga, gb = group_of[a], group_of[b]
        if ga != gb:
            held[ga, gb] = max(held.get((ga, gb), 0.0), a_in_b)
            held[gb, ga] = max(held.get((gb, ga), 0.0), b_in_a)
            key = (min(ga, gb), max(ga, gb))
            weak_of[key] = weak_of.get(key, True) and weak
    group_links = [(ga, gb, held[ga, gb], held[gb, ga], weak) for (ga, gb), weak in sorted(weak_of.items())]
    group_words = {g: max(words[n] for n in ms) for g, ms in members.items()}
    sizes = {g: len(ms) for g, ms in members.items()}
    return _ungrouped(
        links, group_of, _part_hub_groups(sorted(members), group_links, group_words, sizes, gap)
    )


def _part_hub_groups(
    nodes: list[str],
    links: list[PartLink],
    words: Mapping[str, int],
    sizes: Mapping[str, int],
    gap: float,
) -> set[frozenset[str]]:
    """``split_part_hubs`` over groups of twins (``sizes``: documents in each)."""
    adjacency: dict[str, dict[str, tuple[float, bool]]] = {n: {} for n in nodes}
    for a, b, a_in_b, b_in_a, weak in links:
        adjacency[a][b] = (a_in_b, weak)
        adjacency[b][a] = (b_in_a, weak)
    removed: set[frozenset[str]] = set()
    for d in sorted(nodes):
        if len(adjacency[d]) < 2:
            continue
        sides: list[tuple[set[str], list[str]]] = []
        seen: set[str] = set()
        for x in sorted(adjacency[d]):
            if x not in seen:
                reach = _reach(x, adjacency, avoid=d)
                seen |= reach
                sides.append((reach, [y for y in adjacency[d] if y in reach]))
        for i, (_, linked) in enumerate(sides):
            # d's best-holding neighbour on another side of two or more documents, or a longer text
            # (at least twice d's length) alone on its side
            held = [
                adjacency[d][y][0]
                for j, (r, ys) in enumerate(sides)
                if j != i
                for y in ys
                if sum(sizes[n] for n in r) >= 2 or words[y] >= 2 * words[d]
            ]
            if not held:
                continue
            best = max(held)
            if all(
                adjacency[d][x][1] and words[x] >= 2 * words[d] and adjacency[d][x][0] < best - gap
                for x in linked
            ):
                removed.update(frozenset((d, x)) for x in linked)
    for x in sorted(nodes):
        if len(adjacency[x]) >= 2 and all(
            words[x] >= 2 * words[d] and _held_better(d, x, adjacency, words, gap) for d in adjacency[x]
        ):
            removed.update(frozenset((d, x)) for d in adjacency[x])
    return removed


def _held_better(
    d: str,
    x: str,
    adjacency: Mapping[str, Mapping[str, tuple[float, bool]]],
    words: Mapping[str, int],
    gap: float,
) -> bool:
    """Whether a neighbour of ``d`` other than ``x``, at least twice as long as ``d`` (a longer text of
    its story, not a copy of ``d`` itself), holds ``d``'s text at least ``gap`` better than ``x``."""
    others = [held for y, (held, _) in adjacency[d].items() if y != x and words[y] >= 2 * words[d]]
    return bool(others) and adjacency[d][x][0] < max(others) - gap


def _reach(start: str, adjacency: Mapping[str, Iterable[str]], avoid: str | None = None) -> set[str]:
    """The nodes reachable from ``start``, not passing through ``avoid``."""
    seen = {start, avoid} if avoid is not None else {start}
    todo = [start]
    while todo:
        for nxt in adjacency[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    seen.discard(avoid)
    return seen


# A page made of two stories ("Next article" under the story, a scraper's page of two articles): each
# story's texts lie whole inside it, none holds most of it, and the two stories' headlines differ. Linked
# to both, it would merge them; it keeps the story whose headline it has (else the one holding most of it).
JOINED_WHOLE = 0.9  # a text lying inside the page: at least this share of it is in the page
JOINED_HOLDS_MOST = 0.85  # no text of a story side holds this share of the page or more
JOINED_COVER = 0.8  # the stories' longest texts inside the page fill this share of its words
JOINED_SAME_TITLE = 0.5  # headlines sharing this share of their words (Jaccard) are one story's

# (a, b, share of a in b, share of b in a, translation link)
JoinLink = tuple[str, str, float, float, bool]


def _alike(titles: list[frozenset[str]], others: list[frozenset[str]]) -> bool:
    """Whether a headline of ``titles`` is like one of ``others`` (``JOINED_SAME_TITLE``)."""
    return any(len(a & b) >= JOINED_SAME_TITLE * len(a | b) for a in titles for b in others)


def split_joined_pages(
    nodes: list[str],
    links: list[JoinLink],
    words: Mapping[str, int],
    headline: Callable[[str], frozenset[str]],
    twin: float = 0.95,
) -> set[frozenset[str]]:
    """The links to drop so that no page made of two or more stories merges them.

    A document ``d`` whose neighbours fall, once it is taken out, into separate sides, two or more of
    them a story inside ``d``: a side with a text lying whole inside ``d`` (``JOINED_WHOLE``) and no
    text holding most of ``d`` (``JOINED_HOLDS_MOST``). When the longest such texts of the story sides
    together fill ``d`` (``JOINED_COVER`` of its words), ``d`` is those stories joined, not a text that
    parts were cut from: it keeps its links to the story side whose headline its own headline is like
    (the page's story; the others came under it), else the one that holds most of it (then the one
    with more documents, then the first by id), and loses those to each other story side whose
    headlines are all unlike the kept side's (``headline``: a document's headline words, empty when it has none;
    ``JOINED_SAME_TITLE``). Two excerpts of one long text that do not overlap are separate sides too,
    but carry that text's headline; same-event stories name the same people, so names cannot tell them
    apart, but their headlines differ. Without headlines on both sides nothing is dropped. Translation
    links join sides and are dropped with them (the page is linked to each story's translations too),
    but their shares of shingles say nothing (another language). Copies of one page (texts each holding
    ``twin`` of the other, lengths within 10 %) are one page here: a copy of the joined page would join
    the two sides again. Documents are visited in id order, so the result does not depend on the order
    of the input."""
    members, group_of = _twin_groups(nodes, [(a, b, x, y) for a, b, x, y, tr in links if not tr], words, twin)
    best: dict[tuple[str, str], tuple[float, float, bool]] = {}
    for a, b, a_in_b, b_in_a, translation in links:
        ga, gb = group_of[a], group_of[b]
        if ga == gb:
            continue
        if ga > gb:
            ga, gb, a_in_b, b_in_a = gb, ga, b_in_a, a_in_b
        known = best.get((ga, gb))
        # A text link says more than a translation; of two, the better shares.
        if known is None or (known[2] and not translation):
            best[ga, gb] = (a_in_b, b_in_a, translation)
        elif known[2] == translation:
            best[ga, gb] = (max(known[0], a_in_b), max(known[1], b_in_a), translation)
    removed = _joined_groups(
        sorted(members),
        [(a, b, x, y, t) for (a, b), (x, y, t) in sorted(best.items())],
        {g: max(words[n] for n in ms) for g, ms in members.items()},
        {g: [t for t in (headline(n) for n in ms) if t] for g, ms in members.items()},
    )
    return _ungrouped(links, group_of, removed)


class _StorySide(NamedTuple):
    """A side of a page that is a story inside it (``_joined_groups``)."""

    holds: float  # the most of the page a text of the side holds
    size: int  # documents on the side
    linked: list[str]  # the side's documents linked to the page, by id
    longest: str  # the longest of them lying whole inside the page
    titles: list[frozenset[str]]  # their headlines


def _joined_groups(
    nodes: list[str],
    links: list[JoinLink],
    words: Mapping[str, int],
    headlines: Mapping[str, list[frozenset[str]]],
) -> set[frozenset[str]]:
    """``split_joined_pages`` over groups of copies (``headlines``: each group's, the empty left out)."""
    adjacency: dict[str, dict[str, tuple[float, float]]] = {n: {} for n in nodes}
    translated: set[frozenset[str]] = set()
    for a, b, a_in_b, b_in_a, translation in links:
        adjacency[a][b] = (a_in_b, b_in_a)
        adjacency[b][a] = (b_in_a, a_in_b)
        if translation:
            translated.add(frozenset((a, b)))
    removed: set[frozenset[str]] = set()
    for d in sorted(nodes):
        # Cheap first: two or more texts lying whole inside d, none holding most of it, that fill it
        # (what the sides' story texts must be); else no side need be searched.
        whole = [
            y
            for y, (d_in_y, y_in_d) in adjacency[d].items()
            if frozenset((d, y)) not in translated and y_in_d >= JOINED_WHOLE and d_in_y < JOINED_HOLDS_MOST
        ]
        if len(whole) < 2 or not words[d] or sum(words[y] for y in whole) < JOINED_COVER * words[d]:
            continue
        stories: list[_StorySide] = []
        seen: set[str] = set()
        for x in sorted(adjacency[d]):
            if x in seen:
                continue
            reach = _reach(x, adjacency, avoid=d)
            seen |= reach
            linked = [y for y in sorted(adjacency[d]) if y in reach]
            texts = [y for y in linked if frozenset((d, y)) not in translated]
            # adjacency[d][y] = (share of d in y, share of y in d)
            inside = [y for y in texts if adjacency[d][y][1] >= JOINED_WHOLE]
            holds = max((adjacency[d][y][0] for y in texts), default=1.0)
            if inside and holds < JOINED_HOLDS_MOST:
                longest = max(inside, key=lambda y: (words[y], y))
                titles = [t for y in linked for t in headlines[y]]
                stories.append(_StorySide(holds, len(reach), linked, longest, titles))
        if len(stories) < 2:
            continue
        # The stories' longest texts inside d must fill it: a text two or three excerpts were cut from
        # is longer than they are together.
        if sum(words[s.longest] for s in stories) < JOINED_COVER * words[d]:
            continue
        stories.sort(key=lambda s: (not _alike(headlines[d], s.titles), -s.holds, -s.size, s.linked[0]))
        keep = stories[0]
        for other in stories[1:]:
            if keep.titles and other.titles and not _alike(keep.titles, other.titles):
                removed |= {frozenset((d, y)) for y in other.linked}
    return removed
