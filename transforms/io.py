"""Reading the corpus through Beam's file IO, and writing one Parquet table."""

from __future__ import annotations

import apache_beam as beam
import pyarrow as pa
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes

from transforms.core import records
from transforms.counting import BeamCounter

Record = dict

# Counter of every element ReadCorpus emits (a record, or the reject standing for a file it cannot
# open): each must come out as one ``documents`` row or one ``rejects`` row (checked after a run).
INPUT_RECORDS = "input_records"


class _ParseFile(beam.DoFn):
    """ReadableFile -> ("doc", record) | ("reject", reject); every record of the file, in order."""

    def __init__(
        self, field_map: dict[str, str], encoding: str = "auto", stems: dict[str, str] | None = None
    ) -> None:
        self._field_map = field_map
        self._encoding = encoding
        self._stems = stems or {}
        self._count = BeamCounter()

    def process(self, readable: fileio.ReadableFile):
        path = readable.metadata.path
        self._count("files_read")
        try:
            stream = readable.open(compression_type=CompressionTypes.UNCOMPRESSED)
        except OSError as err:
            self._count("rejected.unreadable_file")
            self._count(INPUT_RECORDS)
            yield records.reject(path, 0, "unreadable_file", f"cannot open: {err}")
            return
        with stream:
            for kind, record in records.parse_file(
                path, stream, self._field_map, self._encoding, self._count, self._stems.get(path)
            ):
                self._count("records_read")
                self._count(INPUT_RECORDS)
                if kind != "doc":
                    self._count(f"rejected.{record['reason']}")
                yield (kind, record)


class ReadCorpus(beam.PTransform):
    """File patterns -> PCollection[("doc", record) | ("reject", reject)], one element per input record.

    Uses ``fileio.MatchFiles`` + ``ReadMatches`` so each record keeps its source file and 1-based row.
    ``encoding`` reads text that is not UTF-8 (``records.Decoding``). ``stems``: what made-up ids start
    with for the files whose names another input file shares (``records.id_stems``; by absolute path).
    """

    def __init__(
        self,
        patterns: list[str],
        field_map: dict[str, str],
        encoding: str = "auto",
        stems: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._patterns = patterns
        self._field_map = field_map
        self._encoding = encoding
        self._stems = stems

    def expand(self, pbegin):
        matched = [
            pbegin
            | f"Match{i}"
            >> fileio.MatchFiles(pattern, empty_match_treatment=fileio.EmptyMatchTreatment.ALLOW)
            for i, pattern in enumerate(self._patterns)
        ]
        return (
            matched
            | "FlattenMatches" >> beam.Flatten()
            | "SupportedFiles" >> beam.Filter(lambda m: records.input_kind(m.path) is not None)
            | "DistinctFiles" >> beam.Map(lambda m: (m.path, m))
            | "GroupByPath" >> beam.GroupByKey()
            | "OnePerPath" >> beam.Map(lambda kv: next(iter(kv[1])))
            | "ReadMatches" >> fileio.ReadMatches()
            | "ParseFiles" >> beam.ParDo(_ParseFile(self._field_map, self._encoding, self._stems))
        )


class WriteTable(beam.PTransform):
    """PCollection[dict] -> Parquet shards ``DIR/NAME/part-SSSSS-of-NNNNN.parquet`` with an explicit schema.

    Records are checked to carry exactly the schema's fields first: ``WriteToParquet`` would silently
    write a missing key as null and drop an extra one.
    """

    def __init__(self, directory: str, name: str, schema: pa.Schema) -> None:
        super().__init__()
        self._prefix = f"{directory.rstrip('/')}/{name}/part"
        self._schema = schema

    def expand(self, rows):
        names = frozenset(self._schema.names)

        def check(row: dict) -> dict:
            if row.keys() != names:
                raise ValueError(f"row fields differ from schema: {sorted(set(row) ^ names)}")
            return row

        return (
            rows
            | "CheckFields" >> beam.Map(check)
            | "WriteParquet"
            >> beam.io.WriteToParquet(
                self._prefix, self._schema, file_name_suffix=".parquet", shard_name_template="-SSSSS-of-NNNNN"
            )
        )
