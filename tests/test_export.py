"""Taking a run home: the zip of frames, the handout, and its sentences."""

from __future__ import annotations

import dataclasses
import html
import io
import re
import zipfile
from functools import cache
from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classroom import export
from kitchen import build, simulate
from kitchen.params import PARAMS
from kitchen.summary import SUMMARY_KEYS

QUIET = dict(recipes="none", status="none", service="deterministic", work_s=5.0)
FILES = ["orders.csv", "events.csv", "series.csv", "summary.csv", "scenario.csv"]
ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<img src=http://127.0.0.1/a.png>",
    '"><svg onload=alert(1)>',
    "[click me](http://127.0.0.1/steal)",
    "![pic](http://127.0.0.1/pixel.png)",
    "<http://127.0.0.1/auto>",
    "www.example.com and mail@example.com",
    "javascript:alert(1)",
    "# heading\n\n---\n| a | b |\n> quote\n    code\n1. list",
    "</p></code></body><style>body{background:url(http://127.0.0.1/x)}</style>",
    "&lt;script&gt; and &#60;b&#62;",
]


@cache
def small():
    """Three orders on a two-station rail; every number can be followed by hand."""
    scenario = build({**QUIET, "stations": 2, "minutes": 1.0, "rush_minutes": 1.0})
    return simulate(scenario, arrivals=[1.0, 2.0, 50.0])


@cache
def busy():
    """A few minutes of an all-buffet kitchen with walkouts."""
    scenario = build(minutes=5.0, rush_minutes=5.0, crash_rate=30.0, tickets="db")
    return simulate(scenario)


def _with(**summary):
    return dataclasses.replace(small(), summary={**small().summary, **summary})


# -- the zip of frames --------------------------------------------------------------


def test_the_same_run_gives_the_same_bytes():
    assert export.frames_zip(busy()) == export.frames_zip(busy())


def test_two_runs_of_one_scenario_give_the_same_bytes():
    again = simulate(busy().scenario)
    assert export.frames_zip(again) == export.frames_zip(busy())


def test_the_zip_holds_the_five_csv_files():
    with zipfile.ZipFile(io.BytesIO(export.frames_zip(busy()))) as archive:
        assert archive.namelist() == FILES


def test_every_file_in_the_zip_has_the_fixed_date():
    with zipfile.ZipFile(io.BytesIO(export.frames_zip(busy()))) as archive:
        dates = {info.date_time for info in archive.infolist()}
    assert dates == {export.ZIP_DATE}


def _read(name: str, result=None) -> pd.DataFrame:
    data = export.frames_zip(result or busy())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return pd.read_csv(archive.open(name), keep_default_na=False)


@pytest.mark.parametrize("frame", ["orders", "events", "series"])
def test_each_frame_is_in_the_zip_row_for_row(frame):
    assert len(_read(f"{frame}.csv")) == len(getattr(busy(), frame))


@pytest.mark.parametrize("frame", ["orders", "events", "series"])
def test_each_frame_keeps_its_columns(frame):
    assert list(_read(f"{frame}.csv").columns) == list(getattr(busy(), frame).columns)


def test_the_orders_csv_holds_the_orders_times():
    orders = _read("orders.csv", small())
    assert list(orders["arrival_s"]) == [1.0, 2.0, 50.0]


def test_the_summary_csv_has_a_row_per_headline_figure():
    assert tuple(_read("summary.csv")["figure"]) == SUMMARY_KEYS


def test_the_scenario_csv_has_a_row_per_parameter():
    assert tuple(_read("scenario.csv")["parameter"]) == tuple(p.name for p in PARAMS)


# -- the sentences -------------------------------------------------------------------


def test_the_first_sentence_counts_every_order():
    assert export.describe(small())[0] == (
        "Over 1 minute 3 orders arrived: 2 were served (67%), 0 failed, "
        "0 were dropped and 1 was still in the kitchen at closing."
    )


def test_the_latency_sentence_gives_the_median_and_p95():
    assert export.describe(small())[2] == (
        "Half of the served orders took at most 10.0 s from the door to the pass, "
        "and 95% at most 10.0 s."
    )


def test_the_mix_is_said_in_kitchen_words():
    assert export.describe(small())[1] == (
        "Tickets travelled on the ticket rail (a message queue), recipes came "
        "from the chefs' memory (not shared at all), and order status reached "
        "the board through nothing: there is no board."
    )


def test_a_quiet_run_says_nothing_of_walkouts_or_trouble():
    assert len(export.describe(small())) == 3


def test_walkouts_are_counted_as_the_summary_says():
    s = busy().summary
    sentence = next(t for t in export.describe(busy()) if t.startswith("Chefs"))
    assert sentence == (
        f"Chefs walked out {s['chef_crashes']} times and "
        f"{s['redeliveries']} tickets were redelivered."
    )


def test_trouble_is_counted_as_the_summary_says():
    s = busy().summary
    sentence = export.describe(busy())[-1]
    assert sentence == (
        f"Along the way {s['stale_reads']} recipe read was stale and "
        f"{s['conflicts']} claims hit a write conflict."
    )


def test_a_run_where_nothing_was_served_has_no_latency_sentence():
    result = simulate(
        build({**QUIET, "minutes": 1.0, "rush_minutes": 1.0}), arrivals=[]
    )
    assert [t for t in export.describe(result) if "Half" in t] == []


FIRST = re.compile(
    r"Over 1 minute ([\d,]+) orders? arrived: ([\d,]+) (?:was|were) served"
    r"(?: \(([<>]?\d+)%\))?, ([\d,]+) failed, ([\d,]+) (?:was|were) dropped and "
    r"([\d,]+) (?:was|were) still in the kitchen at closing\."
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 5000), min_size=4, max_size=4))
def test_the_first_sentence_has_the_summarys_numbers(counts):
    served, failed, dropped, left = counts
    arrived = sum(counts)
    result = _with(
        arrived=arrived, served=served, failed=failed, dropped=dropped, in_kitchen=left
    )
    found = FIRST.fullmatch(export.describe(result)[0])
    numbers = [int(found[i].replace(",", "")) for i in (1, 2, 4, 5, 6)]
    assert numbers == [arrived, served, failed, dropped, left]


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 100_000), st.data())
def test_the_share_served_is_100_or_0_only_when_it_is(arrived, data):
    served = data.draw(st.integers(0, arrived))
    found = FIRST.fullmatch(export.describe(_with(arrived=arrived, served=served))[0])
    said = found[3]
    assert (said == "100", said == "0") == (served == arrived, served == 0)


@pytest.mark.parametrize(
    ("count", "words"),
    [(1, "1 was served"), (2, "2 were served"), (1234, "1,234 were served")],
)
def test_one_order_was_served_and_two_were(count, words):
    assert words in export.describe(_with(arrived=5000, served=count))[0]


# -- the handout ---------------------------------------------------------------------


class _Tags(HTMLParser):
    """Every tag and attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs


def _tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


PAGE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "p",
    "strong",
    "table",
    "tr",
    "th",
    "td",
    "code",
    "dl",
    "div",
    "dt",
    "dd",
}

ATTRIBUTES = {("lang", "en"), ("charset", "utf-8"), ("class", "notes")}


def _html(text: str) -> str:
    return export.handout_html(busy(), student=text, notes=text, link=text, title=text)


def _markdown(text: str) -> str:
    return export.handout_markdown(
        busy(), student=text, notes=text, link=text, title=text
    )


@pytest.mark.parametrize("text", ATTACKS)
def test_the_html_handout_has_only_its_own_tags(text):
    assert set(_tags(_html(text)).tags) <= PAGE_TAGS


@pytest.mark.parametrize("text", ATTACKS)
def test_the_html_handout_has_only_its_own_attributes(text):
    assert set(_tags(_html(text)).attributes) == ATTRIBUTES


@pytest.mark.parametrize("text", ATTACKS)
def test_the_html_handout_has_no_script(text):
    assert "<script" not in _html(text).lower()


def test_the_html_handout_loads_nothing_from_outside():
    page = export.handout_html(busy(), student="Ann", notes="fine")
    assert re.findall(r"https?:|//|url\(|@import", page) == []


@pytest.mark.parametrize("text", ATTACKS)
def test_the_html_handout_shows_the_students_text_as_typed(text):
    page = _html(text)
    body = page[page.index("<body>") :]
    assert html.escape(text.strip()) in body


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text_stays_text_in_the_html_handout(text):
    parsed = _tags(_html(text))
    assert (set(parsed.tags), set(parsed.attributes)) <= (PAGE_TAGS, ATTRIBUTES)


def _unescape_markdown(text: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", text))


UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*[\[\]()!<>:*_`#|~]")
"""A markup character in Markdown not preceded by its backslash."""


@pytest.mark.parametrize("text", ATTACKS)
def test_the_markdown_handout_has_no_raw_markup_from_the_student(text):
    escaped = export.escape_markdown(text)
    assert UNESCAPED.search(escaped) is None


@pytest.mark.parametrize("text", ATTACKS)
def test_the_markdown_handout_has_no_html(text):
    assert "<" not in _markdown(text)


@pytest.mark.parametrize("text", ATTACKS)
def test_the_markdown_handout_has_no_link_or_image(text):
    assert re.search(r"(?<!\\)\]\(|(?<!\\)\]\[|(?<!\\)<http", _markdown(text)) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_escaped_markdown_reads_back_as_typed(text):
    assert _unescape_markdown(export.escape_markdown(text)) == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_escaped_markdown_has_no_markup_left(text):
    assert UNESCAPED.search(export.escape_markdown(text)) is None


def test_a_student_text_is_cut_to_its_limit():
    page = export.handout_markdown(busy(), notes="a" * (export.MAX_TEXT + 500))
    assert max(len(run) for run in re.findall("a+", page)) == export.MAX_TEXT


def test_the_handout_of_a_default_run_says_so():
    page = export.handout_markdown(simulate(build()))
    assert "Every parameter at its default." in page


def test_the_handout_names_the_changed_parameters():
    page = export.handout_markdown(small())
    assert "| stations | 2 | 3 |" in page


def test_the_html_handout_gives_a_changed_value_its_unit():
    page = export.handout_html(simulate(build(minutes=2.0, rush_minutes=2.0)))
    assert "<td>minutes</td><td>2 min</td><td>30</td>" in page


def test_the_handout_carries_the_runs_sentences():
    page = export.handout_html(busy())
    assert html.escape(" ".join(export.describe(busy()))) in page


def test_the_handout_has_its_title_when_none_is_given():
    assert export.handout_markdown(busy()).startswith("# Kitchen Sync\\: one evening")


def test_chart_png_without_kaleido_says_why():
    if export.png_available():
        pytest.skip("kaleido is installed here")
    with pytest.raises(export.PngUnavailable, match="kaleido"):
        export.chart_png(None)


# -- messages quoted on the page -------------------------------------------------------

BARE_LINKS = re.compile(r"www\\?\.|:\\?//|@[^\u2060]", re.IGNORECASE)
"""Where Markdown would start an automatic link: www., ://, name@host."""


@pytest.mark.parametrize(
    "text",
    [
        "Unknown parameter 'www.evil.example/login' ignored.",
        "status='https://evil.example/a' is not allowed",
        "mail me at someone@evil.example",
        "WWW.EVIL.EXAMPLE and HTTP://EVIL.EXAMPLE",
        "[click](http://evil.example)",
    ],
)
def test_a_quoted_message_can_hold_no_bare_link(text):
    quoted = export.quote_markdown(text)
    assert BARE_LINKS.search(quoted) is None
    assert UNESCAPED.search(quoted.replace(export.NO_LINK, "")) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200).filter(lambda t: export.NO_LINK not in t))
def test_a_quoted_message_reads_as_typed_and_links_nowhere(text):
    quoted = export.quote_markdown(text)
    assert _unescape_markdown(quoted).replace(export.NO_LINK, "") == text
    assert BARE_LINKS.search(quoted) is None
