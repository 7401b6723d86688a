"""The app on a free loopback port, and what the operating system says of it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_S = 60
SERVER_ENVIRONMENT = {"PYTHONMALLOC": "malloc"}
"""What ``make run`` and the container set for the page server: Python's
small objects come from the C allocator, which can hand back the pages a
class used once its runs are forgotten (Python's own arenas mostly cannot)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_app() -> Iterator[tuple[str, int]]:
    """Start ``app.py`` headless; yield its address and process id."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]
    # The log goes to a file: a pipe nobody reads would fill and stall the app.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **SERVER_ENVIRONMENT},
            stdout=log,
            stderr=log,
        )
        try:
            yield _ready(f"http://127.0.0.1:{port}", process, log), process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _ready(url: str, process: subprocess.Popen, log) -> str:
    """Wait for the app to answer its health check; return its address."""
    deadline = time.monotonic() + START_S
    while not _healthy(url):
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(
                "the app exited before it was ready:\n"
                + log.read().decode(errors="replace")
            )
        if time.monotonic() > deadline:
            raise RuntimeError(f"the app was not ready after {START_S} s")
        time.sleep(0.3)
    return url


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


def memory_mib(pid: int) -> tuple[float, float]:
    """Resident memory of ``pid`` now and at its peak so far, in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.strip()
    return _kib(fields["VmRSS"]) / 1024, _kib(fields["VmHWM"]) / 1024


def _kib(text: str) -> float:
    number, unit = text.split()
    if unit != "kB":
        raise ValueError(f"unexpected unit {unit!r} in /proc status")
    return float(number)
