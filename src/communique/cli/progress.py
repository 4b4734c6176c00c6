"""Progress of a command that codes many stories, on standard error.

In a terminal: a rich bar with the stories done out of their total, the events found, the
time elapsed and an estimate of the time left (a pulsing bar and no estimate when the total
cannot be known, as with standard input). Elsewhere (a log file, a pipe, a CI job): a plain
line every ``every`` stories or ``seconds`` seconds, whichever comes first, and one when the
last story is done. Nothing is printed before the first story is done, so a command that
fails at once says only its error. Standard output is left alone: a summary printed after
the ``with`` block starts on its own line, below the finished bar; what is printed there
during the run goes where standard output goes, never to standard error.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

PLAIN_LINES = 20  # with a known total, a plain line about every 5% ...
PLAIN_EVERY_UNKNOWN = 100  # ... or every 100 stories without one
PLAIN_SECONDS = 10.0  # ... and at least every 10 seconds while stories are being done


def clock_text(seconds: float) -> str:
    """``seconds`` as H:MM:SS, like the bar's own columns."""
    whole = max(0, round(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


class StoryProgress:
    """Counts stories done (``advance``) and shows it on ``console``, a terminal or not."""

    def __init__(
        self,
        console: Console,
        total: int | None,
        *,
        label: str = "coding",
        every: int | None = None,
        seconds: float = PLAIN_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.console = console
        self.total = total
        self.label = label
        self.done = 0
        self.events = 0
        self.terminal = console.is_terminal
        if every is None:
            every = max(1, total // PLAIN_LINES) if total else PLAIN_EVERY_UNKNOWN
        self.every = every
        self.seconds = seconds
        self.clock = clock
        self._started = 0.0
        self._first_done: float | None = None
        self._last_line = (0, 0.0)  # stories done and time at the last plain line
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._handlers: list[tuple[logging.StreamHandler[Any], Any]] = []

    # -- the context ----------------------------------------------------------------------

    def __enter__(self) -> StoryProgress:
        self._started = self.clock()
        self._last_line = (0, self._started)
        if self.terminal:
            self._bar = Progress(
                *self._columns(),
                console=self.console,
                # Standard output stays where it goes: the bar would send what is written
                # there to standard error (see code_stories for output to a terminal).
                redirect_stdout=False,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(self.label, total=self.total, events=0)
            self._route_logging()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None and self._task is not None:
            if kind is None:  # a total counted up front may differ by a row or two
                self._bar.update(self._task, total=self.done, completed=self.done)
            self._restore_logging()
            self._bar.__exit__(kind, value, traceback)
        elif kind is None and self.done:
            if self.total not in (None, self.done):  # the count up front was a row off
                self.total = self.done
                self._line()
            elif self._last_line[0] != self.done:
                self._line()

    def _columns(self) -> list[ProgressColumn | str]:
        counted: ProgressColumn = (
            MofNCompleteColumn() if self.total is not None else TextColumn("{task.completed}")
        )
        columns: list[ProgressColumn | str] = [
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            counted,
            TextColumn("stories · {task.fields[events]} events ·"),
            TimeElapsedColumn(),
        ]
        if self.total is not None:
            columns += [TextColumn("elapsed ·"), TimeRemainingColumn(), TextColumn("left")]
        return columns

    def _route_logging(self) -> None:
        """Log records written to standard error go above the bar, not through it."""
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is sys.__stderr__:
                self._handlers.append((handler, handler.stream))
                handler.setStream(sys.stderr)  # the bar's proxy while it is drawn

    def _restore_logging(self) -> None:
        for handler, stream in self._handlers:
            handler.setStream(stream)
        self._handlers.clear()

    # -- counting -------------------------------------------------------------------------

    def advance(self, events: int = 0) -> None:
        """One more story done (coded, rejected or found already stored)."""
        self.done += 1
        self.events += events
        now = self.clock()
        if self._first_done is None:
            self._first_done = now
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, events=self.events)
            return
        last_done, last_time = self._last_line
        if self.done - last_done >= self.every or now - last_time >= self.seconds:
            self._line(now)

    def _left(self, now: float) -> float | None:
        """Seconds left at the pace since the first story was done (which also waited for
        the model to load), or None without a total or a pace yet."""
        if self.total is None or self._first_done is None or self.done < 2:
            return None
        pace = (now - self._first_done) / (self.done - 1)
        return max(0, self.total - self.done) * pace

    def line(self, now: float | None = None) -> str:
        """The plain progress line for the count so far."""
        now = self.clock() if now is None else now
        elapsed = clock_text(now - self._started)
        finished = self.total is not None and self.done >= self.total
        if self.total is not None:
            share = min(100, self.done * 100 // self.total) if self.total else 100
            counted = f"{self.done}/{self.total} stories ({share}%)"
        else:
            counted = f"{self.done} {'story' if self.done == 1 else 'stories'}"
        text = f"{self.label}: {counted}, {self.events} events, {elapsed} elapsed"
        left = self._left(now)
        if left is not None and not finished:
            text += f", about {clock_text(left)} left"
        return text

    def _line(self, now: float | None = None) -> None:
        now = self.clock() if now is None else now
        self.console.print(self.line(now), markup=False, highlight=False, soft_wrap=True)
        self._last_line = (self.done, now)
