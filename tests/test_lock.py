"""requirements.lock and requirements-dev.lock pin every distribution, transitive
ones too, at the versions installed here (the versions the tests ran on).

Regenerate them with the two pip-compile commands at the top of each lock file
(README, "Pinned versions")."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK, DEV_LOCK = ROOT / "requirements.lock", ROOT / "requirements-dev.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def pins(path: Path) -> dict[str, str]:
    """name -> version of every `name==version` line of a requirements file."""
    found = {}
    for line in path.read_text().splitlines():
        if match := PIN.match(line.strip()):
            found[canonicalize_name(match[1])] = match[2]
    return found


def needed_by(names) -> set[str]:
    """Every installed distribution `names` need, transitively (markers evaluated
    for this interpreter, extras not taken)."""
    todo, seen = list(names), set()
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        for spec in metadata.requires(name) or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


@pytest.mark.parametrize("lock", [LOCK, DEV_LOCK], ids=lambda p: p.name)
def test_every_pin_is_what_is_installed(lock):
    wrong = {name: (version, metadata.version(name)) for name, version in pins(lock).items()
             if metadata.version(name) != version}
    assert wrong == {}, "pinned vs installed"


@pytest.mark.parametrize("lock, sources", [
    (LOCK, ["requirements.txt"]),
    (DEV_LOCK, ["requirements.txt", "requirements-dev.txt"]),
], ids=["runtime", "dev"])
def test_lock_holds_everything_the_requirements_need(lock, sources):
    """Every distribution the requirements pull in, transitively, is pinned in the
    lock, and each direct pin is the lock's (the lock is not stale)."""
    wanted = {}
    for source in sources:
        wanted.update(pins(ROOT / source))   # its own pins, not the files it includes
    locked = pins(lock)
    assert {n: v for n, v in wanted.items() if locked.get(n) != v} == {}, "stale lock"
    unpinned = needed_by(wanted) - set(locked) - {"pip", "setuptools"}
    assert sorted(unpinned) == []


def test_dev_lock_keeps_the_runtime_versions():
    runtime, dev = pins(LOCK), pins(DEV_LOCK)
    assert {n: (v, dev.get(n)) for n, v in runtime.items() if dev.get(n) != v} == {}


@pytest.mark.parametrize("lock", [LOCK, DEV_LOCK], ids=lambda p: p.name)
def test_lock_names_no_index_or_local_path(lock):
    """Installable on any machine: no --index-url/--find-links of the machine it was made on."""
    options = [line for line in lock.read_text().splitlines() if line.startswith("-")]
    assert options == []
