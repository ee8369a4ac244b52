"""The smoke query after each deploy: a few typical trades sent to the endpoint must come back as one
finite score and a 0/1 prediction each. A failure makes the task fail, and the job rolls back."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

# a calm trade: every z-score at its mean, a few trades a minute, mid-session
TYPICAL_TRADE = {"amount_zscore": 0.0, "velocity_1m": 3.0, "log_return": 0.0, "volume_zscore": 0.0,
                 "hour_of_day": 14.0, "price_range_ratio": 0.008}


@dataclass(frozen=True)
class SmokeResult:
    ok: bool
    reason: str
    attempts: int


def smoke_records(features: Sequence[str], count: int = 3) -> list[dict[str, float]]:
    """``count`` typical trades over the model's features, the amount varying so rows differ."""
    records = []
    for i in range(count):
        record = {f: float(TYPICAL_TRADE.get(f, 0.0)) for f in features}
        if "amount_zscore" in record:
            record["amount_zscore"] = float(i) * 0.5
        records.append(record)
    return records


def check_predictions(predictions: Any, expected_rows: int) -> str | None:
    """Why a response body's ``predictions`` is wrong, or None."""
    if not isinstance(predictions, Mapping):
        return f"predictions should be an object with score and prediction, got {type(predictions).__name__}"
    scores, labels = predictions.get("score"), predictions.get("prediction")
    if not isinstance(scores, list) or not isinstance(labels, list):
        return "predictions lack the score and prediction lists"
    if len(scores) != expected_rows or len(labels) != expected_rows:
        return f"{expected_rows} rows sent, {len(scores)} scores and {len(labels)} predictions returned"
    if not all(isinstance(s, (int, float)) and math.isfinite(s) for s in scores):
        return f"non-finite scores: {scores}"
    if not all(p in (0, 1) for p in labels):
        return f"predictions must be 0 or 1: {labels}"
    return None


def smoke_query(query: Callable[[list[dict[str, float]]], Any], records: list[dict[str, float]],
                attempts: int = 3, wait_seconds: float = 20.0, sleep: Callable[[float], None] = time.sleep) -> SmokeResult:
    """Queries until the answer is right or ``attempts`` run out (a scaled-to-zero endpoint may need a
    cold start). ``query`` returns the response's ``predictions`` or raises."""
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    reason = ""
    for attempt in range(1, attempts + 1):
        try:
            problem = check_predictions(query(records), len(records))
        except Exception as exc:  # noqa: BLE001 (any failure of the endpoint fails the smoke test)
            problem = f"{type(exc).__name__}: {exc}"
        if problem is None:
            return SmokeResult(True, f"{len(records)} rows scored", attempt)
        reason = problem
        if attempt < attempts:
            sleep(wait_seconds)
    return SmokeResult(False, reason, attempts)
