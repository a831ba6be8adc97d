"""Encore's log file, the one a bug report attaches (:attr:`engine.config.Config.log_file`).

The desktop and every CLI command append to the same file, rotated at 1 MB with three old files
kept. Records from Encore's own packages at INFO and up and anyone's warnings go there, plus
every uncaught exception with its traceback (main thread and worker threads). On stderr nothing
changes: warnings still appear there as they did before a handler existed.

Two processes may write at once (the window and a command). Appends from both land intact;
when one rotates, the other keeps appending to the renamed file until it restarts, which costs
at most a few lines in ``encore.log.1`` instead of ``encore.log``.
"""

from __future__ import annotations

import logging
import sys
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

MAX_BYTES = 1_000_000
BACKUPS = 3
OUR_PACKAGES = ("engine", "desktop", "backend")
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
_HANDLER_NAME = "encore-log-file"
_STDERR_NAME = "encore-stderr"

# Records for the file alone (never stderr): failures the user was already told about, and
# tracebacks that the interpreter prints itself.
file_only = logging.getLogger("encore.file")
file_only.propagate = False
file_only.addHandler(logging.NullHandler())  # before the file exists: dropped, not printed


def start_log_file(path: Path, program: str) -> Path | None:
    """Log to ``path`` from now on (once per process); None when it cannot be written."""
    root = logging.getLogger()
    if any(h.get_name() == _HANDLER_NAME for h in root.handlers):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # backslashreplace: a file name that is not UTF-8 in a message must not break logging.
        handler = RotatingFileHandler(
            path,
            maxBytes=MAX_BYTES,
            backupCount=BACKUPS,
            encoding="utf-8",
            errors="backslashreplace",
        )
    except OSError as exc:
        # A log file is a help for bug reports, never a reason not to run.
        print(f"encore: not logging to a file ({exc})", file=sys.stderr)
        return None
    handler.set_name(_HANDLER_NAME)
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(FORMAT))
    if not root.handlers:
        to_stderr(logging.WARNING, "%(message)s")  # what logging's last resort printed
    root.addHandler(handler)
    file_only.addHandler(handler)
    file_only.setLevel(logging.INFO)
    for name in OUR_PACKAGES:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)
    _log_uncaught()
    file_only.info("%s started (Python %s)", program, sys.version.split()[0])
    return path


def to_stderr(level: int, fmt: str) -> logging.Handler:
    """Print records of ``level`` and up on stderr (``logging.basicConfig`` would do nothing
    once the log file's handler exists). A second call replaces the first one's handler."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _STDERR_NAME]:
        root.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_STDERR_NAME)
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(fmt))
    root.addHandler(handler)
    if root.level > level:
        root.setLevel(level)
    return handler


def _log_uncaught() -> None:
    previous_hook = sys.excepthook
    previous_thread_hook = threading.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            file_only.critical("uncaught exception", exc_info=(kind, value, tb))
        previous_hook(kind, value, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not SystemExit and args.exc_value is not None:
            name = args.thread.name if args.thread is not None else "?"
            file_only.critical(
                "uncaught exception in thread %s",
                name,
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )
        previous_thread_hook(args)

    sys.excepthook = hook
    threading.excepthook = thread_hook
