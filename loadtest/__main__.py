"""Play a class on one server and print what it cost: ``python -m loadtest``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import sys
import time
from dataclasses import dataclass, field

import numpy as np

from loadtest.browser import PRESSES, Seen, drag_a_slider
from loadtest.server import memory_mib, running_app
from loadtest.session import Rerun, open_student
from page.runs import STORE_IDLE_S, SWEEP_S

SHARED_LOADS = (6.0, 9.0, 15.0, 18.0, 24.0, 30.0)
"""Loads the whole class is asked to try: many students pick the same."""
SHARED_CRASH_RATES = (0.0, 6.0, 12.0)
KINDS = {
    "open": "open the teacher's link",
    "shared": "move to a value others picked too",
    "own": "move to a value of their own",
}


@dataclass
class Class:
    """Everything measured while the class worked."""

    reruns: list[Rerun] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    peak_mib: float = 0.0


async def _student(index: int, url: str, options, lesson: Class, seed: int) -> None:
    rng = random.Random(index)
    await asyncio.sleep(rng.uniform(0, options.arrive_s))

    async def think() -> None:
        await asyncio.sleep(rng.uniform(0.5, options.think_s))

    try:
        student = await open_student(url, options.timeout_s)
    except Exception as error:
        lesson.failures.append(f"student {index}: could not connect: {error!r}")
        return
    try:
        lesson.reruns.append(await student.run("open", options.query))
        await think()
        student.set("load", rng.choice(SHARED_LOADS))
        lesson.reruns.append(await student.run("shared"))
        await think()
        student.set("crash_rate", rng.choice(SHARED_CRASH_RATES))
        lesson.reruns.append(await student.run("shared"))
        await think()
        student.set("seed", seed)
        lesson.reruns.append(await student.run("own"))
    except Exception as error:
        lesson.failures.append(f"student {index}: {type(error).__name__}: {error}")
    finally:
        await student.socket.close()


async def _warm_up(url: str, options) -> None:
    teacher = await open_student(url, options.timeout_s)
    try:
        await teacher.run("teacher", options.query)
    finally:
        await teacher.socket.close()


async def _watch_memory(pid: int, lesson: Class, stop: asyncio.Event) -> None:
    while not stop.is_set():
        lesson.peak_mib = max(lesson.peak_mib, memory_mib(pid)[1])
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


async def _play(
    url: str, pid: int, options, number: int
) -> tuple[Class, Seen | Exception]:
    lesson = Class()
    stop = asyncio.Event()
    watcher = asyncio.create_task(_watch_memory(pid, lesson, stop))

    async def in_browser() -> Seen | Exception:
        await asyncio.sleep(options.arrive_s / 2)
        try:
            return await asyncio.to_thread(drag_a_slider, url, options.timeout_s)
        except Exception as error:
            return error

    browser = asyncio.create_task(in_browser())
    await asyncio.gather(
        *(
            _student(i, url, options, lesson, seed=1000 * number + i)
            for i in range(options.students)
        )
    )
    seen = await browser
    stop.set()
    await watcher
    return lesson, seen


def _arguments(argv: list[str] | None):
    parser = argparse.ArgumentParser(
        prog="python -m loadtest", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument(
        "--arrive-s", type=float, default=10.0, help="spread of arrivals (s)"
    )
    parser.add_argument(
        "--think-s", type=float, default=4.0, help="longest pause between moves (s)"
    )
    parser.add_argument("--timeout-s", type=float, default=300.0)
    parser.add_argument("--query", default="", help="the link's query, without ?")
    parser.add_argument(
        "--classes", type=int, default=1, help="classes in a row on one server"
    )
    options = parser.parse_args(argv)
    for name in ("students", "classes"):
        if getattr(options, name) < 1:
            parser.error(f"--{name}={getattr(options, name)}; allowed: 1 or more")
    return options


def _row(label: str, seconds: list[float]) -> str:
    if not seconds:
        return f"  {label:<36} none"
    p50, p95 = np.percentile(seconds, [50, 95])
    return (
        f"  {label:<36} {len(seconds):>4}   p50 {p50:6.2f} s   "
        f"p95 {p95:6.2f} s   max {max(seconds):6.2f} s"
    )


def main(argv: list[str] | None = None) -> int:
    options = _arguments(argv)
    failed: list[str] = []
    with running_app() as (url, pid):
        idle = memory_mib(pid)[0]
        # The first page imports the libraries; the teacher opens it first.
        asyncio.run(_warm_up(url, options))
        warm = memory_mib(pid)[0]
        print(
            f"Kitchen Sync on {url}: {idle:.0f} MiB idle, {warm:.0f} MiB after "
            "the teacher's first page"
        )
        for number in range(1, options.classes + 1):
            failed += _one_class(number, url, pid, options)
    print(f"\nfailed sessions: {len(failed)}")
    for message in failed:
        print(f"  {message}")
    return 1 if failed else 0


def _one_class(number: int, url: str, pid: int, options) -> list[str]:
    """Play class ``number`` and print what it cost; return its failures."""
    started = time.perf_counter()
    lesson, seen = asyncio.run(_play(url, pid, options, number))
    took = time.perf_counter() - started
    time.sleep(5)  # let the server let go of closed sessions
    left = memory_mib(pid)[0]
    # Runs nobody asks for are forgotten after a while: wait for that.
    time.sleep(STORE_IDLE_S + SWEEP_S + 5)
    after = memory_mib(pid)[0]
    print(
        f"\nClass {number}: {options.students} students and one browser, "
        f"{took:.0f} s; every rerun timed from ask to finish"
    )
    for kind, label in KINDS.items():
        print(_row(label, [r.seconds for r in lesson.reruns if r.kind == kind]))
    print(_row("every rerun", [r.seconds for r in lesson.reruns]))
    print(
        f"  server memory: peak {lesson.peak_mib:.0f} MiB, {left:.0f} MiB as the "
        f"class left, {after:.0f} MiB once its runs were forgotten "
        f"({STORE_IDLE_S + SWEEP_S:.0f} s later)"
    )
    shown_errors = sorted({e for r in lesson.reruns for e in r.errors})
    exceptions = [e for r in lesson.reruns for e in r.exceptions]
    print(f"  error messages shown to students: {len(shown_errors)}")
    for message in shown_errors[:5]:
        print(f"    {message[:100]}")
    failed = list(lesson.failures) + [f"exception on the page: {e}" for e in exceptions]
    if isinstance(seen, Exception):
        failed.append(f"browser: {type(seen).__name__}: {seen}")
    else:
        print(
            f"  browser: page drawn in {seen.opened_s:.1f} s; {PRESSES} presses "
            f"of the load slider took the headline from {seen.before} to "
            f"{seen.after} orders served in {seen.moved_s:.1f} s"
        )
        if seen.exceptions or seen.before == seen.after:
            failed.append("browser: the headline did not follow the slider")
    return [f"class {number}: {message}" for message in failed]


if __name__ == "__main__":
    sys.exit(main())
