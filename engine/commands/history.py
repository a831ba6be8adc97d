"""``encore history import FILE``, ``encore history clear`` and ``encore history stats``."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from engine.commands.output import print_json, printable
from engine.context import Context
from engine.errors import EncoreError
from engine.events.forget import allow_imported, forget_history
from engine.events.history import read_history


def register(sub: argparse._SubParsersAction) -> None:
    history = sub.add_parser("history", help="listening history: import it, count it")
    actions = history.add_subparsers(dest="history_command", metavar="ACTION", required=True)

    imp = actions.add_parser(
        "import",
        help="load play events (JSON lines) or a ListenBrainz listens export",
        description="Accepts Encore play events as JSON lines, and ListenBrainz listens as "
        "JSON lines, a JSON array or the export .zip. Listens are matched to library tracks "
        "by artist and title (case and spacing ignored). Importing a file twice adds nothing.",
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--json", action="store_true", help="print the summary as JSON")
    imp.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="server mode: wait up to this long for the broker to acknowledge the events",
    )
    imp.set_defaults(handler=_import)

    clear = actions.add_parser(
        "clear",
        help="forget your play events (all, or those before a date)",
        description="Removes this listener's play events from this machine and, in server mode, "
        "from the server's MongoDB, with the listener's \"listeners like you\" songs (even with "
        "--before: they were computed from the cleared events too; the next training makes them "
        "again). Popularity and For you no longer see them.",
    )
    clear.add_argument(
        "--before", metavar="DATE", help="only events before this day (YYYY-MM-DD, UTC) or time"
    )
    clear.add_argument("--json", action="store_true", help="print the counts as JSON")
    clear.set_defaults(handler=_clear)

    stats = actions.add_parser("stats", help="recorded events by state and by type")
    stats.add_argument("--json", action="store_true", help="print a JSON object")
    stats.set_defaults(handler=_stats)


def _import(args: argparse.Namespace, ctx: Context) -> int:
    report = read_history(
        args.file,
        ctx.store.iter_tracks(include_missing=True),
        device_id=ctx.config.device_id,
        listener=ctx.config.listener,
    )
    if report.events:
        allow_imported(ctx.config.mongo_uri, ctx.config.listener)
    recorded = ctx.recorder.record_many(report.events, dedup=True) if report.events else 0
    delivered = None
    if args.wait > 0 and ctx.events is not None and ctx.events.publisher is not None:
        delivered = ctx.events.publisher.wait_delivered(args.wait)
    summary = {
        "file": str(args.file),
        "recorded": recorded,
        "already_imported": len(report.events) - recorded,
        "play_events": report.play_events,
        "listens_matched": report.listens_matched,
        "listens_unmatched": report.listens_unmatched,
        "bad_records": len(report.bad),
        "unmatched_examples": [t for t, _ in report.unmatched_examples.most_common(10)],
        "errors": report.bad[:50],
    }
    if delivered is not None:
        summary["delivered"] = delivered
    if args.json:
        print_json(summary, indent=2)
    else:
        # File names may not be UTF-8 and tags may hold anything: printable() never raises.
        print(
            printable(
                f"{args.file}: recorded {recorded} events "
                f"({summary['already_imported']} already imported); "
                f"{report.listens_matched} listens matched, {report.listens_unmatched} unmatched; "
                f"{len(report.bad)} bad records"
            )
        )
        for text in summary["unmatched_examples"]:
            print(printable(f"not in the library: {text}"))
        for error in report.bad[:20]:
            print(printable(f"skipped {error}"))
        if len(report.bad) > 20:
            print(f"... and {len(report.bad) - 20} more bad records")
        if delivered is False:
            print("the broker has not acknowledged everything yet; the rest ships later")
    # Bad records are reported, not fatal; a file with nothing usable at all is a failure.
    return 1 if report.bad and not report.events and not report.listens_unmatched else 0


def parse_before(text: str | None) -> float | None:
    """``YYYY-MM-DD`` (midnight UTC) or an ISO date-time, as unix seconds."""
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise EncoreError(f"--before: not a date (YYYY-MM-DD): {text!r}") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def _clear(args: argparse.Namespace, ctx: Context) -> int:
    before = parse_before(args.before)
    gone = forget_history(
        ctx.recorder.outbox, ctx.config.listener, ctx.config.mongo_uri, before=before
    )
    local, server = gone.local, gone.server
    if args.json:
        remote = None if server is None else server.events
        lists = None if server is None else server.listener_lists
        print(json.dumps({"local": local, "server": remote, "listeners_like_you": lists}))
        return 0
    when = f" before {args.before}" if before is not None else ""
    where = f"; {server.events} on the server" if server is not None else ""
    print(f"forgot {local} play events{when} on this machine{where}")
    if server is not None and server.listener_lists:
        # Even with --before: the list was computed from the cleared events too.
        print(
            'removed your "listeners like you" songs, computed from these events; '
            "the next training makes them again from what is left"
        )
    return 0


def _stats(args: argparse.Namespace, ctx: Context) -> int:
    counts = ctx.recorder.outbox.counts()
    pending = sum(counts["pending"].values())
    delivered = sum(counts["delivered"].values())
    if args.json:
        print(
            json.dumps(
                {
                    "pending": pending,
                    "delivered": delivered,
                    "by_topic": {"pending": counts["pending"], "delivered": counts["delivered"]},
                    "by_type": counts["types"],
                    "kafka": ctx.config.kafka_bootstrap,
                },
                indent=2,
            )
        )
        return 0
    mode = (
        f"shipping to Kafka at {ctx.config.kafka_bootstrap}"
        if ctx.config.kafka_bootstrap
        else ("embedded: the outbox is the event log")
    )
    print(f"{pending + delivered} recorded ({mode})")
    print(f"pending: {pending}    delivered: {delivered}")
    for kind, n in counts["types"].items():
        print(f"  {kind:<10} {n}")
    return 0
