"""How the feature matrix reaches Spark: a Parquet snapshot, or Arrow batches through the driver.

Executors read the training input themselves, so where it lives must be readable by every
executor, by design and not because driver and executors happen to share a disk:

- ``local[*]``: executors are threads of the driver's JVM; Parquet in ``cache_dir``.
- a cluster master with ``spark_shared_dir`` set (``ENCORE_SPARK_SHARED_DIR``): Parquet in that
  directory, which the user mounts at the same path on the driver and on every worker (in
  ``docker-compose.backend.yml`` one named volume on the Encore worker and the Spark worker).
- a cluster master without it: ``spark.createDataFrame`` from a pandas frame with Arrow enabled;
  pyspark cuts it into Arrow record batches of ``spark.sql.execution.arrow.maxRecordsPerBatch``
  rows, one partition each, so no task carries more than one batch (10,000 tracks ≈ 2.4 MB) and
  nothing needs shared storage. The driver holds the batches once more in its JVM until the
  snapshot is cached on the executors.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from engine.errors import EncoreError
from engine.spark.session import is_local

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from engine.config import Config

SnapshotKind = Literal["parquet", "shared-parquet", "arrow"]


class SnapshotError(EncoreError):
    """The snapshot could not be written or read where the executors look for it."""


def feature_columns(d: int) -> list[str]:
    """Parquet/Spark column names of the ``d`` features (names may hold any character)."""
    return [f"f{i:03d}" for i in range(d)]


def write_parquet(
    directory: Path, track_ids: list[str], matrix: np.ndarray, parts: int = 1
) -> list[str]:
    """Write ``track_id`` + one float32 column per feature as ``parts`` Parquet files.

    Spark reads equal files of a directory as one partition each (each is under the split
    size its bytes-per-core rule sets), so ``parts`` files give ``parts`` partitions without
    a shuffle; one file of one row group was read as a single partition and had to be
    repartitioned for the cores.

    Parameters
    ----------
    directory : Path
        Target directory (created).
    track_ids : list of str, length n
    matrix : np.ndarray, shape (n, d)
        Cast to float32.
    parts : int
        Files to write, consecutive slices of the rows of (nearly) equal length.

    Returns
    -------
    list of str
        The feature column names.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = feature_columns(matrix.shape[1])
    directory.mkdir(parents=True, exist_ok=True)
    n = len(track_ids)
    bounds = np.linspace(0, n, max(1, min(parts, n)) + 1).round().astype(int)
    for i, (start, stop) in enumerate(itertools.pairwise(bounds)):
        arrays = [pa.array(track_ids[start:stop], type=pa.string())]
        arrays += [
            pa.array(np.ascontiguousarray(matrix[start:stop, j], dtype=np.float32))
            for j in range(len(cols))
        ]
        table = pa.Table.from_arrays(arrays, names=["track_id", *cols])
        pq.write_table(table, directory / f"part-{i:05d}.parquet")
    return cols


def choose_kind(master: str, shared_dir: Path | None) -> SnapshotKind:
    if is_local(master):
        return "parquet"
    return "shared-parquet" if shared_dir is not None else "arrow"


@dataclass(slots=True)
class Snapshot:
    """A feature snapshot as a Spark DataFrame (``track_id`` + float feature columns), in
    one partition per core."""

    frame: DataFrame
    columns: list[str]
    kind: SnapshotKind
    directory: Path | None  # files to delete when the job is done (None for Arrow)

    def remove(self) -> None:
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)


def arrow_frame(
    spark: SparkSession, track_ids: list[str], matrix: np.ndarray, cols: list[str]
) -> DataFrame:
    """``track_id`` + float32 feature columns sent through the driver as Arrow batches,
    one partition per batch.

    Parameters
    ----------
    track_ids : list of str, length n
    matrix : np.ndarray, shape (n, d)
    cols : list of str, length d
    """
    import pandas as pd
    from pyspark.sql.types import FloatType, StringType, StructField, StructType

    if spark.conf.get("spark.sql.execution.arrow.pyspark.enabled", "false") != "true":
        # Without Arrow pyspark would pickle 100k rows one by one.
        raise SnapshotError("the Arrow snapshot needs spark.sql.execution.arrow.pyspark.enabled")
    data = {"track_id": pd.Series(track_ids, dtype=object)}
    block = np.ascontiguousarray(matrix, dtype=np.float32)
    data |= {c: block[:, i] for i, c in enumerate(cols)}
    schema = StructType(
        [StructField("track_id", StringType(), False)]
        + [StructField(c, FloatType(), False) for c in cols]
    )
    return spark.createDataFrame(pd.DataFrame(data, copy=False), schema=schema)


def features_frame(
    spark: SparkSession,
    config: Config,
    run_id: str,
    track_ids: list[str],
    matrix: np.ndarray,
) -> Snapshot:
    """The training input for ``spark``, placed where its executors can read it.

    Parameters
    ----------
    spark : SparkSession
    config : Config
        ``cache_dir`` (local) and ``spark_shared_dir`` (cluster) decide the location.
    run_id : str
        Names the snapshot's directory, so concurrent runs never share files.
    track_ids : list of str, length n
    matrix : np.ndarray, shape (n, d)
    """
    cols = feature_columns(matrix.shape[1])
    kind = choose_kind(spark.sparkContext.master, config.spark_shared_dir)
    # One partition per core, so the frame spreads over every executor thread.
    cores = max(spark.sparkContext.defaultParallelism, 1)
    if kind == "arrow":
        frame = arrow_frame(spark, track_ids, matrix, cols).repartition(cores)
        return Snapshot(frame, cols, kind, None)
    root = config.cache_dir if kind == "parquet" else config.spark_shared_dir
    assert root is not None
    directory = root / "training" / run_id
    path = directory / "features"
    try:
        write_parquet(path, track_ids, matrix, parts=cores)
    except OSError as exc:
        shutil.rmtree(directory, ignore_errors=True)
        raise SnapshotError(f"{path}: cannot write the training snapshot ({exc})") from None
    snapshot = Snapshot(spark.read.parquet(str(path)), cols, kind, directory)
    if kind == "shared-parquet":
        _check_readable(snapshot, path)
    return snapshot


def _check_readable(snapshot: Snapshot, path: Path) -> None:
    """Fail early, in one line, when the executors do not see the shared directory."""
    try:
        # Reads the file footers on the executors; cheap next to the k-means passes.
        snapshot.frame.select("track_id").count()
    except Exception as exc:  # py4j errors: only the gist is useful to the user
        snapshot.remove()
        text = str(exc)
        hint = "FileNotFound" if "FileNotFound" in text or "does not exist" in text else ""
        first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
        raise SnapshotError(
            f"{path}: Spark executors cannot read the training snapshot "
            f"({hint or first[:200]}); mount spark_shared_dir at the same path on every worker"
        ) from exc
