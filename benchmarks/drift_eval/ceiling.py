"""A reference detector that learns from the simulator's own truth, as an upper reference.

Per day, 19 causal features of what was logged, each against the person's own baseline (the
last 120 ordinary logged days ending two weeks earlier, as ebbtide's detector keeps it):
meaningful contact over 7 and 21 days, all contacts, shares of check-ins unsettled, shut
down and "avoiding someone", escape among time alone, logging over 7 and 21 days, felt
safety, initiative, steps, "I need time alone", settling solitude, days since meaningful
contact and whether the day was logged. A gradient-boosted classifier learns P(drift day)
from them on half the simulator's people and scores the other half (two folds by person),
so each person's score comes from a model that never saw that person but did see the very
simulator that made them: more than any detector can know about people it was not tuned on.
Its log-odds, less the prior's, are the day's evidence in ebbtide's own CUSUM, alarm and
recovery rules (``detect_grid(..., evidence=...)``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ebbtide.insights.drift import _last_ordinary, _ratio, _Windows

FloatArray = npt.NDArray[np.float64]
FEATURES = (
    "surprise",
    "contact7",
    "contact21",
    "contact21_low",
    "all_contacts21",
    "unsettled7",
    "unsettled21",
    "shut_down7",
    "escape7",
    "avoiding7",
    "logging7",
    "logging21",
    "safe21",
    "alone_wish7",
    "settled7",
    "since_meaningful",
    "unlogged",
    "steps21",
    "initiated21",
)


def features(
    c: dict[str, npt.NDArray[Any]], first: npt.NDArray[np.int64]
) -> tuple[dict[str, FloatArray], npt.NDArray[np.bool_]]:
    """The features of every grid day, and where no baseline exists yet (fewer than 14)."""
    logged = c["logged"]
    w = _Windows(logged.shape, first)
    ordinary = (logged > 0) & (c["away"] == 0)
    m, con, chk = c["meaningful"], c["contacts"], c["checkins"]
    uns = chk - c["st_connected"]
    solo = c["escape_min"] + c["chosen_min"]
    names = ("st_shut_down", "escape_min", "avoiding", "safe", "alone_wish", "steps_done")
    shut, esc, avoid, safe, wish, steps = (c[n] for n in names)
    sums, base = _last_ordinary(
        [m, con, chk, uns, shut, esc, solo, avoid, safe, wish, steps, c["initiated"]],
        ordinary,
        120,
        14,
    )
    bm, bc, bchk, buns, bshut, besc, bsolo, bav, bsafe, bwish, bsteps, binit = sums
    usual = np.maximum(np.nan_to_num(_ratio(bm, base, np.nan), nan=1.0), 0.15)
    usual_all = np.maximum(np.nan_to_num(_ratio(bc, base, np.nan), nan=1.0), 0.15)
    u_log = _ratio(w.sum(logged, 180, 14), w.length(180, 14), 0.9)
    n7, n21 = w.sum(logged, 7), w.sum(logged, 21)
    k7, k21 = w.sum(chk, 7), w.sum(chk, 21)

    def share(x: Any, days: int, of: Any, usual_share: FloatArray) -> FloatArray:
        out: FloatArray = _ratio(w.sum(x, days), of, usual_share) - usual_share
        return out

    def against(x: Any, days: int, n: Any, per_day: FloatArray) -> FloatArray:
        out: FloatArray = np.clip(_ratio(w.sum(x, days), n * per_day, 1.0), 0.0, 2.0) - 1.0
        return out

    f: dict[str, FloatArray] = {}
    f["surprise"] = np.where(logged > 0, np.clip(0.6 * usual + m * np.log(0.4), -1, 1), 0.0)
    f["contact7"] = against(m, 7, n7, usual)
    f["contact21"] = against(m, 21, n21, usual)
    f["contact21_low"] = np.minimum(f["contact21"], -0.5) + 0.5
    f["all_contacts21"] = against(con, 21, n21, usual_all)
    f["unsettled7"] = share(uns, 7, k7, _ratio(buns, bchk, 0.4))
    f["unsettled21"] = share(uns, 21, k21, _ratio(buns, bchk, 0.4))
    f["shut_down7"] = share(c["st_shut_down"], 7, k7, _ratio(bshut, bchk, 0.15))
    f["escape7"] = share(c["escape_min"], 7, w.sum(solo, 7), _ratio(besc, bsolo, 0.2))
    f["avoiding7"] = share(c["avoiding"], 7, k7, _ratio(bav, bchk, 0.1))
    f["logging7"] = n7 / np.maximum(w.length(7), 1.0) - u_log
    f["logging21"] = n21 / np.maximum(w.length(21), 1.0) - u_log
    f["safe21"] = share(c["safe"], 21, w.sum(con, 21), _ratio(bsafe, bc, 0.5))
    f["alone_wish7"] = share(c["alone_wish"], 7, k7, _ratio(bwish, bchk, 0.1))
    f["settled7"] = np.minimum(w.sum(c["regulated_n"], 7), 3) / 3.0
    col = np.arange(logged.shape[1])
    last = np.maximum.accumulate(np.where(m > 0, col[None, :], -1), axis=1)
    since = np.where(last >= 0, col[None, :] - last, col[None, :] - first[:, None] + 1)
    f["since_meaningful"] = np.log1p(np.maximum(since, 0) * usual) - np.log(2.0)
    f["unlogged"] = (logged == 0).astype(np.float64)
    f["steps21"] = against(c["steps_done"], 21, n21, np.maximum(_ratio(bsteps, base, 0.1), 0.05))
    f["initiated21"] = share(c["initiated"], 21, w.sum(con, 21), _ratio(binit, bc, 0.5))
    return f, base < 14


def evidence(
    counts: dict[str, npt.NDArray[Any]],
    first: npt.NDArray[np.int64],
    truth: npt.NDArray[np.int8],
    seed: int = 0,
) -> FloatArray:
    """Each day's evidence (log-odds of a drift day less the prior's), two folds by person."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    f, learning = features(counts, first)
    x = np.stack([f[name] for name in FEATURES], -1)
    n, span = truth.shape
    out: FloatArray = np.zeros((n, span))
    order = np.random.default_rng(seed).permutation(n)
    folds = (order[::2], order[1::2])
    for train, test in (folds, folds[::-1]):
        keep = (truth[train] >= 0) & ~learning[train]
        model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, random_state=seed)
        model.fit(x[train][keep], truth[train][keep])
        p = model.predict_proba(x[test].reshape(-1, len(FEATURES)))[:, 1].reshape(len(test), span)
        p = np.clip(p, 1e-4, 1 - 1e-4)
        prior = float(truth[train][keep].mean())
        out[test] = np.log(p / (1 - p)) - np.log(prior / (1 - prior))
    return np.clip(out, -4.0, 4.0)
