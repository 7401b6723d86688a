"""The guided lesson path: predict, run, and see what really happened.

Each :class:`Step` takes one scenario of :mod:`classroom.library` (the step
and the scenario share a name), tells its story, asks a question and offers
a few choices. Its text is ``assets/lessons/NN-<name>.md``: the story, then a
"Question" section and a "Choices" section whose bullets open with the
choice's key in bold. After the run, :func:`answer` works out which choice
was right from the run's own figures, never from a stored answer, and
explains it in a sentence built from those figures; :func:`grade` sets that
against the student's pick.

From the page (all pure; the page keeps the step number in session state)::

    step = lessons.step(number)                    # 1 .. len(lessons.steps())
    st.markdown(step.intro)
    picked = st.radio(step.question, step.keys(), format_func=step.label)
    if st.button("Run"):
        runs = lessons.run(step)                   # {"main": Result, ...}
        feedback = lessons.grade(step, picked, runs)
        (st.success if feedback.correct else st.info)(feedback.text)
    following = lessons.after(step)                # None after the last step
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from classroom import library, measures, notes
from kitchen.result import Result

FOLDER = "lessons"
QUESTION = "Question"
CHOICES = "Choices"
SAME = "same"
CLOSE = 0.05
"""Two figures within this fraction of the larger are "about the same"."""

Runs = Mapping[str, Result]
Figures = dict[str, float]


@dataclass(frozen=True)
class Choice:
    """One answer a student may pick."""

    key: str
    label: str


@dataclass(frozen=True)
class Step:
    """One step of the path: a scenario, its story, a question, the choices."""

    number: int
    name: str
    title: str
    intro: str
    question: str
    choices: tuple[Choice, ...]

    def keys(self) -> tuple[str, ...]:
        """The choices' keys, in order."""
        return tuple(c.key for c in self.choices)

    def label(self, key: str) -> str:
        """The words of one choice."""
        for choice in self.choices:
            if choice.key == key:
                return choice.label
        raise ValueError(f"{self.name} has no choice {key!r}; it has {self.keys()}")


@dataclass(frozen=True)
class Answer:
    """The right choice for one run, why, and the figures it was read from."""

    key: str
    explanation: str
    figures: Figures


@dataclass(frozen=True)
class Feedback:
    """A student's pick set against the run's answer."""

    picked: str
    answer: Answer
    correct: bool
    text: str


@dataclass(frozen=True)
class Rule:
    """How one step reads its answer off the runs.

    ``measure`` takes the figures from the runs, ``decide`` picks a choice's
    key from the figures alone, and ``explain`` says why in one sentence.
    """

    measure: Callable[[Runs], Figures]
    decide: Callable[[Figures], str]
    explain: Callable[[Figures], str]


def larger(a: float, b: float, a_key: str, b_key: str) -> str:
    """The key of the larger of two figures, or :data:`SAME` when they are close.

    Figures within :data:`CLOSE` of the larger of the two, or either of them
    NaN, are the same.
    """
    if math.isnan(a) or math.isnan(b):
        return SAME
    if abs(a - b) <= CLOSE * max(abs(a), abs(b)):
        return SAME
    return a_key if a > b else b_key


def smaller(a: float, b: float, a_key: str, b_key: str) -> str:
    """The key of the smaller of two figures, or :data:`SAME` when close."""
    return larger(a, b, b_key, a_key)


def band(value: float, bounds: tuple[float, ...], keys: tuple[str, ...]) -> str:
    """The key of the band a value falls in: below ``bounds[i]`` is ``keys[i]``.

    NaN (a share of nothing: no order arrived, no dish was cooked) falls in
    the lowest band, not the highest.
    """
    if math.isnan(value):
        return keys[0]
    for bound, key in zip(bounds, keys, strict=False):
        if value < bound:
            return key
    return keys[-1]


def _s(value: float) -> str:
    return f"{value:.1f} s"


def _share(value: float) -> str:
    return f"{value:.0%}"


def _crush(runs: Runs) -> Figures:
    figures = library.entry("buffet-crush").measure(runs)
    return {
        "buffet": figures["latency_in_rush_s"],
        "multi": figures["multi_tool_latency_in_rush_s"],
    }


def _walkout(runs: Runs) -> Figures:
    return {
        "rail_served": runs[library.MAIN].summary["served"],
        "buffet_served": runs["buffet tickets"].summary["served"],
        "rail_latency": measures.redelivered_latency(runs[library.MAIN]),
        "buffet_latency": measures.redelivered_latency(runs["buffet tickets"]),
    }


def _rail(runs: Runs) -> Figures:
    main = runs[library.MAIN]
    return {
        "share": measures.share(main, "dropped"),
        "dropped": main.summary["dropped"],
        "arrived": main.summary["arrived"],
    }


def _scores(runs: Runs) -> Figures:
    none = runs["no board"]
    return {
        "belt": measures.messages_per_order(runs[library.MAIN], none),
        "rail": measures.messages_per_order(runs["rail"], none),
        "readers": runs[library.MAIN].scenario.readers,
    }


def _fridge(runs: Runs) -> Figures:
    main = runs[library.MAIN]
    return {
        "share": measures.stale_share(main),
        "stale": main.summary["stale_reads"],
        "cooked": measures.cooked(main),
    }


def _stampede(runs: Runs) -> Figures:
    return {
        "before": runs[library.MAIN].summary["stampede_reads"],
        "after": runs["coalescing"].summary["stampede_reads"],
    }


def _stampede_decide(f: Figures) -> str:
    if f["before"] == 0:
        return SAME
    if f["after"] == 0:
        return "gone"
    return "fewer" if f["after"] < (1 - CLOSE) * f["before"] else SAME


OUTAGE_RUNS = {"buffet": library.MAIN, "multi": "multi-tool", "belt": "no database"}


def _outage(runs: Runs) -> Figures:
    return {key: runs[run].summary["failed"] for key, run in OUTAGE_RUNS.items()}


def _outage_decide(f: Figures) -> str:
    fewest = min(f[k] for k in OUTAGE_RUNS)
    most = max(f[k] for k in OUTAGE_RUNS)
    # "About as many" in all three, by the same measure as :func:`larger`.
    if larger(most, fewest, "most", "fewest") == SAME:
        return SAME
    best = [k for k in OUTAGE_RUNS if f[k] == fewest]
    return best[0] if len(best) == 1 else SAME


def _multi(runs: Runs) -> Figures:
    figures: Figures = {}
    for prefix, run in (("", library.MAIN), ("all_db_", "all on the buffet")):
        summary = runs[run].summary
        figures[prefix + "stale"] = summary["stale_reads"]
        figures[prefix + "gone"] = sum(
            summary[k] for k in ("lost", "failed", "dropped")
        )
    return figures


def _multi_decide(f: Figures) -> str:
    if f["stale"] > f["all_db_stale"]:
        return "stale"
    if f["gone"] > f["all_db_gone"]:
        return "lost"
    return "nothing"


RULES: dict[str, Rule] = {
    "buffet-crush": Rule(
        _crush,
        lambda f: larger(f["buffet"], f["multi"], "buffet", "multi"),
        lambda f: (
            f"Orders that arrived during the rush took {_s(f['buffet'])} on average "
            f"with everything on the buffet, and {_s(f['multi'])} in the "
            "multi-tool kitchen."
        ),
    ),
    "chef-walks-out": Rule(
        _walkout,
        lambda f: larger(f["rail_served"], f["buffet_served"], "rail", "buffet"),
        lambda f: (
            f"The rail served {f['rail_served']:.0f} orders and the buffet "
            f"{f['buffet_served']:.0f}; an order whose chef walked out took "
            f"{_s(f['rail_latency'])} on average on the rail and "
            f"{_s(f['buffet_latency'])} on the buffet."
        ),
    ),
    "overflowing-rail": Rule(
        _rail,
        lambda f: band(f["share"], (1e-12, 0.1, 0.5), ("none", "few", "some", "most")),
        lambda f: (
            f"{f['dropped']:.0f} of the {f['arrived']:.0f} orders were dropped: "
            f"{_share(f['share'])}."
        ),
    ),
    "live-scores": Rule(
        _scores,
        lambda f: smaller(f["belt"], f["rail"], "belt", "rail"),
        lambda f: (
            f"With {f['readers']:.0f} readers, the status messages per served "
            f"order were {f['belt']:.1f} on the belt and {f['rail']:.1f} on the "
            "rails."
        ),
    ),
    "stale-fridge": Rule(
        _fridge,
        lambda f: band(f["share"], (0.05, 0.3), ("few", "some", "many")),
        lambda f: (
            f"Chefs began cooking from {f['cooked']:.0f} recipe reads, and "
            f"{f['stale']:.0f} of them were out of date: {_share(f['share'])}."
        ),
    ),
    "stampede": Rule(
        _stampede,
        _stampede_decide,
        lambda f: (
            f"Without coalescing there were {f['before']:.0f} stampede reads; "
            f"with it, {f['after']:.0f}."
        ),
    ),
    "db-outage": Rule(
        _outage,
        _outage_decide,
        lambda f: (
            f"Orders failed: {f['buffet']:.0f} with everything on the buffet, "
            f"{f['multi']:.0f} in the multi-tool kitchen and {f['belt']:.0f} with "
            "recipes copied from a belt."
        ),
    ),
    "multi-tool": Rule(
        _multi,
        _multi_decide,
        lambda f: (
            f"Stale recipe reads: {f['stale']:.0f} in the multi-tool kitchen and "
            f"{f['all_db_stale']:.0f} in the all-buffet one. Orders lost, failed "
            f"or dropped: {f['gone']:.0f} and {f['all_db_gone']:.0f}."
        ),
    ),
}


def _step(number: int, filename: str) -> Step:
    name = filename.split("-", 1)[1]
    note = notes.read(FOLDER, filename)
    choices = tuple(
        Choice(key, label) for key, label in note.bullets(CHOICES, lead=False).items()
    )
    return Step(
        number=number,
        name=name,
        title=note.title,
        intro=note.intro,
        question=note.sections.get(QUESTION, ""),
        choices=choices,
    )


def welcome() -> notes.Note:
    """The opening page of the path."""
    return notes.read(FOLDER, "index")


def steps() -> tuple[Step, ...]:
    """Every step, in order; step files are ``NN-<scenario>.md``."""
    files = [n for n in notes.names(FOLDER) if n[:2].isdigit()]
    return tuple(_step(i, filename) for i, filename in enumerate(files, start=1))


def step(which: int | str) -> Step:
    """A step by number (from 1) or by name; ValueError for no such step."""
    path = steps()
    for candidate in path:
        if which in (candidate.number, candidate.name):
            return candidate
    names = ", ".join(s.name for s in path)
    raise ValueError(f"no step {which!r}; steps are 1 to {len(path)}: {names}")


def after(current: Step) -> Step | None:
    """The step that follows, or None after the last."""
    path = steps()
    return path[current.number] if current.number < len(path) else None


def run(current: Step, seed: int | None = None) -> dict[str, Result]:
    """Run the step's scenario and its variants."""
    return library.run(current.name, seed)


def answer(current: Step, runs: Runs) -> Answer:
    """Which choice the runs bear out, and a sentence from their figures."""
    rule = RULES[current.name]
    figures = rule.measure(runs)
    return Answer(rule.decide(figures), rule.explain(figures), figures)


def grade(current: Step, picked: str, runs: Runs) -> Feedback:
    """The student's pick against what the runs show."""
    current.label(picked)
    found = answer(current, runs)
    correct = picked == found.key
    if correct:
        opening = "Right."
    else:
        opening = f"Not this time: the run says “{current.label(found.key)}”."
    return Feedback(picked, found, correct, f"{opening} {found.explanation}")
