"""W3C PROV-O export of a run's provenance graph, as JSON-LD (``provenance.jsonld`` in the run directory).

The mapping (https://www.w3.org/TR/prov-o/):

* each document is a ``prov:Entity`` with its id, url, title, publication time and outlet name;
* each outlet is a ``prov:Agent`` (and ``prov:Organization``); a document ``prov:wasAttributedTo`` the
  outlet that published it, when the input named one;
* a parent -> child link is ``child prov:wasDerivedFrom parent``, and a ``prov:qualifiedDerivation``
  (a ``prov:Derivation`` whose ``prov:entity`` is the parent) carries the relation (copy, excerpt,
  spin, ...), the confidence and the evidence list in the project namespace ``np:``;
* every derived document ``prov:hadPrimarySource`` its root: a document of the run, or, when the root is
  an outlet with no document in the run (chain ``["outlet:Axios", ...]``), an entity standing for that
  outlet's story, attributed to the outlet and marked ``np:external true``;
* the outlets a document credits in its text (datelines, "first appeared in", ...) are ``np:credits``.

Reads only the run's tables, so it can run before ``manifest.json`` is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

FILENAME = "provenance.jsonld"
EXTERNAL_PREFIX = "outlet:"
NS = "https://news-provenance.example/ns#"

CONTEXT = {
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "np": NS,
    # Identifiers of the run's nodes; compact IRIs like "doc:w-5e1a".
    "doc": "urn:news-provenance:document:",
    "outlet": "urn:news-provenance:outlet:",
    "story": "urn:news-provenance:external-story:",
}


def _iri(prefix: str, name: str) -> str:
    return f"{prefix}:{quote(name, safe='')}"


def doc_iri(doc_id: str) -> str:
    return _iri("doc", doc_id)


def outlet_iri(outlet: str) -> str:
    return _iri("outlet", outlet)


def external_iri(outlet: str) -> str:
    return _iri("story", outlet)


def node_iri(chain_node: str) -> str:
    """A chain element (a doc id, or ``outlet:NAME`` for an external root) as a node IRI."""
    if chain_node.startswith(EXTERNAL_PREFIX):
        return external_iri(chain_node[len(EXTERNAL_PREFIX) :])
    return doc_iri(chain_node)


def _double(value: float | None) -> dict | None:
    return None if value is None else {"@value": float(value), "@type": "xsd:double"}


def _drop_none(node: dict) -> dict:
    return {k: v for k, v in node.items() if v is not None and v != []}


def derivation(parent: str, row: dict) -> dict:
    """The qualified derivation of ``row``'s document from chain node ``parent``."""
    return _drop_none(
        {
            "@type": "prov:Derivation",
            "prov:entity": {"@id": node_iri(parent)},
            "np:relation": row["relation"],
            "np:confidence": _double(row["confidence"]),
            "np:evidence": [
                _drop_none(
                    {
                        "@type": "np:Evidence",
                        "np:kind": ev["kind"],
                        "np:detail": ev["detail"],
                        "np:weight": _double(ev["weight"]),
                    }
                )
                for ev in row["evidence"] or []
            ],
        }
    )


def document_node(doc: dict, row: dict | None) -> dict:
    """A document as a ``prov:Entity`` with its attribution, derivation and primary source."""
    published = doc.get("published_ts")
    node = {
        "@id": doc_iri(doc["doc_id"]),
        "@type": "prov:Entity",
        "np:docId": doc["doc_id"],
        "np:url": {"@value": doc["url"], "@type": "xsd:anyURI"} if doc.get("url") else None,
        "dcterms:title": doc.get("title"),
        "np:publishedAt": doc.get("published_at"),
        # The day the page's own header states (documents.page_date).
        "np:pageDate": (
            {"@value": doc["page_date"].isoformat(), "@type": "xsd:date"} if doc.get("page_date") else None
        ),
        "prov:generatedAtTime": (
            {"@value": published.isoformat(), "@type": "xsd:dateTime"} if published is not None else None
        ),
        "np:outlet": doc.get("outlet_canonical") or doc.get("outlet"),
        "prov:wasAttributedTo": (
            {"@id": outlet_iri(doc["outlet_canonical"])} if doc.get("outlet_canonical") else None
        ),
        "np:credits": [{"@id": outlet_iri(o)} for o in doc.get("credited_outlets") or []],
    }
    if row is not None:
        chain = list(row["chain"] or [doc["doc_id"]])
        node.update(
            {
                "np:cluster": row["cluster_id"],
                "np:relation": row["relation"],
                "np:depth": row["depth"],
                "np:confidence": _double(row["confidence"]),
                "np:rootOutlet": {"@id": outlet_iri(row["root_outlet"])} if row["root_outlet"] else None,
            }
        )
        if len(chain) > 1:
            parent = chain[-2]
            node["prov:wasDerivedFrom"] = {"@id": node_iri(parent)}
            node["prov:qualifiedDerivation"] = derivation(parent, row)
            node["prov:hadPrimarySource"] = {"@id": node_iri(chain[0])}
    return _drop_none(node)


def outlet_node(name: str, role: str | None) -> dict:
    return _drop_none(
        {
            "@id": outlet_iri(name),
            "@type": ["prov:Agent", "prov:Organization"],
            "np:name": name,
            "np:role": role,
        }
    )


def external_node(outlet: str) -> dict:
    return {
        "@id": external_iri(outlet),
        "@type": "prov:Entity",
        "np:external": True,
        "np:outlet": outlet,
        "prov:wasAttributedTo": {"@id": outlet_iri(outlet)},
    }


def prov_graph(documents: list[dict], provenance: list[dict], roles: dict[str, str] | None = None) -> dict:
    """The JSON-LD document for a run's ``documents`` and ``provenance`` rows."""
    roles = roles or {}
    rows = {r["doc_id"]: r for r in provenance}
    outlets: set[str] = set()
    externals: set[str] = set()
    nodes = []
    for doc in sorted(documents, key=lambda d: d["doc_id"]):
        row = rows.get(doc["doc_id"])
        nodes.append(document_node(doc, row))
        outlets.update(o for o in [doc.get("outlet_canonical"), *(doc.get("credited_outlets") or [])] if o)
        if row is not None:
            outlets.update([row["root_outlet"]] if row["root_outlet"] else [])
            externals.update(
                n[len(EXTERNAL_PREFIX) :] for n in row["chain"] or [] if n.startswith(EXTERNAL_PREFIX)
            )
    outlets |= externals
    nodes += [external_node(o) for o in sorted(externals)]
    nodes += [outlet_node(o, roles.get(o)) for o in sorted(outlets)]
    fingerprints = sorted({r["config_fingerprint"] for r in provenance if r.get("config_fingerprint")})
    run = {"@id": "urn:news-provenance:run", "@type": "np:Run", "np:configFingerprint": fingerprints}
    return {"@context": CONTEXT, "@graph": [_drop_none(run), *nodes]}


def write_prov(run_dir: str | Path, registry_path: str | None = None) -> Path:
    """Write ``provenance.jsonld`` into ``run_dir`` from its ``documents`` and ``provenance`` tables."""
    import pyarrow.parquet as pq

    from pipeline.tables import read_table, table_files
    from transforms.core.outlets import load_registry

    run_dir = Path(run_dir)
    columns = ["doc_id", "url", "outlet", "outlet_canonical", "title", "published_at", "published_ts"]
    columns += ["credited_outlets", "page_date"]
    documents = [
        r for f in table_files(run_dir, "documents") for r in pq.read_table(f, columns=columns).to_pylist()
    ]
    provenance = read_table(run_dir, "provenance").to_pylist()
    registry = load_registry(registry_path)
    roles = {o.canonical: o.role for o in registry.outlets}
    path = run_dir / FILENAME
    graph = prov_graph(documents, provenance, roles)
    # One node per line, each encoded compactly: json.dumps with indent runs the pure-Python encoder
    # (3 s per 10,000 documents); without it the C one.
    nodes = ",\n".join(json.dumps(node, ensure_ascii=False, default=str) for node in graph["@graph"])
    context = json.dumps(graph["@context"], ensure_ascii=False)
    path.write_text(f'{{"@context": {context},\n"@graph": [\n{nodes}\n]}}\n', encoding="utf-8")
    return path
