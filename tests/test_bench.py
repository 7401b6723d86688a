"""The benchmark's own pieces work on a small case (its figures are not checked)."""

from __future__ import annotations

from bench.__main__ import one_size, timed


def test_timed_runs_the_function_as_often_as_asked():
    calls = []
    seconds = timed(lambda: calls.append(1), repeat=4)
    assert len(calls) == 4
    assert seconds >= 0


def test_one_size_measures_a_small_evening():
    row = one_size(200)
    assert set(row) == {"orders", "seconds", "fixed_s", "peak_kib", "fixed_kib"}
    assert row["orders"] > 0
    assert row["seconds"] > 0 and row["peak_kib"] > 0
