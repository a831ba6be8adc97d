"""``encore worker``: run the backend worker (Kafka → MongoDB, scheduled training).

Registered with the engine's CLI through the ``encore.commands`` entry point (pyproject.toml),
so the command lives beside the worker it runs and the engine never imports ``backend``.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading

from engine.context import Context
from engine.logs import to_stderr


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "worker",
        help="store play events and features from Kafka in MongoDB (server mode)",
        description="Needs ENCORE_KAFKA and ENCORE_MONGO. Stops cleanly on SIGTERM / Ctrl-C.",
    )
    parser.add_argument("--batch", type=int, default=5000, help="messages per MongoDB batch")
    parser.add_argument(
        "--no-training", action="store_true", help="never start the Spark training job"
    )
    parser.add_argument(
        "--train-every",
        type=float,
        default=6.0,
        metavar="HOURS",
        help="retrain at least this often when anything changed (default 6)",
    )
    parser.add_argument(
        "--train-after-events",
        type=int,
        default=10_000,
        metavar="N",
        help="retrain once N new play events arrived (default 10000)",
    )
    parser.add_argument(
        "--train-after-tracks",
        type=int,
        default=50,
        metavar="N",
        help="retrain once N tracks got new features (default 50)",
    )
    parser.set_defaults(handler=_worker)


def _worker(args: argparse.Namespace, ctx: Context) -> int:
    from backend.training import TrainingPolicy
    from backend.worker import build_worker

    to_stderr(logging.INFO, "%(asctime)s %(levelname)s %(message)s")
    # Reconnect chatter from the client library would drown the worker's own messages.
    logging.getLogger("kafka").setLevel(logging.CRITICAL)
    policy = None
    if not args.no_training:
        policy = TrainingPolicy(
            every_s=args.train_every * 3600.0,
            min_new_events=args.train_after_events,
            min_new_tracks=args.train_after_tracks,
        )
    stop = threading.Event()
    worker = build_worker(ctx, batch=args.batch, stop=stop, policy=policy)

    def _on_signal(signum: int, _frame: object) -> None:
        logging.getLogger("backend.worker").info("signal %d: stopping", signum)
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    status = worker.run()
    if worker.trigger is not None:
        worker.trigger.join()
    print(
        f"worker stopped: {status.batches} batches, {status.events_new} new events "
        f"({status.events_duplicate} duplicates, {status.events_cleared} cleared before), "
        f"{status.features} features, "
        f"{status.dead_letters} dead letters",
        flush=True,
    )
    return 0
