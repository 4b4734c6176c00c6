"""Workers die with their parent: kill -9 of a run leaves no process behind (issue 18, item 5).

The processes are real; their parent is either a small script that starts a pool the way
``code_in_workers`` does, or a real ``communique run --workers 2``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").is_file(), reason="finds processes through Linux's /proc"
)

# Within this many seconds of the parent's death, no worker may be left (the bound).
GONE_WITHIN = 5.0

# A parent that starts two forked workers with the lifeline, gives them work that would take
# minutes, and waits. With "watchdog-only" the kernel's parent-death signal is left unset.
FAKE_PARENT = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from communique.pipeline import lifeline

if sys.argv[1] == "watchdog-only":
    lifeline._set_death_signal = lambda: False
pool = ProcessPoolExecutor(
    2,
    mp_context=multiprocessing.get_context("fork"),
    initializer=lifeline.die_with_parent,
    initargs=(os.getpid(),),
)
for _ in range(2):
    pool.submit(time.sleep, 300)
print("started", flush=True)
time.sleep(300)
"""


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name, or None once the process is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"  # a zombie has ended; only reaping is left


def wait_for_children(parent: subprocess.Popen[bytes], count: int, timeout: float) -> set[int]:
    deadline = time.monotonic() + timeout
    while True:
        assert parent.poll() is None, "the parent ended before its workers were seen"
        found = children(parent.pid)
        if len(found) >= count:
            return found
        assert time.monotonic() < deadline, f"no {count} workers after {timeout}s"
        time.sleep(0.05)


def left_after(workers: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while (left := {pid for pid in workers if alive(pid)}) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.fixture
def reaper() -> Iterator[set[int]]:
    """Pids to SIGKILL after the test, so that a failing test leaves nothing behind either."""
    pids: set[int] = set()
    yield pids
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("guard", ["death-signal-and-watchdog", "watchdog-only"])
def test_workers_end_within_seconds_of_their_parents_kill_9(guard: str, reaper: set[int]) -> None:
    parent = subprocess.Popen([sys.executable, "-c", FAKE_PARENT, guard], stdout=subprocess.PIPE)
    reaper.add(parent.pid)
    assert parent.stdout is not None and parent.stdout.readline() == b"started\n"
    workers = wait_for_children(parent, 2, timeout=30)
    reaper.update(workers)
    assert all(alive(pid) for pid in workers)
    parent.kill()  # SIGKILL: no cleanup runs in the parent
    parent.wait()
    assert left_after(workers, GONE_WITHIN) == set()


@pytest.mark.slow
@pytest.mark.model
def test_kill_9_of_a_run_with_two_workers_leaves_no_worker_behind(
    tmp_path: Path, reaper: set[int]
) -> None:
    stories = tmp_path / "stories"
    stories.mkdir()
    for n in range(400):  # enough that the workers are still coding when the run is killed
        (stories / f"{n:03}.txt").write_text(
            f"Story {n}. US Secretary of State Antony Blinken met Wang Yi in Beijing on Friday. "
            "Both sides agreed to keep talking about trade.\n",
            "utf-8",
        )
    command = "from communique.cli import main; main()"
    args = ["run", str(stories), "--workers", "2", "--db", str(tmp_path / "x.duckdb")]
    parent = subprocess.Popen(
        [sys.executable, "-c", command, *args, "--published", "2024-04-26"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    reaper.add(parent.pid)
    workers = wait_for_children(parent, 2, timeout=240)  # after the model has loaded
    reaper.update(workers)
    parent.kill()
    parent.wait()
    assert left_after(workers, GONE_WITHIN) == set()
