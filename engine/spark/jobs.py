"""Spark jobs by name: the same handler runs embedded (``local[*]``) and on a cluster.

A job is a function ``handler(spark, ctx, **options) -> result``. Callers (``encore train``, the
backend's job runner) look a job up by name, start one session for it with
:func:`run_job`, and never build sessions themselves.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from engine.errors import EncoreError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from engine.context import Context

JobHandler = Callable[..., Any]

# name -> "module:function"; imported on first use so that listing jobs never loads pyspark.
JOBS: dict[str, str] = {
    "train": "engine.recommend.training:train_job",
    "als": "engine.recommend.als:als_job",
}


class UnknownJobError(EncoreError):
    pass


def get_job(name: str) -> JobHandler:
    try:
        target = JOBS[name]
    except KeyError:
        raise UnknownJobError(
            f"unknown Spark job {name!r} (known: {', '.join(sorted(JOBS))})"
        ) from None
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


@contextlib.contextmanager
def spark_session(
    ctx: Context, name: str, spark: SparkSession | None = None
) -> Iterator[SparkSession]:
    """``spark``, else the process's active session, else a new one stopped on exit."""
    if spark is None:
        from pyspark.sql import SparkSession

        spark = SparkSession.getActiveSession()
    if spark is not None:
        yield spark
        return
    from engine.spark.session import create_session

    session = create_session(
        ctx.config.spark_master,
        app_name=f"encore-{name}",
        executor_python=ctx.config.spark_python,
    )
    try:
        yield session
    finally:
        session.stop()


def run_job(
    name: str,
    ctx: Context,
    *,
    spark: SparkSession | None = None,
    **options: Any,
) -> Any:
    """Run job ``name`` on ``spark``, on the process's active session, or on a new session for
    ``ctx.config.spark_master``.

    A session this call starts is stopped when the job ends, so a CLI run leaves no JVM behind;
    a session passed in or already active (tests, a long-lived backend runner) is left running.
    """
    handler = get_job(name)
    with spark_session(ctx, name, spark) as session:
        return handler(session, ctx, **options)
