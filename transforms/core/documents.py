"""A canonical input record to a ``documents`` row (without its cluster), or a reject."""

from __future__ import annotations

from transforms.core.config import MatchConfig
from transforms.core.outlets import Registry, names_a_site, outlet_of_url
from transforms.core.pagedate import page_date_line
from transforms.core.records import Output, parse_timestamp, reject
from transforms.core.text import analyse, normalize, repair_mojibake, strip_markup


def outlet_canonical(outlet: str | None, registry: Registry) -> str | None:
    """The canonical name of a record's outlet field: a registered name or alias, else a host name's
    outlet, or an address's (the registered domain it is under, else its site: "www.latimes.com" -> Los
    Angeles Times), else the name as given, cleaned."""
    if outlet and not registry.known(outlet):
        if names_a_site(outlet):
            return outlet_of_url(outlet.strip(), registry)
    return registry.canonical(outlet)


def document(record: dict, cfg: MatchConfig, registry: Registry) -> Output:
    """Normalise one record, read its chrome and cues; reject empty, near-empty and absurdly long texts."""
    text = record["text"]
    source, row, doc_id = record["source_file"], record["source_row"], record["doc_id"]
    if len(text) > cfg.max_chars:
        return reject(
            source, row, "too_long", f"{len(text)} characters > max_chars {cfg.max_chars}", doc_id, text
        )
    if not text.strip():
        return reject(source, row, "empty_text", "text is empty or whitespace", doc_id, text)
    analysis = analyse(text, registry)
    which, least = cfg.least_chars(bool(analysis.credited_outlets))
    if len(analysis.match_text) < least:
        return reject(
            source,
            row,
            "near_empty_text",
            f"{len(analysis.match_text)} characters of story text after chrome removal < {which} {least}",
            doc_id,
            text,
        )
    published_ts = parse_timestamp(record.get("published_at"))
    stated = page_date_line(analysis.chrome_lines)
    title = normalize(strip_markup(repair_mojibake(record["title"]))) if record.get("title") else None
    return (
        "doc",
        {
            "doc_id": doc_id,
            "cluster_id": None,
            "source_file": source,
            "source_row": row,
            "url": record.get("url"),
            "outlet": record.get("outlet"),
            # Without an outlet field, the URL's site names the outlet (a registered domain or the site).
            "outlet_canonical": outlet_canonical(record.get("outlet"), registry)
            or outlet_of_url(record.get("url"), registry),
            "title": title,
            "published_at": record.get("published_at"),
            "published_ts": published_ts,
            "page_date": stated[0].date() if stated else None,
            "page_date_line": stated[1] if stated else None,
            "lang": record.get("lang"),
            "text": analysis.text,
            "match_text": analysis.match_text,
            "chrome_lines": analysis.chrome_lines,
            "cues": [c.as_record() for c in analysis.cues],
            "credited_outlets": analysis.credited_outlets,
            "n_chars": len(analysis.match_text),
            "n_words": len(analysis.match_text.split()),
            "config_fingerprint": str(cfg),
        },
    )
