"""The one place where stage order lives: read -> normalise -> sign -> candidates -> verify -> components
-> cluster -> provenance -> write."""

from __future__ import annotations

import apache_beam as beam

from schemas import TABLES
from transforms.candidates import CandidatePairs
from transforms.clusters import ClusterAndTrace
from transforms.core.config import MatchConfig
from transforms.core.outlets import Registry
from transforms.counting import count
from transforms.documents import NormaliseDocuments
from transforms.io import ReadCorpus, WriteTable
from transforms.signatures import Sign
from transforms.verification import VerifyPairs

# The run's scratch directory under the output directory (removed before the run is published).
WORK_DIR = "_work"

# How many groupings the corpus-wide groupings (documents by id, by component) are split into with the
# ``side_input`` join, i.e. on one machine: the direct runner copies a grouping three or four times at
# once when it is read, and a part at a time is a quarter of that (transforms.grouping). On a cluster
# (``shuffle``) one plain grouping.
ONE_MACHINE_PARTS = 4


def _with_fingerprint(fingerprint: str):
    def add(row: dict) -> dict:
        return dict(row, config_fingerprint=fingerprint)

    return add


def build(
    p: beam.Pipeline,
    patterns: list[str],
    cfg: MatchConfig,
    registry: Registry,
    field_map: dict[str, str],
    out_dir: str,
    join: str = "shuffle",
    encoding: str = "auto",
    stems: dict[str, str] | None = None,
) -> None:
    """Add the whole job to ``p``: read ``patterns``, write every table under ``out_dir``.

    ``OUT_DIR/_work`` (``WORK_DIR``) holds the files the job reads back within the run (with the
    ``side_input`` join, each document's features and original text); the caller removes it when the
    run ends.

    ``join`` is how the corpus-wide data reaches each element: candidate pairs their documents'
    features, documents and edges their component labels (see VerifyPairs, ClusterAndTrace):
    ``side_input`` on one machine, ``shuffle`` on a cluster (which also spreads the parsed records over
    the workers), and with ``side_input`` the corpus-wide groupings are split in ``ONE_MACHINE_PARTS``.
    It changes cost, never the tables. ``encoding`` reads input text that is not UTF-8 (``--encoding``);
    ``stems`` names the made-up ids of input files whose names another one shares (``records.id_stems``).
    """
    parsed = p | "Read" >> ReadCorpus(patterns, field_map, encoding, stems)
    if join == "shuffle":
        # A file is read by one worker, and what follows up to the first grouping runs where it was
        # read: without this, one large input file leaves normalisation to one worker of the cluster.
        parsed = parsed | "SpreadRecords" >> beam.Reshuffle()
    parts = ONE_MACHINE_PARTS if join == "side_input" else 1
    work = f"{out_dir.rstrip('/')}/{WORK_DIR}"
    text_dir = f"{work}/texts" if join == "side_input" else None
    normalised = parsed | "Normalise" >> NormaliseDocuments(cfg, registry, parts, text_dir)
    docs = normalised["docs"] | "CountDocuments" >> count("documents")
    signed = docs | "Sign" >> Sign(cfg, normalised["common_anchors"], normalised["common_grams"])
    pairs = signed["bands"] | "Candidates" >> CandidatePairs(cfg, by_blocks=join == "side_input")
    feature_dir = f"{work}/features"
    edges = (signed["features"], pairs) | "Verify" >> VerifyPairs(cfg, join, feature_dir)
    tables = (docs, edges) | "ClusterAndTrace" >> ClusterAndTrace(cfg, registry, join, parts)
    tables["rejects"] = normalised["rejects"] | "FingerprintRejects" >> beam.Map(_with_fingerprint(str(cfg)))
    tables["templates"] = normalised["templates"] | "FingerprintTemplates" >> beam.Map(
        _with_fingerprint(str(cfg))
    )
    tables["common_anchors"] = normalised["common_anchor_rows"] | "FingerprintCommonAnchors" >> beam.Map(
        _with_fingerprint(str(cfg))
    )
    tables["common_grams"] = normalised["common_gram_rows"] | "FingerprintCommonGrams" >> beam.Map(
        _with_fingerprint(str(cfg))
    )
    tables["signatures"] = signed["signatures"]
    for name, schema in TABLES.items():
        tables[name] | f"Write{name.capitalize()}" >> WriteTable(out_dir, name, schema)
