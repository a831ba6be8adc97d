"""How soon a running process hears of a new training run (``encore.recommendations``).

Run: ``python -m bench.live_results_bench [--rounds 20]``

Starts a private tansu broker and mongod, saves a run into MongoDB, publishes its notice the
way the worker does (through an outbox and the publisher process) and times how long the
:class:`~engine.events.results_watcher.ResultsWatcher` takes to call back with that run, after
checking it is the store's active run. Printed: median and worst of ``rounds`` runs, and how long
joining the consumer group took.

Target: the notice reaches a listening desktop within 2 s (median), so "Mixes updated" follows
a finished training run at once on a household server.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


from engine.config import load_config  # noqa: E402
from engine.context import build_context  # noqa: E402
from engine.events.announce import announce_active_run  # noqa: E402
from engine.events.kafka import ensure_topics  # noqa: E402
from engine.events.results_watcher import ResultsWatcher  # noqa: E402
from tests.saved_runs import save_empty_run  # noqa: E402
from tests.servers.mongod import start_mongod  # noqa: E402
from tests.servers.tansu import start_tansu  # noqa: E402

TARGET_MEDIAN_S = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="encore-live-bench-") as tmp:
        work = Path(tmp)
        broker = start_tansu(work)
        mongod = start_mongod(work / "mongod")
        try:
            env = {
                "ENCORE_HOME": str(work / "server"),
                "ENCORE_CONFIG": str(work / "server" / "config.toml"),
                "ENCORE_KAFKA": broker.bootstrap,
                "ENCORE_MONGO": f"{mongod.uri}/encore_bench",
            }
            ensure_topics(broker.bootstrap)
            with build_context(load_config(env=env)) as server:
                heard: queue.Queue = queue.Queue()
                joined = time.perf_counter()
                watcher = ResultsWatcher(
                    broker.bootstrap,
                    server.store,
                    "bench-device",
                    serving=lambda: None,
                    on_new_run=lambda run: heard.put((time.perf_counter(), run.run_id)),
                ).start()
                try:
                    if not watcher.listening.wait(60):
                        print("the watcher never joined its group", file=sys.stderr)
                        return 1
                    join_s = time.perf_counter() - joined
                    latencies = []
                    for i in range(args.rounds):
                        save_empty_run(server.store, f"bench-{i}")
                        sent = time.perf_counter()
                        announce_active_run(server)  # outbox -> publisher process -> Kafka
                        at, run_id = heard.get(timeout=60)
                        assert run_id == f"bench-{i}", run_id
                        latencies.append(at - sent)
                finally:
                    watcher.stop()
        finally:
            broker.stop()
            mongod.stop()
    median = statistics.median(latencies)
    print(f"group join: {join_s:.2f} s")
    print(
        f"notice -> callback over {len(latencies)} runs: median {median * 1000:.0f} ms, "
        f"worst {max(latencies) * 1000:.0f} ms (target median <= {TARGET_MEDIAN_S:.1f} s: "
        f"{'met' if median <= TARGET_MEDIAN_S else 'NOT met'})"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if median <= TARGET_MEDIAN_S else 1


if __name__ == "__main__":
    sys.exit(main())
