"""Only regular files are read: pipes, devices, link loops and broken links are rejected.

Reading runs in a child process with a time and an address-space limit, because the failure
these tests guard against is a read that never ends (a FIFO with no writer) or one that grows
until memory runs out (a link to /dev/zero): a regression must fail the test, not hang it or
take the machine's memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from communique.ingest.filekinds import NotRegular, open_regular

pytestmark = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs FIFOs and /dev"
)

STORY = "The minister met the envoy in the capital on Tuesday to discuss the border."
_READ = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3_000_000_000, 3_000_000_000))
from communique.ingest import read_articles
items = read_articles(sys.argv[1:])
print(json.dumps([[type(i).__name__, i.origin, getattr(i, "reason", "")] for i in items]))
"""


def _read_in_child(*paths: Path) -> dict[str, tuple[str, str]]:
    """origin -> (record type, reason) for everything read from ``paths``."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _READ, *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("reading did not end within 60 s (a pipe or a device was read)")
    assert done.returncode == 0, done.stderr[-2000:]
    return {origin: (kind, reason) for kind, origin, reason in json.loads(done.stdout)}


def _special_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(STORY)
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "sub" / "pipe.jsonl")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    (folder / "linked").symlink_to(folder / "sub")
    return folder


def test_a_fifo_named_as_an_argument_is_rejected_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text(STORY)
    seen = _read_in_child(fifo, good)
    assert seen[str(fifo)] == (
        "Rejected",
        "Not a regular file: named pipe (FIFO); only regular files are read.",
    )
    assert seen[str(good)][0] == "Article"  # the run goes on after it


def test_a_link_to_a_device_named_as_an_argument_is_not_read(tmp_path: Path) -> None:
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    kind, reason = _read_in_child(zero)[str(zero)]
    assert kind == "Rejected"
    assert "not a regular file: character device behind a symbolic link" in reason.lower()


def test_special_files_in_a_folder_are_each_recorded_with_their_kind(tmp_path: Path) -> None:
    folder = _special_folder(tmp_path)
    seen = _read_in_child(folder)
    assert seen.pop(str(folder / "good.txt"))[0] == "Article"
    assert seen.pop(str(folder / "sub" / "pipe.jsonl"))[0] == "Rejected"  # in a sub-folder too
    expected = {
        "pipe.txt": "named pipe (FIFO)",
        "zero.txt": "character device behind a symbolic link",
        "loop.txt": "symbolic link loop",
        "gone.txt": "broken symbolic link",
        "linked": "symbolic link to a folder",
    }
    assert set(seen) == {str(folder / name) for name in expected}
    for name, kind in expected.items():
        record, reason = seen[str(folder / name)]
        assert record == "Rejected", name
        assert reason.startswith(f"Not a regular file: {kind}"), (name, reason)


def test_a_named_symlink_loop_is_not_reported_as_missing(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to("loop.txt")
    _, reason = _read_in_child(loop)[str(loop)]
    assert "symbolic link loop" in reason and "does not exist" not in reason


def test_a_path_swapped_for_a_fifo_after_the_check_is_refused_when_opened(
    tmp_path: Path,
) -> None:
    # open_regular looks again at what it opened: a FIFO must neither block nor be read.
    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    with pytest.raises(NotRegular) as raised:
        open_regular(fifo)
    assert raised.value.kind == "named pipe (FIFO)"
    regular = tmp_path / "plain.txt"
    regular.write_text(STORY)
    with open_regular(regular) as handle:
        assert handle.read() == STORY.encode()
