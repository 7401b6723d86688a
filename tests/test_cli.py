"""The command line reads the same registry and reports the same figures."""

from __future__ import annotations

import json

import pandas as pd

from kitchen import params
from kitchen.cli import main

REQUIRED = [
    "arrived",
    "served",
    "failed",
    "dropped",
    "in_kitchen",
    "lost",
    "latency_p50_s",
    "latency_p95_s",
    "latency_p99_s",
    "wait_mean_s",
    "throughput_per_min",
    "conflicts",
    "redeliveries",
    "duplicates",
    "stale_reads",
    "cache_hit_ratio",
    "board_lag_p95_s",
    "db_utilization",
    "max_backlog",
    "chef_crashes",
    "chef_availability",
    "broker_messages",
]


def test_json_summary_has_every_headline_figure(capsys):
    assert main(["--json", "--set", "minutes=3", "--set", "rush_minutes=1"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert [k for k in REQUIRED if k not in summary] == []


def test_json_summary_accounts_for_every_order(capsys):
    main(["--json", "--set", "minutes=3", "--set", "rush_minutes=1"])
    s = json.loads(capsys.readouterr().out)
    assert s["arrived"] == s["served"] + s["failed"] + s["dropped"] + s["in_kitchen"]


def test_a_set_value_reaches_the_scenario(capsys):
    main(["--set", "tickets=db", "--set", "minutes=3", "--set", "rush_minutes=1"])
    assert "tickets=db" in capsys.readouterr().out


def test_params_lists_every_parameter(capsys):
    assert main(["params"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:]]
    assert listed == [p.name for p in params.PARAMS]


def test_a_bad_value_names_the_parameter_and_its_range(capsys):
    assert main(["--set", "chefs=99"]) == 2
    assert "chefs=99 is not allowed (out of range); allowed: 1 to 20" in (
        capsys.readouterr().err
    )


def test_a_name_set_twice_is_refused(capsys):
    assert main(["--set", "load=3", "--set", "load=4"]) == 2
    assert "load was set twice" in capsys.readouterr().err


def test_out_writes_each_frame_as_csv(tmp_path, capsys):
    main(["--out", str(tmp_path), "--set", "minutes=2", "--set", "rush_minutes=1"])
    orders = pd.read_csv(tmp_path / "orders.csv")
    events = pd.read_csv(tmp_path / "events.csv")
    assert len(orders) == events["kind"].eq("arrive").sum()
