"""The textbook kitchen: exact figures of small queues, and their properties.

Small cases are pinned to values worked by hand from the closed forms, one
assertion per figure so that a failure names the figure. Hypothesis then
checks the laws every result must obey over random kitchens, and Ciw, an
independent queueing simulator, checks one M/M/c wait from the outside.
"""

from __future__ import annotations

import math
import random
import statistics
from fractions import Fraction

import ciw
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate
from scipy import stats as scipy_stats

from kitchen import theory
from kitchen.theory import (
    availability,
    availability_from_crash_rate,
    erlang_b,
    erlang_c,
    littles_law,
    mm1,
    mm1_sojourn_exceeds,
    mm1_sojourn_quantile,
    mmc,
    mmc_wait_exceeds,
    mmc_wait_quantile,
    mmck,
    outage_backlog,
    system_capacity,
    ttl_hit_ratio,
    ttl_hit_ratio_zipf,
)

# Properties are about values, never about speed.
PROPERTY = settings(deadline=None, max_examples=200)

rates = st.floats(min_value=0.01, max_value=100.0)
loads = st.floats(min_value=0.01, max_value=0.99)
chefs = st.integers(min_value=1, max_value=40)


def approx(value: float) -> object:
    """Close enough for a closed form evaluated in floating point."""
    return pytest.approx(value, rel=1e-12, abs=1e-15)


# M/M/1: lam=1, mu=2 is the textbook's first example.

MM1_LAM_1_MU_2 = {"rho": 0.5, "L": 1.0, "Lq": 0.5, "W": 1.0, "Wq": 0.5}


@pytest.mark.parametrize(("figure", "expected"), MM1_LAM_1_MU_2.items())
def test_mm1_lam_1_mu_2(figure: str, expected: float) -> None:
    assert getattr(mm1(1.0, 2.0), figure) == approx(expected)


def test_mm1_sojourn_median_is_ln2_over_mu_minus_lam() -> None:
    assert mm1_sojourn_quantile(1.0, 2.0, 0.5) == approx(math.log(2))


def test_mm1_sojourn_90th_percentile() -> None:
    assert mm1_sojourn_quantile(1.0, 3.0, 0.9) == approx(math.log(10) / 2)


def test_mm1_sojourn_exceeds_is_exponential() -> None:
    assert mm1_sojourn_exceeds(1.0, 2.0, 3.0) == approx(math.exp(-3.0))


def test_mm1_sojourn_tail_integrates_to_the_mean() -> None:
    area, _ = integrate.quad(lambda t: mm1_sojourn_exceeds(1.0, 4.0, t), 0, math.inf)
    assert area == pytest.approx(mm1(1.0, 4.0).W, rel=1e-8)


# M/M/c: two chefs.

MMC_LAM_1_MU_1_C_2 = {
    "rho": 0.5,
    "p_wait": 1 / 3,
    "Wq": 1 / 3,
    "Lq": 1 / 3,
    "W": 4 / 3,
    "L": 4 / 3,
}

# a = 1.5, c = 2: B = 9/29 and C = 9/14, worked by hand.
MMC_LAM_1_5_MU_1_C_2 = {
    "rho": 0.75,
    "p_wait": 9 / 14,
    "Wq": 9 / 7,
    "Lq": 27 / 14,
    "W": 16 / 7,
    "L": 24 / 7,
}


@pytest.mark.parametrize(("figure", "expected"), MMC_LAM_1_MU_1_C_2.items())
def test_mmc_lam_1_mu_1_c_2(figure: str, expected: float) -> None:
    assert getattr(mmc(1.0, 1.0, 2), figure) == approx(expected)


@pytest.mark.parametrize(("figure", "expected"), MMC_LAM_1_5_MU_1_C_2.items())
def test_mmc_lam_1_5_mu_1_c_2(figure: str, expected: float) -> None:
    assert getattr(mmc(1.5, 1.0, 2), figure) == approx(expected)


def test_erlang_b_two_chefs_one_erlang() -> None:
    assert erlang_b(1.0, 2) == approx(0.2)


def _erlang_b_by_factorials(a: Fraction, c: int) -> Fraction:
    """Erlang B straight from its definition, in exact arithmetic."""
    terms = [a**k / math.factorial(k) for k in range(c + 1)]
    return terms[-1] / sum(terms)


def _erlang_c_by_factorials(a: Fraction, c: int) -> Fraction:
    """Erlang C straight from its definition, in exact arithmetic."""
    waiting = a**c / math.factorial(c) * c / (c - a)
    return waiting / (sum(a**k / math.factorial(k) for k in range(c)) + waiting)


@pytest.mark.parametrize("c", range(1, 13))
@pytest.mark.parametrize("a", [Fraction(1, 2), Fraction(1), Fraction(37, 10), 10])
def test_erlang_b_recursion_matches_factorials(a: Fraction, c: int) -> None:
    exact = _erlang_b_by_factorials(Fraction(a), c)
    assert erlang_b(float(a), c) == approx(float(exact))


@pytest.mark.parametrize(("a", "c"), [(Fraction(1, 2), 1), (Fraction(3), 5), (7, 8)])
def test_erlang_c_matches_factorials(a: Fraction, c: int) -> None:
    exact = _erlang_c_by_factorials(Fraction(a), c)
    assert erlang_c(float(a), c) == approx(float(exact))


def test_erlang_b_stays_exact_for_200_chefs() -> None:
    exact = _erlang_b_by_factorials(Fraction(190), 200)
    assert erlang_b(190.0, 200) == pytest.approx(float(exact), rel=1e-11)


def test_erlang_c_stays_exact_for_200_chefs() -> None:
    exact = _erlang_c_by_factorials(Fraction(190), 200)
    assert erlang_c(190.0, 200) == pytest.approx(float(exact), rel=1e-11)


def test_mmc_with_500_chefs_is_finite() -> None:
    assert 0 < mmc(480.0, 1.0, 500).p_wait < 1


def test_mmc_wait_exceeds_at_zero_is_erlang_c() -> None:
    assert mmc_wait_exceeds(1.0, 1.0, 2, 0.0) == approx(1 / 3)


def test_mmc_wait_exceeds_one_second() -> None:
    assert mmc_wait_exceeds(1.0, 1.0, 2, 1.0) == approx(math.exp(-1) / 3)


def test_mmc_wait_quantile_is_zero_when_most_find_a_free_chef() -> None:
    assert mmc_wait_quantile(1.0, 1.0, 2, 0.5) == 0.0


def test_mmc_wait_quantile_90th_percentile() -> None:
    assert mmc_wait_quantile(1.0, 1.0, 2, 0.9) == approx(math.log(10 / 3))


def test_mmc_wait_tail_integrates_to_the_mean_wait() -> None:
    area, _ = integrate.quad(lambda t: mmc_wait_exceeds(2.4, 1.0, 3, t), 0, math.inf)
    assert area == pytest.approx(mmc(2.4, 1.0, 3).Wq, rel=1e-8)


# M/M/c/K: a rail that turns tickets away.

# One chef, lam=1, mu=2, K=2: the states 0, 1, 2 weigh 4:2:1.
MMCK_LAM_1_MU_2_C_1_K_2 = {
    "rho": 0.5,
    "p_block": 1 / 7,
    "lam_eff": 6 / 7,
    "utilization": 3 / 7,
    "L": 4 / 7,
    "Lq": 1 / 7,
    "W": 2 / 3,
    "Wq": 1 / 6,
}

# One chef overloaded, lam=2, mu=1, K=2: the states weigh 1:2:4.
MMCK_LAM_2_MU_1_C_1_K_2 = {
    "rho": 2.0,
    "p_block": 4 / 7,
    "lam_eff": 6 / 7,
    "utilization": 6 / 7,
    "L": 10 / 7,
    "Lq": 4 / 7,
    "W": 5 / 3,
    "Wq": 2 / 3,
}


@pytest.mark.parametrize(("figure", "expected"), MMCK_LAM_1_MU_2_C_1_K_2.items())
def test_mmck_lam_1_mu_2_c_1_k_2(figure: str, expected: float) -> None:
    assert getattr(mmck(1.0, 2.0, 1, 2), figure) == approx(expected)


@pytest.mark.parametrize(("figure", "expected"), MMCK_LAM_2_MU_1_C_1_K_2.items())
def test_mmck_overloaded_lam_2_mu_1_c_1_k_2(figure: str, expected: float) -> None:
    assert getattr(mmck(2.0, 1.0, 1, 2), figure) == approx(expected)


@pytest.mark.parametrize("K", [1, 2, 5, 50])
def test_mm1k_at_rho_1_blocks_one_in_k_plus_1(K: int) -> None:
    assert mmck(3.0, 3.0, 1, K).p_block == approx(1 / (K + 1))


@pytest.mark.parametrize("K", [1, 2, 5, 50])
def test_mm1k_at_rho_1_holds_k_over_2(K: int) -> None:
    length = mmck(3.0, 3.0, 1, K).L
    assert length == approx(K / 2)


@pytest.mark.parametrize(("a", "c"), [(1.0, 2), (3.7, 4), (12.0, 10)])
def test_mmcc_blocking_is_erlang_b(a: float, c: int) -> None:
    assert mmck(a, 1.0, c, c).p_block == approx(erlang_b(a, c))


def test_mmcc_has_no_rail() -> None:
    assert mmck(3.7, 1.0, 4, 4).Wq == 0.0


def test_mmcc_keeps_a_ticket_for_one_service() -> None:
    sojourn = mmck(3.7, 2.0, 4, 4).W
    assert sojourn == approx(0.5)


def test_mmck_survives_a_long_rail_far_beyond_capacity() -> None:
    # Far above capacity the station is nearly always full: p_block -> 1 - 1/rho.
    assert mmck(100.0, 1.0, 3, 10_000).p_block == approx(1 - 3 / 100)


def test_system_capacity_counts_chefs_and_rail() -> None:
    assert system_capacity(2, 50) == 52


def test_rail_of_capacity_0_is_the_loss_system() -> None:
    lost = mmck(1.0, 1.0, 2, system_capacity(2, 0)).p_block
    assert lost == approx(erlang_b(1.0, 2))


# The fridge, the chefs' availability, Little's law and outages.


def test_ttl_hit_ratio_two_reads_per_second_for_three_seconds() -> None:
    assert ttl_hit_ratio(2.0, 3.0) == approx(6 / 7)


def test_ttl_hit_ratio_with_no_ttl_is_zero() -> None:
    assert ttl_hit_ratio(5.0, 0.0) == 0.0


def test_ttl_hit_ratio_matches_a_fridge_played_out() -> None:
    # Poisson reads of one recipe; a miss starts the TTL clock.
    read_rate, ttl, reads = 2.0, 1.5, 100_000
    rng = random.Random(7)
    now, expires, hits = 0.0, -math.inf, 0
    for _ in range(reads):
        now += rng.expovariate(read_rate)
        if now < expires:
            hits += 1
        else:
            expires = now + ttl
    assert hits / reads == pytest.approx(ttl_hit_ratio(read_rate, ttl), abs=0.01)


def test_ttl_hit_ratio_zipf_of_one_dish_is_one_recipe() -> None:
    assert ttl_hit_ratio_zipf(2.0, 3.0, 1, 1.2) == approx(6 / 7)


def test_ttl_hit_ratio_zipf_flat_menu_splits_the_reads() -> None:
    assert ttl_hit_ratio_zipf(20.0, 3.0, 10, 0.0) == approx(6 / 7)


def test_ttl_hit_ratio_zipf_two_dishes_by_hand() -> None:
    # Exponent 1 over two dishes: shares 2/3 and 1/3 of 3 reads/s, TTL 1 s.
    expected = 2 / 3 * (2 / 3) + 1 / 3 * (1 / 2)
    assert ttl_hit_ratio_zipf(3.0, 1.0, 2, 1.0) == approx(expected)


def test_availability_nine_up_one_down() -> None:
    assert availability(9.0, 1.0) == approx(0.9)


def test_availability_of_a_chef_who_never_leaves() -> None:
    assert availability(math.inf, 30.0) == 1.0


def test_availability_one_crash_an_hour_six_minutes_back() -> None:
    assert availability_from_crash_rate(1.0, 360.0) == approx(10 / 11)


def test_availability_without_crashes_is_one() -> None:
    assert availability_from_crash_rate(0.0, 60.0) == 1.0


def test_littles_law_two_a_second_for_three_seconds() -> None:
    assert littles_law(2.0, 3.0) == approx(6.0)


def test_outage_backlog_piles_up_lam_d() -> None:
    assert outage_backlog(1.0, 2.0, 10.0).backlog == approx(10.0)


def test_outage_backlog_drains_at_mu_minus_lam() -> None:
    assert outage_backlog(1.0, 2.0, 10.0).drain_s == approx(10.0)


@pytest.mark.parametrize("mu", [1.0, 0.5])
def test_outage_backlog_never_drains_without_spare_capacity(mu: float) -> None:
    assert outage_backlog(1.0, mu, 10.0).drain_s == math.inf


def test_no_outage_no_backlog() -> None:
    assert outage_backlog(1.0, 2.0, 0.0).drain_s == 0.0


# Refusals: each names the parameter, the value and what is allowed.

REFUSALS = [
    (lambda: mm1(2.0, 1.0), ["lam/mu=2.0", "below 1", "M/M/1"]),
    (lambda: mm1(1.0, 1.0), ["lam/mu=1.0", "below 1"]),
    (lambda: mmc(2.4, 1.0, 2), ["lam/(c*mu)=1.2", "below 1", "M/M/c"]),
    (lambda: mm1(-1.0, 2.0), ["lam=-1.0", "above 0"]),
    (lambda: mm1(1.0, 0.0), ["mu=0.0", "above 0"]),
    (lambda: mm1(math.nan, 2.0), ["lam=nan", "finite"]),
    (lambda: mmc(1.0, math.inf, 2), ["mu=inf", "finite"]),
    (lambda: mmc(1.0, 1.0, 0), ["c=0", "1 or more"]),
    (lambda: mmc(1.0, 1.0, 2.0), ["c=2.0", "whole number"]),
    (lambda: mmc(1.0, 1.0, True), ["c=True", "whole number"]),
    (lambda: mmck(1.0, 1.0, 3, 2), ["K=2", "at least c=3"]),
    (lambda: erlang_c(3.0, 2), ["a/c=1.5", "below 1"]),
    (lambda: erlang_b(0.0, 2), ["a=0.0", "above 0"]),
    (lambda: mmc_wait_quantile(1.0, 1.0, 2, 1.0), ["q=1.0", "below 1"]),
    (lambda: mm1_sojourn_exceeds(1.0, 2.0, -1.0), ["t=-1.0", "0 or more"]),
    (lambda: ttl_hit_ratio(-1.0, 3.0), ["read_rate=-1.0", "0 or more"]),
    (lambda: ttl_hit_ratio(1.0, "3"), ["ttl='3'", "real number"]),
    (lambda: ttl_hit_ratio_zipf(1.0, 3.0, 0, 1.0), ["menu_size=0", "1 or more"]),
    (lambda: availability(0.0, 1.0), ["mttf=0.0", "above 0"]),
    (lambda: availability_from_crash_rate(-2.0, 1.0), ["crashes_per_hour=-2.0"]),
    (lambda: littles_law(1.0, -3.0), ["mean_time=-3.0", "0 or more"]),
    (lambda: outage_backlog(1.0, 2.0, -5.0), ["outage_s=-5.0", "0 or more"]),
    (lambda: system_capacity(2, -1), ["queue_capacity=-1", "0 or more"]),
    (lambda: mm1(10**400, 2.0), ["lam=1000000000", "...", "finite"]),
]


@pytest.mark.parametrize(("call", "words"), REFUSALS)
def test_refusal_names_parameter_value_and_range(call, words: list[str]) -> None:
    with pytest.raises(ValueError) as refused:
        call()
    assert [w for w in words if w not in str(refused.value)] == []


# Properties over random kitchens.


@PROPERTY
@given(mu=rates, rho=loads)
def test_mm1_obeys_littles_law(mu: float, rho: float) -> None:
    lam = rho * mu
    result = mm1(lam, mu)
    length = result.L
    assert length == pytest.approx(lam * result.W, rel=1e-9)


@PROPERTY
@given(mu=rates, rho=loads)
def test_mm1_obeys_littles_law_on_the_rail(mu: float, rho: float) -> None:
    lam = rho * mu
    result = mm1(lam, mu)
    assert result.Lq == pytest.approx(lam * result.Wq, rel=1e-9)


@PROPERTY
@given(mu=rates, rho=loads, c=chefs)
def test_mmc_obeys_littles_law(mu: float, rho: float, c: int) -> None:
    lam = rho * c * mu
    result = mmc(lam, mu, c)
    length = result.L
    assert length == pytest.approx(lam * result.W, rel=1e-9)


@PROPERTY
@given(mu=rates, rho=loads, c=chefs)
def test_mmc_obeys_littles_law_on_the_rail(mu: float, rho: float, c: int) -> None:
    lam = rho * c * mu
    result = mmc(lam, mu, c)
    assert result.Lq == pytest.approx(lam * result.Wq, rel=1e-9, abs=1e-300)


@PROPERTY
@given(
    mu=rates,
    rho=st.floats(min_value=0.01, max_value=20.0),
    c=chefs,
    places=st.integers(min_value=0, max_value=200),
)
def test_mmck_chefs_at_work_follow_littles_law(
    mu: float, rho: float, c: int, places: int
) -> None:
    # Mean tickets being worked = rate let in x one service time.
    result = mmck(rho * c * mu, mu, c, c + places)
    assert result.L - result.Lq == pytest.approx(result.lam_eff / mu, rel=1e-9)


@PROPERTY
@given(
    mu=rates,
    rho=st.floats(min_value=0.01, max_value=20.0),
    c=chefs,
    places=st.integers(min_value=0, max_value=200),
)
def test_mmck_lets_in_what_it_does_not_block(
    mu: float, rho: float, c: int, places: int
) -> None:
    lam = rho * c * mu
    result = mmck(lam, mu, c, c + places)
    assert result.lam_eff == pytest.approx(lam * (1 - result.p_block), rel=1e-9)


@PROPERTY
@given(
    mu=rates,
    rho=st.floats(min_value=0.01, max_value=20.0),
    c=chefs,
    places=st.integers(min_value=0, max_value=200),
)
def test_mmck_chefs_are_never_busier_than_always(
    mu: float, rho: float, c: int, places: int
) -> None:
    result = mmck(rho * c * mu, mu, c, c + places)
    assert 0 < result.utilization <= 1


@PROPERTY
@given(
    rho=st.floats(min_value=0.05, max_value=5.0).filter(lambda r: abs(r - 1) > 0.01),
    K=st.integers(min_value=1, max_value=60),
)
def test_mm1k_blocking_matches_its_closed_form(rho: float, K: int) -> None:
    # Gross et al. (2008), ch. 2: p_K = (1 - rho) rho^K / (1 - rho^(K+1)).
    expected = (1 - rho) * rho**K / (1 - rho ** (K + 1))
    assert mmck(rho, 1.0, 1, K).p_block == pytest.approx(expected, rel=1e-9)


@PROPERTY
@given(
    rho=st.floats(min_value=0.05, max_value=5.0).filter(lambda r: abs(r - 1) > 0.01),
    K=st.integers(min_value=1, max_value=60),
)
def test_mm1k_length_matches_its_closed_form(rho: float, K: int) -> None:
    # Gross et al. (2008), ch. 2: L = rho/(1-rho) - (K+1) rho^(K+1)/(1-rho^(K+1)).
    expected = rho / (1 - rho) - (K + 1) * rho ** (K + 1) / (1 - rho ** (K + 1))
    length = mmck(rho, 1.0, 1, K).L
    assert length == pytest.approx(expected, rel=1e-9)


@PROPERTY
@given(
    mu=rates,
    rho=st.floats(min_value=0.01, max_value=20.0),
    c=chefs,
    K=st.integers(min_value=0, max_value=100),
    more=st.integers(min_value=1, max_value=100),
)
def test_mmck_blocks_less_with_a_longer_rail(
    mu: float, rho: float, c: int, K: int, more: int
) -> None:
    lam = rho * c * mu
    shorter = mmck(lam, mu, c, c + K).p_block
    longer = mmck(lam, mu, c, c + K + more).p_block
    assert longer <= shorter * (1 + 1e-12)


@PROPERTY
@given(mu=rates, rho=st.floats(min_value=0.01, max_value=0.9), c=chefs)
def test_mmck_with_a_long_rail_is_mmc(mu: float, rho: float, c: int) -> None:
    lam = rho * c * mu
    # 0.9**1000 is below 1e-45: the rail is never full in double precision.
    length = mmck(lam, mu, c, c + 1000).L
    assert length == pytest.approx(mmc(lam, mu, c).L, rel=1e-9)


@PROPERTY
@given(mu=rates, rho=st.floats(min_value=0.01, max_value=0.9), c=chefs)
def test_mmck_with_a_long_rail_waits_like_mmc(mu: float, rho: float, c: int) -> None:
    lam = rho * c * mu
    finite = mmck(lam, mu, c, c + 1000)
    assert finite.Wq == pytest.approx(mmc(lam, mu, c).Wq, rel=1e-8, abs=1e-300)


@PROPERTY
@given(rho=loads, c=st.integers(1, 400))
def test_erlang_c_is_a_probability(rho: float, c: int) -> None:
    assert 0 <= erlang_c(rho * c, c) <= 1


@PROPERTY
@given(rho=loads, c=st.integers(1, 400))
def test_erlang_c_waits_at_least_as_often_as_erlang_b_blocks(
    rho: float, c: int
) -> None:
    assert erlang_c(rho * c, c) >= erlang_b(rho * c, c)


@PROPERTY
@given(
    mu=rates,
    c=chefs,
    low=loads,
    high=loads,
)
def test_erlang_c_rises_with_the_order_rate(
    mu: float, c: int, low: float, high: float
) -> None:
    low, high = sorted((low, high))
    slower = mmc(low * c * mu, mu, c).p_wait
    faster = mmc(high * c * mu, mu, c).p_wait
    assert slower <= faster


@PROPERTY
@given(mu=rates, rho=loads)
def test_mmc_with_one_chef_is_mm1(mu: float, rho: float) -> None:
    lam = rho * mu
    one, many = mm1(lam, mu), mmc(lam, mu, 1)
    figures = ("rho", "L", "Lq", "W", "Wq")
    got = {f: getattr(many, f) for f in figures}
    assert got == {f: pytest.approx(getattr(one, f), rel=1e-12) for f in figures}


@PROPERTY
@given(mu=rates, rho=loads)
def test_mmc_with_one_chef_waits_with_chance_rho(mu: float, rho: float) -> None:
    lam = rho * mu
    assert mmc(lam, mu, 1).p_wait == pytest.approx(lam / mu, rel=1e-12)


@PROPERTY
@given(mu=rates, rho=loads, c=chefs, q=st.floats(min_value=0.0, max_value=0.999))
def test_mmc_wait_quantile_inverts_the_tail(
    mu: float, rho: float, c: int, q: float
) -> None:
    lam = rho * c * mu
    t = mmc_wait_quantile(lam, mu, c, q)
    tail = mmc_wait_exceeds(lam, mu, c, t)
    assert tail == pytest.approx(min(1 - q, mmc(lam, mu, c).p_wait), rel=1e-9)


@PROPERTY
@given(mu=rates, rho=loads, q=st.floats(min_value=0.0, max_value=0.999))
def test_mm1_sojourn_quantile_inverts_the_tail(mu: float, rho: float, q: float) -> None:
    lam = rho * mu
    t = mm1_sojourn_quantile(lam, mu, q)
    assert mm1_sojourn_exceeds(lam, mu, t) == pytest.approx(1 - q, rel=1e-9)


@PROPERTY
@given(
    read_rate=st.floats(min_value=0.0, max_value=1000.0),
    short=st.floats(min_value=0.0, max_value=3600.0),
    long=st.floats(min_value=0.0, max_value=3600.0),
)
def test_ttl_hit_ratio_rises_with_the_ttl(
    read_rate: float, short: float, long: float
) -> None:
    short, long = sorted((short, long))
    assert ttl_hit_ratio(read_rate, short) <= ttl_hit_ratio(read_rate, long)


@PROPERTY
@given(
    read_rate=st.floats(min_value=0.0, max_value=1000.0),
    ttl=st.floats(min_value=0.0, max_value=3600.0),
)
def test_ttl_hit_ratio_is_a_probability(read_rate: float, ttl: float) -> None:
    assert 0 <= ttl_hit_ratio(read_rate, ttl) <= 1


@PROPERTY
@given(
    read_rate=st.floats(min_value=0.01, max_value=100.0),
    ttl=st.floats(min_value=0.1, max_value=100.0),
    menu_size=st.integers(min_value=1, max_value=100),
    flat=st.floats(min_value=0.0, max_value=3.0),
    steep=st.floats(min_value=0.0, max_value=3.0),
)
def test_ttl_hit_ratio_zipf_rises_with_popularity_skew(
    read_rate: float, ttl: float, menu_size: int, flat: float, steep: float
) -> None:
    flat, steep = sorted((flat, steep))
    flatter = ttl_hit_ratio_zipf(read_rate, ttl, menu_size, flat)
    steeper = ttl_hit_ratio_zipf(read_rate, ttl, menu_size, steep)
    assert flatter <= steeper + 1e-12


@PROPERTY
@given(
    rate=st.floats(min_value=0.01, max_value=60.0),
    recovery_s=st.floats(min_value=0.0, max_value=3600.0),
)
def test_availability_from_crash_rate_is_mttf_over_cycle(
    rate: float, recovery_s: float
) -> None:
    expected = availability(3600.0 / rate, recovery_s)
    assert availability_from_crash_rate(rate, recovery_s) == pytest.approx(expected)


def test_results_are_frozen() -> None:
    with pytest.raises(AttributeError):
        mm1(1.0, 2.0).L = 3.0  # type: ignore[misc]


def test_everything_public_is_listed() -> None:
    public = {n for n in vars(theory) if not n.startswith("_") and n.islower()}
    public -= {"annotations", "dataclass", "math", "numbers"}
    assert public <= set(theory.__all__)


# Ciw, an independent simulator, against the M/M/c mean wait.


def ciw_mean_waits(
    lam: float, mu: float, c: int, horizon: float, warmup: float, seeds: range
) -> list[float]:
    """Mean wait on the rail of each seeded Ciw replication of an M/M/c queue.

    Only tickets arriving between ``warmup`` and ``horizon`` count; the run
    goes on past the horizon so that they have all started work by its end.
    """
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=lam)],
        service_distributions=[ciw.dists.Exponential(rate=mu)],
        number_of_servers=[c],
    )
    means = []
    for seed in seeds:
        ciw.seed(seed)
        simulation = ciw.Simulation(network)
        simulation.simulate_until_max_time(horizon * 1.2)
        waits = [
            r.waiting_time
            for r in simulation.get_all_records()
            if warmup <= r.arrival_date < horizon
        ]
        means.append(statistics.fmean(waits))
    return means


@pytest.mark.slow
def test_ciw_agrees_with_the_mmc_mean_wait() -> None:
    lam, mu, c = 1.5, 1.0, 2
    means = ciw_mean_waits(lam, mu, c, horizon=3000.0, warmup=300.0, seeds=range(10))
    centre = statistics.fmean(means)
    half_width = scipy_stats.t.ppf(0.995, len(means) - 1) * (
        statistics.stdev(means) / math.sqrt(len(means))
    )
    assert abs(centre - mmc(lam, mu, c).Wq) <= half_width
