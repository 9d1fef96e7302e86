"""``python -m schemas.markdown``: the README's tables of columns, generated from the schemas."""

from __future__ import annotations

import pyarrow as pa

from schemas import SCHEMA_VERSION, TABLES

DESCRIPTIONS = {
    "documents": "one row per accepted input record",
    "edges": "verified same-story pairs, with the measures that decided them",
    "clusters": "one row per cluster (a story and its republications)",
    "provenance": "one row per document: its parent, root, chain and evidence",
    "rejects": "one row per input record that is not a document, with the reason",
    "signatures": "one row per document and signature view (for `provenance trace --text`)",
    "templates": "one row per site template line: a line the site repeats beside different stories, "
    "moved out of matching (to `chrome_lines`) in every document, and out of a new text by "
    "`provenance trace --text`",
    "common_anchors": "one row per common anchor bigram: a pair of names on so many of the corpus's "
    "documents (`common_anchor_share`, `common_anchor_min_docs`; counted on every distinct id as read, "
    "before site template lines are removed) that it is left out of the `anchors` view's signatures, "
    "here and in `provenance trace --text`",
    "common_grams": "one row per common character n-gram: on so many of the documents sampled for it "
    "(`common_gram_share`, `common_gram_min_docs`, up to `common_gram_sample` documents chosen by a hash "
    "of their id) that it is left out of the `chars` and `lead` views' signatures, here and in "
    "`provenance trace --text` (function words and stock phrases)",
}


def type_name(t: pa.DataType) -> str:
    if pa.types.is_list(t):
        return f"list<{type_name(t.value_type)}>"
    if pa.types.is_struct(t):
        return "struct<" + ", ".join(f"{f.name}: {type_name(f.type)}" for f in t) + ">"
    return str(t)


def render() -> str:
    out = [f"Schema version {SCHEMA_VERSION}. Every table also carries `config_fingerprint`.", ""]
    for name, schema in TABLES.items():
        out += [f"**`{name}`**: {DESCRIPTIONS[name]}", "", "| column | type |", "|---|---|"]
        out += [f"| `{f.name}` | `{type_name(f.type)}` |" for f in schema if f.name != "config_fingerprint"]
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(render())
