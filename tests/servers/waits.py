"""How long a server-mode test waits for a real server to act before it calls the wait failed.

Caps, not pauses: a test goes on the moment the condition holds. They are sized for a 2-core CI
machine at load 40, where a CI run saw 60 s delivery waits and mongod's 30 s start run out.
"""

DELIVERY_WAIT_S = 180.0  # an outbox's events reaching the broker; a notice reaching a watcher
SERVER_START_S = 120.0  # mongod or the broker answering after its process starts
