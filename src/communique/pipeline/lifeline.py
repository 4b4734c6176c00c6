"""Worker processes that die with their parent.

A worker waiting for its next task never learns that the parent was killed (kill -9 runs no
cleanup): forked workers hold both ends of the task pipe themselves, so no end-of-file ever
comes, and an orphaned worker waits forever, holding its memory and the store's files open.
Two guards, set when a worker starts:

- on Linux, the kernel sends the worker SIGKILL the moment its parent dies
  (``prctl(PR_SET_PDEATHSIG)``); nothing in a worker needs cleaning up, so no gentler signal;
- everywhere, a daemon thread polls the parent's process id and ends the worker once it
  changes: an orphan is adopted by another process, so a new parent id means the old one died.

``PR_SET_PDEATHSIG`` fires when the *thread* that forked the worker ends: the executor forks its
workers from the thread that first submits work, and that thread runs the pool to its end, so
workers are not ended early.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal
import sys
import threading
import time

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# How often the watchdog looks at the parent id: an orphan lingers at most this long.
POLL_SECONDS = 0.5
# A worker that outlives its parent exits with this status (no one is left to read it).
ORPHAN_EXIT = 70


def die_with_parent(parent_pid: int) -> None:
    """Make this process end when ``parent_pid``, its parent, dies (a worker initializer)."""
    _set_death_signal()
    if os.getppid() != parent_pid:  # the parent died before the guard was in place
        os._exit(ORPHAN_EXIT)
    watchdog = threading.Thread(
        target=_watch, args=(parent_pid,), name="communique-parent-watchdog", daemon=True
    )
    watchdog.start()


def _set_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where that is unknown."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        failed = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0
    except (OSError, AttributeError) as exc:  # no libc (musl names), no prctl symbol
        logger.debug("parent-death signal not set (%s); the watchdog thread stays", exc)
        return False
    if failed:
        logger.debug("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    return not failed


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(POLL_SECONDS)
    # os._exit, not sys.exit: this is not the main thread, and no cleanup should wait on a
    # parent that is gone.
    os._exit(ORPHAN_EXIT)
