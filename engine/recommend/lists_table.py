"""Where training's first-pass neighbour lists wait between the neighbour step and the save.

The lists of a million tracks (20M entries) never sit in the driver at once: the border probe
and the small-cluster fill read them in Spark, and the save streams them to the store. Where the
driver can read what the executors write (``local[*]``, or a cluster with ``spark_shared_dir``:
the snapshot's directory), Spark writes them as Parquet and the driver streams that file with
pyarrow, a batch of columns at a time. Otherwise (a cluster without shared storage) they are
persisted on the executors' disks and come back through ``toLocalIterator``, which pickles every
row and every list element in the JVM and builds a ``Row`` per track in Python.
"""

from __future__ import annotations

import shutil
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

# What the save reads of each track's row: the list's stored text (engine.stored_list; it
# holds the neighbours' ids too, in the same order) and their squared distances (for the
# border merge).
LIST_COLUMNS = ("track_id", "listed", "d2s")
_BATCH_ROWS = 4096

# (track_id, stored text, list length, squared distances)
ListRow = tuple[str, str, int, Sequence[float]]


@dataclass(slots=True)
class ListsTable:
    """The first pass's table (one row per track), readable by Spark and by the driver."""

    frame: DataFrame
    directory: Path | None  # the Parquet files, or None when persisted in Spark

    @classmethod
    def keep(cls, computed: DataFrame, directory: Path | None) -> ListsTable:
        """Compute ``computed`` once and keep it: as Parquet in ``directory`` (which the
        executors write and the driver reads), else persisted on the executors' disks."""
        if directory is None:
            from pyspark import StorageLevel

            return cls(computed.persist(StorageLevel.DISK_ONLY), None)
        computed.write.parquet(str(directory))
        return cls(computed.sparkSession.read.parquet(str(directory)), directory)

    def rows(self, merging: Container[str] | None = None) -> Iterator[ListRow]:
        """Every track's ``LIST_COLUMNS``, in any order; read once, partition by partition.

        With ``merging``, only those tracks' distances are read (the others' are empty): a list
        the border probe did not change is copied as its text, and reading its entries into
        Python objects for nothing took a third of the save.
        """
        if self.directory is None:
            for row in self.frame.select(*LIST_COLUMNS).toLocalIterator():
                yield row[0], row[1], len(row[2]), row[2]
            return
        import pyarrow.compute as pc
        import pyarrow.dataset as ds

        # Spark's _SUCCESS marker and hidden files are skipped by pyarrow's discovery.
        table = ds.dataset(str(self.directory), format="parquet")
        # One file and one batch read ahead: pyarrow's default (4 files, 16 batches) held
        # twice the decoded lists in memory (200k synthetic lists: 417 MB peak, 209 MB so).
        batches = table.to_batches(
            columns=list(LIST_COLUMNS),
            batch_size=_BATCH_ROWS,
            batch_readahead=1,
            fragment_readahead=1,
        )
        for batch in batches:
            tids = batch.column("track_id").to_pylist()
            texts = batch.column("listed").to_pylist()
            sizes = pc.list_value_length(batch.column("d2s")).to_pylist()
            if merging is None:
                picked = list(range(len(tids)))
            else:
                picked = [i for i, t in enumerate(tids) if t in merging]
            d2s: dict[int, Sequence[float]] = {}
            if picked:
                taken = batch.column("d2s").take(picked).to_pylist()
                d2s = dict(zip(picked, taken, strict=True))
            for i, (tid, text, size) in enumerate(zip(tids, texts, sizes, strict=True)):
                yield tid, text, size, d2s.get(i, ())

    def release(self) -> None:
        if self.directory is None:
            self.frame.unpersist()
        else:
            shutil.rmtree(self.directory, ignore_errors=True)
