"""Queueing theory for the kitchen: what the pass should look like on paper.

The simulation shows a kitchen; this module says what a textbook expects of
it, so the page can lay the two side by side. Orders arrive as a Poisson
stream at rate ``lam``; each chef (a server, one replica of a service) works a
ticket for an exponential time of mean ``1/mu``; tickets wait on a rail (the
queue) in front of ``c`` chefs. When the rail is unbounded the kitchen is an
M/M/1 or M/M/c queue; when it holds only so many tickets it is M/M/c/K. The
fridge in front of the recipe book is a TTL cache, a chef who walks out and
comes back is a two-state availability model, and an outage leaves a backlog
that drains in a fluid approximation.

Everything here is plain arithmetic on floats: no SimPy, no randomness. Times
are in seconds and rates are per second, whatever unit the page shows. Bad
inputs raise :class:`ValueError` naming the parameter, the value given and
what is allowed; an infinite-capacity queue whose utilization is 1 or more has
no steady state and is refused the same way.

The parameter ``queue_capacity`` of the scenario counts tickets *waiting* on a
rail, not those being worked, so the total capacity ``K`` of :func:`mmck` is
``chefs + queue_capacity``; :func:`system_capacity` does that sum.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

__all__ = [
    "MM1Result",
    "MMcKResult",
    "MMcResult",
    "OutageBacklog",
    "availability",
    "availability_from_crash_rate",
    "erlang_b",
    "erlang_c",
    "littles_law",
    "mm1",
    "mm1_sojourn_exceeds",
    "mm1_sojourn_quantile",
    "mmc",
    "mmc_wait_exceeds",
    "mmc_wait_quantile",
    "mmck",
    "outage_backlog",
    "system_capacity",
    "ttl_hit_ratio",
    "ttl_hit_ratio_zipf",
]

SECONDS_PER_HOUR = 3600.0


# The checks at the boundary. Each returns the value as a plain float or int,
# so that a NumPy scalar given in comes out of the results as a Python number.


def _show(value: object) -> str:
    """A value as an error message shows it: its repr, cut short if long."""
    text = repr(float(value)) if isinstance(value, float) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _number(name: str, value: object) -> float:
    """A finite real number, or a ValueError naming the parameter."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(
            f"{name}={_show(value)} is not allowed; allowed: a real number"
        )
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(
            f"{name}={_show(value)} is not allowed; allowed: a finite number"
        )
    return number


def _positive(name: str, value: object, unit: str = "") -> float:
    """A finite number above zero."""
    number = _number(name, value)
    if number <= 0:
        per = f" ({unit})" if unit else ""
        raise ValueError(f"{name}={number!r} is not allowed; allowed: above 0{per}")
    return number


def _non_negative(name: str, value: object, unit: str = "") -> float:
    """A finite number at or above zero."""
    number = _number(name, value)
    if number < 0:
        per = f" ({unit})" if unit else ""
        raise ValueError(f"{name}={number!r} is not allowed; allowed: 0 or more{per}")
    return number


def _whole(name: str, value: object, low: int, allowed: str = "") -> int:
    """A whole number at or above ``low`` (a count of chefs or of places)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        whole = int(value)
        if whole >= low:
            return whole
    allowed = allowed or f"a whole number, {low} or more"
    raise ValueError(f"{name}={_show(value)} is not allowed; allowed: {allowed}")


def _probability_level(name: str, value: object) -> float:
    """A quantile level: 0 or more and below 1."""
    level = _number(name, value)
    if not 0 <= level < 1:
        raise ValueError(f"{name}={level!r} is not allowed; allowed: 0 to below 1")
    return level


def _stable(rho: float, formula: str, model: str, given: str) -> None:
    """Refuse an infinite queue that never settles."""
    if rho >= 1:
        raise ValueError(
            f"utilization {formula}={rho!r} must be below 1 for an {model} queue "
            f"to settle ({given}); a finite rail (mmck) settles at any load"
        )


# M/M/1: one chef, an endless rail.


@dataclass(frozen=True)
class MM1Result:
    """Steady state of one chef working an unbounded rail.

    ``rho`` is the fraction of time the chef is busy, ``L`` and ``Lq`` the mean
    tickets in the kitchen and on the rail, ``W`` and ``Wq`` the mean seconds a
    ticket spends in the kitchen and waiting on the rail.
    """

    rho: float
    L: float
    Lq: float
    W: float
    Wq: float


def _mm1_rates(lam: object, mu: object) -> tuple[float, float]:
    """The rates of a stable M/M/1 queue, checked."""
    lam = _positive("lam", lam, "per second")
    mu = _positive("mu", mu, "per second")
    _stable(lam / mu, "lam/mu", "M/M/1", f"lam={lam!r}, mu={mu!r}")
    return lam, mu


def mm1(lam: float, mu: float) -> MM1Result:
    """The M/M/1 queue: orders at rate ``lam`` to one chef of rate ``mu``."""
    # Kleinrock, "Queueing Systems Vol. 1" (1975), sec. 3.2; Gross, Shortle,
    # Thompson & Harris, "Fundamentals of Queueing Theory", 4th ed. (2008), ch. 2.
    lam, mu = _mm1_rates(lam, mu)
    rho = lam / mu
    # Each figure from its own closed form, so Little's law is a check, not a
    # definition.
    return MM1Result(
        rho=rho,
        L=rho / (1 - rho),
        Lq=rho * rho / (1 - rho),
        W=1 / (mu - lam),
        Wq=rho / (mu - lam),
    )


def mm1_sojourn_exceeds(lam: float, mu: float, t: float) -> float:
    """Chance that a ticket spends more than ``t`` seconds with one chef.

    In M/M/1 under first come, first served the sojourn time is exponential
    with rate ``mu - lam``.
    """
    # Gross et al. (2008), ch. 2 (the waiting-time distributions of M/M/1).
    lam, mu = _mm1_rates(lam, mu)
    t = _non_negative("t", t, "seconds")
    return math.exp(-(mu - lam) * t)


def mm1_sojourn_quantile(lam: float, mu: float, q: float) -> float:
    """Seconds within which a fraction ``q`` of tickets leave one chef.

    The ``q`` quantile of an exponential of rate ``mu - lam``; ``q=0.5`` is
    the median, ``q=0.95`` the 95th percentile.
    """
    # Inverts mm1_sojourn_exceeds: W(t) = 1 - exp(-(mu - lam) t); Gross et al.
    # (2008), ch. 2.
    lam, mu = _mm1_rates(lam, mu)
    q = _probability_level("q", q)
    return -math.log1p(-q) / (mu - lam)


# M/M/c: c chefs at one station, an endless rail.


def erlang_b(a: float, c: int) -> float:
    """Chance that all ``c`` chefs are busy and a ticket is turned away.

    Erlang's loss formula for offered load ``a = lam/mu`` (in erlangs) when no
    ticket may wait. Computed by the recursion B(k) = a B(k-1) / (k + a B(k-1)),
    which never forms a power or a factorial and so stays finite for thousands
    of chefs.
    """
    # Jagerman, "Some properties of the Erlang loss function", Bell System
    # Technical Journal 53(3) (1974); Gross et al. (2008), ch. 2.
    a = _positive("a", a, "erlangs")
    c = _whole("c", c, 1)
    blocking = 1.0
    for k in range(1, c + 1):
        blocking = a * blocking / (k + a * blocking)
    return blocking


def erlang_c(a: float, c: int) -> float:
    """Chance that a ticket finds all ``c`` chefs busy and has to wait.

    Erlang's delay formula for offered load ``a = lam/mu`` below ``c``, from
    Erlang B as C = B / (1 - (a/c)(1 - B)).
    """
    # Kleinrock (1975), sec. 3.5; Gross et al. (2008), ch. 2.
    a = _positive("a", a, "erlangs")
    c = _whole("c", c, 1)
    rho = a / c
    _stable(rho, "a/c", "M/M/c", f"a={a!r}, c={c!r}")
    blocking = erlang_b(a, c)
    return blocking / (1 - rho * (1 - blocking))


@dataclass(frozen=True)
class MMcResult:
    """Steady state of ``c`` chefs sharing one unbounded rail.

    ``rho`` is the busy fraction of each chef, ``p_wait`` the chance a ticket
    has to wait (Erlang C), and ``L``, ``Lq``, ``W``, ``Wq`` as in
    :class:`MM1Result`.
    """

    rho: float
    p_wait: float
    L: float
    Lq: float
    W: float
    Wq: float


def _mmc_rates(lam: object, mu: object, c: object) -> tuple[float, float, int]:
    """The rates and chefs of a stable M/M/c queue, checked."""
    lam = _positive("lam", lam, "per second")
    mu = _positive("mu", mu, "per second")
    c = _whole("c", c, 1)
    rho = lam / (c * mu)
    _stable(rho, "lam/(c*mu)", "M/M/c", f"lam={lam!r}, mu={mu!r}, c={c!r}")
    return lam, mu, c


def mmc(lam: float, mu: float, c: int) -> MMcResult:
    """The M/M/c queue: orders at rate ``lam`` to ``c`` chefs of rate ``mu``."""
    # Kleinrock (1975), sec. 3.5; Gross et al. (2008), ch. 2.
    lam, mu, c = _mmc_rates(lam, mu, c)
    rho = lam / (c * mu)
    a = lam / mu
    p_wait = erlang_c(a, c)
    lq = p_wait * rho / (1 - rho)
    wq = p_wait / (c * mu - lam)
    return MMcResult(rho=rho, p_wait=p_wait, L=lq + a, Lq=lq, W=wq + 1 / mu, Wq=wq)


def mmc_wait_exceeds(lam: float, mu: float, c: int, t: float) -> float:
    """Chance that a ticket waits on the rail more than ``t`` seconds.

    P(Wq > t) = C exp(-(c mu - lam) t): a ticket waits at all with chance C,
    and a waiting ticket waits an exponential time of rate ``c mu - lam``.
    """
    # Gross et al. (2008), ch. 2 (the waiting-time distribution of M/M/c).
    lam, mu, c = _mmc_rates(lam, mu, c)
    t = _non_negative("t", t, "seconds")
    return mmc(lam, mu, c).p_wait * math.exp(-(c * mu - lam) * t)


def mmc_wait_quantile(lam: float, mu: float, c: int, q: float) -> float:
    """Seconds on the rail within which a fraction ``q`` of tickets start work.

    Zero when ``q`` is at most 1 - C, the share of tickets that find a chef
    free; otherwise ln(C / (1 - q)) / (c mu - lam).
    """
    # Inverts the distribution of mmc_wait_exceeds; Gross et al. (2008), ch. 2.
    lam, mu, c = _mmc_rates(lam, mu, c)
    q = _probability_level("q", q)
    p_wait = mmc(lam, mu, c).p_wait
    if 1 - q >= p_wait:
        return 0.0
    return math.log(p_wait / (1 - q)) / (c * mu - lam)


# M/M/c/K: c chefs, a rail with room for K - c tickets.


def system_capacity(c: int, queue_capacity: int) -> int:
    """Total tickets a station holds: ``c`` being worked plus the rail.

    The scenario's ``queue_capacity`` counts only tickets waiting on the rail,
    so this is the ``K`` that :func:`mmck` expects.
    """
    return _whole("c", c, 1) + _whole("queue_capacity", queue_capacity, 0)


@dataclass(frozen=True)
class MMcKResult:
    """Steady state of ``c`` chefs and a rail that turns tickets away when full.

    ``rho`` is the offered load per chef, ``lam/(c*mu)``, which may be 1 or
    more; ``utilization`` is the busy fraction each chef actually sees, which
    never exceeds 1. ``p_block`` is the chance an arriving ticket finds the
    station full and is lost, ``lam_eff`` the rate of tickets let in, and
    ``L``, ``Lq``, ``W``, ``Wq`` as in :class:`MM1Result`, with the times
    counted over tickets let in.
    """

    rho: float
    utilization: float
    p_block: float
    lam_eff: float
    L: float
    Lq: float
    W: float
    Wq: float


def _station_weights(a: float, c: int, K: int) -> list[float]:
    """Chances of 0 to K tickets at the station, up to a common factor.

    The chance of n tickets is proportional to a^n/n! up to c, then grows by
    rho = a/c per extra ticket. Each weight is built by multiplying factors
    below 1 outwards from the largest, which is 1, so none overflows even when
    rho is far above 1 and the rail is long, and each keeps its digits.
    """
    # a^n/n! rises while n < a: its peak among 0..c is at min(c, floor(a)).
    peak = min(c, math.floor(a))
    head = [0.0] * (c + 1)
    head[peak] = 1.0
    for n in range(peak, c):
        head[n + 1] = head[n] * (a / (n + 1))
    for n in range(peak, 0, -1):
        head[n - 1] = head[n] * (n / a)
    rho = a / c
    if rho <= 1:
        return head + [head[c] * rho**k for k in range(1, K - c + 1)]
    # Above capacity the peak is K itself (head[c] is 1 here); measure from it.
    return [h * rho ** -(K - c) for h in head] + [
        rho ** -(K - n) for n in range(c + 1, K + 1)
    ]


def mmck(lam: float, mu: float, c: int, K: int) -> MMcKResult:
    """The M/M/c/K queue: ``c`` chefs, at most ``K`` tickets in all.

    ``K`` counts tickets being worked as well as those waiting, so it is at
    least ``c``; for a rail of ``queue_capacity`` places use
    ``K = system_capacity(c, queue_capacity)``. A full station loses the
    arriving ticket, as a rail with overflow ``"drop"`` does. A finite station
    settles at any load, so ``lam`` may exceed ``c * mu``.
    """
    # Gross et al. (2008), ch. 2 (queues with truncation); Kleinrock (1975),
    # secs. 3.6-3.7 (M/M/1/K and the loss system M/M/m/m). W and Wq follow
    # from Little (1961) with the rate let in.
    lam = _positive("lam", lam, "per second")
    mu = _positive("mu", mu, "per second")
    c = _whole("c", c, 1)
    K = _whole("K", K, c, f"a whole number, at least c={c} (K counts chefs at work)")
    a = lam / mu
    if not 0 < a < math.inf:
        raise ValueError(
            f"offered load lam/mu={a!r} is not allowed (lam={lam!r}, mu={mu!r}); "
            "allowed: a ratio above 0 that a float can hold"
        )
    rho = a / c

    weights = _station_weights(a, c, K)
    total = math.fsum(weights)

    p_block = weights[K] / total
    # 1 - p_block as a sum of its own, so that a nearly full station keeps
    # every digit of the small rate it lets in.
    lam_eff = lam * math.fsum(weights[:K]) / total
    in_system = math.fsum(n * w for n, w in enumerate(weights)) / total
    on_rail = math.fsum((n - c) * w for n, w in enumerate(weights) if n > c) / total
    # Busy chefs from the distribution itself, which keeps the share at most 1
    # where lam_eff / (c * mu) could round just above it.
    busy_share = math.fsum(min(n, c) / c * w for n, w in enumerate(weights)) / total
    return MMcKResult(
        rho=rho,
        utilization=busy_share,
        p_block=p_block,
        lam_eff=lam_eff,
        L=in_system,
        Lq=on_rail,
        W=in_system / lam_eff,
        Wq=on_rail / lam_eff,
    )


# The fridge: a TTL cache in front of the recipe book.


def ttl_hit_ratio(read_rate: float, ttl: float) -> float:
    """Share of reads of one recipe that the fridge answers itself.

    Reads arrive as a Poisson stream of rate ``read_rate``. A miss fetches the
    recipe and starts its ``ttl``-second clock; the reads before it runs out
    are hits, read_rate * ttl of them on average, and the first read after is
    the next miss. So the hit ratio is lam T / (1 + lam T). Updates of the
    recipe do not change it under TTL expiry: the fridge keeps serving the old
    version until the clock runs out.
    """
    # Jung, Berger & Balakrishnan, "Modeling TTL-based Internet caches",
    # IEEE INFOCOM (2003); Fofack, Nain, Neglia & Towsley, "Analysis of
    # TTL-based cache networks", VALUETOOLS (2012).
    read_rate = _non_negative("read_rate", read_rate, "reads per second")
    ttl = _non_negative("ttl", ttl, "seconds")
    hits = read_rate * ttl
    return hits / (1 + hits)


def ttl_hit_ratio_zipf(
    read_rate: float, ttl: float, menu_size: int, exponent: float
) -> float:
    """Share of all recipe reads one fridge answers, over a whole menu.

    ``read_rate`` is the total rate of reads reaching the fridge; dish ``i``
    (from 1) takes the share ``i**-exponent`` of them, normalised over the
    menu, and is cached on its own TTL clock. The hit ratio is the
    read-weighted mean of :func:`ttl_hit_ratio` over the dishes, so a menu
    with a few hits caches better than a flat one.
    """
    # Jung, Berger & Balakrishnan (2003): entries are independent under
    # Poisson reads; the mix over entries is weighted by their read shares.
    read_rate = _non_negative("read_rate", read_rate, "reads per second")
    ttl = _non_negative("ttl", ttl, "seconds")
    menu_size = _whole("menu_size", menu_size, 1)
    exponent = _non_negative("exponent", exponent)
    weights = [i**-exponent for i in range(1, menu_size + 1)]
    total = math.fsum(weights)
    shares = [w / total for w in weights]
    return math.fsum(s * ttl_hit_ratio(read_rate * s, ttl) for s in shares)


# Chefs who walk out and come back.


def availability(mttf: float, mttr: float) -> float:
    """Long-run share of time a chef is at the station.

    A chef works for a mean of ``mttf`` seconds before walking out and takes a
    mean of ``mttr`` seconds to come back; the share is MTTF / (MTTF + MTTR),
    whatever the distributions. ``mttf`` may be ``math.inf`` for a chef who
    never walks out.
    """
    # Trivedi, "Probability and Statistics with Reliability, Queuing, and
    # Computer Science Applications", 2nd ed. (2002): the alternating renewal
    # process of a repairable unit.
    if isinstance(mttf, float) and mttf == math.inf:
        _non_negative("mttr", mttr, "seconds")
        return 1.0
    mttf = _positive("mttf", mttf, "seconds")
    mttr = _non_negative("mttr", mttr, "seconds")
    return mttf / (mttf + mttr)


def availability_from_crash_rate(crashes_per_hour: float, recovery_s: float) -> float:
    """Availability of a chef from the scenario's own units.

    ``crashes_per_hour`` is the rate at which one chef walks out while at
    work and ``recovery_s`` the mean seconds to come back; a rate of 0 means
    a chef who is always there.
    """
    # Trivedi (2002), as for availability: 1 / (1 + rate * MTTR).
    rate = _non_negative("crashes_per_hour", crashes_per_hour, "crashes per hour")
    recovery_s = _non_negative("recovery_s", recovery_s, "seconds")
    return 1 / (1 + rate / SECONDS_PER_HOUR * recovery_s)


# Little's law and the backlog an outage leaves behind.


def littles_law(arrival_rate: float, mean_time: float) -> float:
    """Mean number of tickets present: arrival rate times mean time spent.

    Holds for any stable station, whatever the distributions or the order of
    service; with the time on the rail it gives the tickets on the rail.
    """
    # Little, "A proof for the queuing formula: L = lambda W", Operations
    # Research 9(3) (1961).
    arrival_rate = _non_negative("arrival_rate", arrival_rate, "per second")
    mean_time = _non_negative("mean_time", mean_time, "seconds")
    return arrival_rate * mean_time


@dataclass(frozen=True)
class OutageBacklog:
    """What a consumer outage leaves: tickets piled up and time to clear them.

    ``backlog`` is the mean number of tickets that arrive while the consumer
    is down; ``drain_s`` the seconds, after it comes back, until the rail is
    back to normal. ``drain_s`` is ``math.inf`` when the consumer cannot serve
    faster than tickets arrive.
    """

    backlog: float
    drain_s: float


def outage_backlog(lam: float, mu: float, outage_s: float) -> OutageBacklog:
    """Backlog and drain time of an outage of ``outage_s`` seconds.

    Tickets keep arriving at ``lam`` while the consumer is down, so lam * D
    pile up; once it is back it clears them at the net rate ``mu - lam``,
    taking lam * D / (mu - lam) seconds. ``mu`` is the consumer's total rate,
    ``c * mu`` for ``c`` chefs. This is the fluid approximation: it ignores
    the rail's everyday queue and a rail too short to hold the backlog.
    """
    # Newell, "Applications of Queueing Theory", 2nd ed. (1982): the
    # deterministic fluid approximation of a queue under a temporary overload.
    lam = _positive("lam", lam, "per second")
    mu = _positive("mu", mu, "per second")
    outage_s = _non_negative("outage_s", outage_s, "seconds")
    backlog = lam * outage_s
    drain_s = backlog / (mu - lam) if mu > lam else math.inf
    return OutageBacklog(backlog=backlog, drain_s=drain_s)
