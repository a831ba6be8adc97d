"""What the two ways of handing the feature matrix to Spark cost:
``python -m bench.snapshot_bench [--tracks 100000 1000000] [--master local[2]]``.

- ``parquet``: pyarrow writes the snapshot, executors read it (local mode, or a cluster with
  ``ENCORE_SPARK_SHARED_DIR``).
- ``arrow``: ``spark.createDataFrame`` from pandas with Arrow batches through the driver (a
  cluster without shared storage).

Each is timed until the frame is cached on the executors (``cache().count()``), the point where
training starts its k-means passes. The driver JVM's used heap after the step shows what the
Arrow path keeps on the driver.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench.train_bench import synthetic_features


def _heap_mb(spark) -> float:
    jvm = spark.sparkContext._jvm
    jvm.java.lang.System.gc()
    rt = jvm.java.lang.Runtime.getRuntime()
    return (rt.totalMemory() - rt.freeMemory()) / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args(argv)

    from engine.analysis.features import FEATURE_NAMES
    from engine.spark.session import create_session
    from engine.spark.snapshot import arrow_frame, feature_columns, write_parquet

    spark = create_session(args.master, app_name="encore-snapshot-bench", driver_memory="4g")
    rows = []
    try:
        for n in args.tracks:
            matrix = synthetic_features(n, len(FEATURE_NAMES))
            ids = [f"{i:032x}" for i in range(n)]
            cols = feature_columns(matrix.shape[1])
            with tempfile.TemporaryDirectory(prefix="encore-snapshot-bench-") as tmp:
                for kind in ("parquet", "arrow"):
                    gc.collect()
                    t0 = time.perf_counter()
                    if kind == "parquet":
                        path = Path(tmp) / f"{n}"
                        write_parquet(
                            path, ids, matrix, parts=spark.sparkContext.defaultParallelism
                        )
                        df = spark.read.parquet(str(path))
                    else:
                        df = arrow_frame(spark, ids, matrix, cols)
                    df = df.cache()
                    assert df.count() == n
                    seconds = time.perf_counter() - t0
                    heap = _heap_mb(spark)
                    parts = df.rdd.getNumPartitions()
                    df.unpersist(blocking=True)
                    rows.append((n, kind, seconds, parts, heap))
    finally:
        spark.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'tracks':>9}  {'snapshot':<8}  {'to cached':>10}  {'partitions':>10}  heap used")
    for n, kind, seconds, parts, heap in rows:
        print(f"{n:>9}  {kind:<8}  {seconds:>8.1f} s  {parts:>10}  {heap:>6.0f} MB")
    print(f"master {args.master}; driver Python peak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
