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

from loadtest.browser import SCREENSHOT, Seen, drag_a_slider
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


async def _student(index: int, url: str, options, lesson: Class) -> None:
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
        student.set("seed", 1000 + index)
        lesson.reruns.append(await student.run("own"))
    except Exception as error:
        lesson.failures.append(f"student {index}: {type(error).__name__}: {error}")
    finally:
        await student.socket.close()


async def _watch_memory(pid: int, lesson: Class, stop: asyncio.Event) -> None:
    while not stop.is_set():
        lesson.peak_mib = max(lesson.peak_mib, memory_mib(pid)[1])
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


async def _play(url: str, pid: int, options) -> tuple[Class, Seen | Exception]:
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
        *(_student(i, url, options, lesson) for i in range(options.students))
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
    options = parser.parse_args(argv)
    if options.students < 1:
        parser.error(f"--students={options.students}; allowed: 1 or more")
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
    with running_app() as (url, pid):
        idle = memory_mib(pid)[0]
        started = time.perf_counter()
        lesson, seen = asyncio.run(_play(url, pid, options))
        took = time.perf_counter() - started
        time.sleep(5)  # let the server let go of closed sessions
        left = memory_mib(pid)[0]
        # Runs nobody asks for are forgotten after a while: wait for that.
        time.sleep(STORE_IDLE_S + SWEEP_S + 5)
        after = memory_mib(pid)[0]
    print(f"A class of {options.students} students and one browser on {url}")
    print(f"  whole lesson {took:.0f} s; every rerun timed from ask to finish\n")
    for kind, label in KINDS.items():
        print(_row(label, [r.seconds for r in lesson.reruns if r.kind == kind]))
    print(_row("every rerun", [r.seconds for r in lesson.reruns]))
    print(
        f"\n  server memory: idle {idle:.0f} MiB, peak {lesson.peak_mib:.0f} MiB, "
        f"{left:.0f} MiB as the class left, {after:.0f} MiB once its runs "
        f"were forgotten ({STORE_IDLE_S + SWEEP_S:.0f} s later)"
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
            f"  browser: page drawn in {seen.opened_s:.1f} s; after the drag the "
            f"headline went from {seen.before} to {seen.after} orders served in "
            f"{seen.moved_s:.1f} s; screenshot {SCREENSHOT.name}"
        )
        if seen.exceptions or seen.before == seen.after:
            failed.append("browser: the headline did not follow the slider")
    print(f"\n  failed sessions: {len(failed)}")
    for message in failed:
        print(f"    {message}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
