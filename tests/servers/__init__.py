"""Real servers for tests, started on 127.0.0.1 with free ports and torn down afterwards.

Each module is a pytest plugin (listed in ``tests/conftest.py``'s ``pytest_plugins``) that
exposes fixtures, plus a small class a fault test can stop and restart itself.
"""
