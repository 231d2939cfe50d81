"""Demand risk: a plan's posts held, its hours re-planned in each sampled future.

docs/sweeps.md: for each scenario, the posts of its plan stay as planned and
the hours are re-planned for each future of demand (optimise.futures). The
unmet harm of each future gives the P10, P50 and P90; the service floors are
measured, not enforced: a future where the posts cannot meet a floor still has
figures, and counts as "a floor is missed".

Measuring a floor needs the hours to go to it first where the posts allow, as
the plan's own hours did: otherwise hours the plan gave a floor would drift to
a stream of more harm per hour, and even the expected future would "miss" a
floor its plan meets. So each floor's shortfall carries a penalty dearer than
any harm it could save, and the harm reported is the harm alone. With no
uncertainty every future is the scenario's own, and the figures are its Unmet
harm.

Speed: posts fixed leave only the hours, a small linear program. One HiGHS
model serves a chunk of futures: each future changes the demand rows, the
floor rows and the harm bands' sizes, and the dual simplex re-solves from the
last future's basis. Chunks have a fixed size, so the figures are the same
however many workers share them.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import pandas as pd

from optimise import stopping
from optimise.compat import linear
from optimise.data import ModelData, prepare
from optimise.futures import draw_growth, future_hours
from optimise.highs import DUAL_SIMPLEX, HighsModel, algorithm
from optimise.inputs import PlanInputs, Scenario, with_optional_columns
from optimise.model import build_model
from optimise.result import PlanResult
from optimise.scenario import apply_scenario

#: Futures per chunk: one HiGHS model each. Fixed, never derived from the
#: number of workers, so a chunk's warm starts (and its figures) never change.
CHUNK = 50

#: A floor's shortfall weighs this many times the dearest unmet hour.
FLOOR_PENALTY = 1_000.0

#: Coverage this far under a floor is solver noise, not a missed floor.
FLOOR_TOLERANCE = 1e-6

#: Percentiles of unmet harm in the Risk table (numpy's default method).
PERCENTILES = (10, 50, 90)


@dataclass(frozen=True)
class RiskChunk:
    """Some futures of one scenario, with the posts they are met with."""

    data: ModelData
    posts: np.ndarray  # x[unit, role, t] of the scenario's plan
    hours: np.ndarray  # demand hours [future, stream, t]
    #: People arriving [unit, role, t] in the plan's Moves (None: its increases).
    arriving: np.ndarray | None = None


@dataclass(frozen=True)
class ChunkOutcome:
    """Each future's unmet harm, and which streams fell below their floor in any year."""

    unmet_harm: np.ndarray  # [future]
    below_floor: np.ndarray  # [future, stream] bool


@dataclass(frozen=True)
class RiskFigures:
    """One row of the Risk table (docs/sweeps.md)."""

    scenario: str
    samples: int
    p10: float
    p50: float
    p90: float
    mean: float
    floor_missed: float  # share of futures where any stream fell below its floor
    most_often_below: str  # "" when no stream ever fell below its floor


def scenario_chunks(
    inputs: PlanInputs,
    scenario: Scenario,
    plan: pd.DataFrame,
    moves: pd.DataFrame | None = None,
) -> list[RiskChunk]:
    """The scenario's futures (Settings Samples, from Random seed), met by its plan's posts.

    `plan` is the scenario's result's Plan table (PlanResult.plan), `moves` its
    Moves (PlanResult.moves): the people arriving, who work part of their first
    year where a unit has Months to productive.

    Settings are read as the scenario sees them: an override of Samples or
    Random seed is the scenario's own.
    """
    inputs = apply_scenario(with_optional_columns(inputs), scenario)
    data = prepare(inputs, scenario)
    settings = inputs.settings
    growth = draw_growth(inputs, scenario, settings.samples, settings.random_seed)
    arriving = None if moves is None else plan_arrivals(data, moves)
    return chunks(data, plan_posts(data, plan), future_hours(inputs, growth), arriving)


def demand_risk(inputs: PlanInputs, scenario: Scenario, result: PlanResult) -> RiskFigures:
    """The Risk row of one planned scenario, every chunk in this process."""
    chunked = scenario_chunks(inputs, scenario, result.plan, result.moves)
    outcomes = [solve_chunk(c) for c in chunked]
    return figures(scenario.name, list(inputs.demand["Stream"]), outcomes)


def chunks(
    data: ModelData, posts: np.ndarray, hours: np.ndarray, arriving: np.ndarray | None = None
) -> list[RiskChunk]:
    """The futures `hours` [future, stream, t] cut into chunks of CHUNK, in order."""
    return [
        RiskChunk(data, posts, hours[start : start + CHUNK], arriving)
        for start in range(0, len(hours), CHUNK)
    ]


def solve_chunk(chunk: RiskChunk) -> ChunkOutcome:
    """Every future of the chunk on one model (a module-level function, for the engine)."""
    model = HeldPosts(chunk.data, chunk.posts, chunk.arriving)
    harm, below = zip(*(model.solve(hours) for hours in chunk.hours), strict=True)
    return ChunkOutcome(np.array(harm, float), np.array(below, bool))


def figures(scenario: str, streams: list[str], outcomes: list[ChunkOutcome]) -> RiskFigures:
    """The Risk table's row from all of a scenario's futures, in the order drawn."""
    harm = np.concatenate([o.unmet_harm for o in outcomes])
    below = np.concatenate([o.below_floor for o in outcomes])
    p10, p50, p90 = np.percentile(harm, PERCENTILES)
    counts = below.sum(axis=0)
    most = streams[int(np.argmax(counts))] if counts.max(initial=0) > 0 else ""
    return RiskFigures(
        scenario=scenario,
        samples=len(harm),
        p10=float(p10),
        p50=float(p50),
        p90=float(p90),
        mean=float(harm.mean()),
        floor_missed=float(below.any(axis=1).mean()),
        most_often_below=most,
    )


def plan_posts(data: ModelData, plan: pd.DataFrame) -> np.ndarray:
    """x[unit, role, t] from a result's Plan table (a pair left out holds no posts)."""
    grid = pd.MultiIndex.from_product([data.units, data.roles, data.years])
    posts = plan.set_index(["Unit", "Role", "Year"])["Posts"].astype(float)
    return (
        posts.reindex(grid, fill_value=0.0)
        .to_numpy()
        .reshape(len(data.units), len(data.roles), len(data.years))
    )


def plan_arrivals(data: ModelData, moves: pd.DataFrame) -> np.ndarray | None:
    """People arriving [unit, role, t] in a result's Moves (transfers and recruits in)."""
    if moves is None or moves.empty or "To" not in moves:
        return None
    grid = pd.MultiIndex.from_product([data.units, data.roles, data.years])
    into = moves[moves["To"].isin(data.units)]
    arriving = into.groupby(["To", "Role", "Year"])["Posts"].sum().astype(float)
    return (
        arriving.reindex(grid, fill_value=0.0)
        .to_numpy()
        .reshape(len(data.units), len(data.roles), len(data.years))
    )


class HeldPosts:
    """The hours problem of one plan's posts in HiGHS, re-solved for future after future."""

    def __init__(
        self, data: ModelData, posts: np.ndarray, arriving: np.ndarray | None = None
    ) -> None:
        self.data = data
        model = build_model(data, integer=False, posts=posts, arriving=arriving)
        floored = [k for k in range(len(data.streams)) if not np.isnan(data.min_coverage[k])]
        short = {}
        for k in floored:
            for t in range(data.horizon):
                short[k, t] = model.prob.add_variable(f"short_{k}_{t}", lowBound=0)
                pairs = [(s, 1.0) for s in model.bands[k, t]] + [(short[k, t], -1.0)]
                model.prob.addConstraint(linear(pairs) <= 0.0, f"floor_{k}_{t}")
        self.floored = np.array(floored, dtype=int)
        # Kept: under PuLP 4 a problem's rows and columns live only as long as it does,
        # and callers (optimise.sensitivity) read the rows after this returns.
        self.model = model
        self.highs_model = HighsModel(model.prob, mip=False)
        self.highs = self.highs_model.highs
        rows = {row.name: n for n, row in enumerate(self.highs_model.rows)}
        column = self.highs_model.where
        nk, nt = model.bands.shape[:2]
        self.demand_rows = np.array(
            [rows[f"demand_{k}_{t}"] for k in range(nk) for t in range(nt)], np.int32
        )
        self.floor_rows = np.array(
            [rows[f"floor_{k}_{t}"] for k in floored for t in range(nt)], np.int32
        )
        self.band_columns = np.array(
            [[[column[v.name] for v in model.bands[k, t]] for t in range(nt)] for k in range(nk)],
            np.int32,
        )
        harm = model.harm()
        dearest = max((abs(c) for c in harm.values()), default=1.0)
        objective = harm + linear([(v, FLOOR_PENALTY * dearest) for v in short.values()])
        self.highs.changeColsCost(
            len(self.highs_model.columns),
            np.arange(len(self.highs_model.columns), dtype=np.int32),
            self.highs_model.vector(objective),
        )
        self.harm_cost = self.highs_model.vector(harm)[self.band_columns]
        self.solves = 0

    def solve(self, hours: np.ndarray) -> tuple[float, np.ndarray]:
        """Unmet harm of the posts with demand `hours` [stream, t], and the streams below floor."""
        if not (np.isfinite(self.harm_cost).all() and np.isfinite(hours).all()):
            # HiGHS may loop without end on a NaN cost (issue 23's 0/0): refuse instead.
            raise ValueError("the held posts' harm costs or hours are not all finite numbers")
        self._set_demand(hours)
        highs = self.highs
        first = algorithm(highs.getNumCol(), mip=False)
        highs.setOptionValue("solver", "simplex" if self.solves else first)
        highs.setOptionValue("simplex_strategy", DUAL_SIMPLEX)
        _run(highs)
        self.solves += 1
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            status = highs.modelStatusToString(highs.getModelStatus())
            raise RuntimeError(f"HiGHS could not re-plan the hours of a future: {status}")
        values = np.asarray(highs.getSolution().col_value)[self.band_columns]
        harm = float((values * self.harm_cost).sum())
        unmet = values.sum(axis=2)
        return harm, self._below_floor(hours, unmet)

    def _set_demand(self, hours: np.ndarray) -> None:
        """Demand rows = the future's hours; floors and harm bands scale with them."""
        data, highs = self.data, self.highs
        demand = hours.ravel()
        highs.changeRowsBounds(len(demand), self.demand_rows, demand, demand)
        if len(self.floored):
            most = ((1.0 - data.min_coverage[self.floored])[:, None] * hours[self.floored]).ravel()
            low = np.full(len(most), -highspy.kHighsInf)
            highs.changeRowsBounds(len(most), self.floor_rows, low, most)
        if len(data.band_width) > 1:
            top = (hours[:, :, None] * data.band_width[None, None, :]).ravel()
            columns = self.band_columns.ravel()
            highs.changeColsBounds(len(columns), columns, np.zeros(len(columns)), top)

    def _below_floor(self, hours: np.ndarray, unmet: np.ndarray) -> np.ndarray:
        """Per stream: True when its coverage fell below its Min coverage % in any year."""
        served = hours - np.clip(unmet, 0.0, hours)
        coverage = np.divide(served, hours, out=np.ones_like(hours), where=hours > 0)
        floor = self.data.min_coverage[:, None]
        with np.errstate(invalid="ignore"):
            below = coverage < floor - FLOOR_TOLERANCE
        return below.any(axis=1) & ~np.isnan(self.data.min_coverage)


def _run(highs: highspy.Highs) -> None:
    """One re-solve; a small one (milliseconds) without a helper thread to watch for Ctrl+C.

    Starting that thread cost more than the solve (2 ms against 1 ms on the
    default workbook); Ctrl+C still stops the work, as the solve returns.
    """
    if highs.getNumCol() >= stopping.INTERRUPT_FROM_COLUMNS:
        stopping.run(highs, mip=False)
        return
    stopping.check()
    highs.run()
    stopping.check()
