import math

import pytest

from ${{ values.packageName }}.deployment.smoke import check_predictions, smoke_query, smoke_records

FEATURES = ("amount_zscore", "velocity_1m", "log_return", "volume_zscore", "hour_of_day", "price_range_ratio")


def test_smoke_records_are_typical_trades_over_the_models_features():
    records = smoke_records(FEATURES)
    assert len(records) == 3 and all(set(r) == set(FEATURES) for r in records)
    assert [r["amount_zscore"] for r in records] == [0.0, 0.5, 1.0]


def test_a_healthy_endpoint_passes_at_the_first_attempt():
    answer = lambda rows: {"score": [0.1] * len(rows), "prediction": [0] * len(rows)}  # noqa: E731
    result = smoke_query(answer, smoke_records(FEATURES), sleep=lambda _: pytest.fail("no wait needed"))
    assert result.ok and result.attempts == 1


def test_a_cold_start_is_waited_for():
    calls = []

    def answer(rows):
        calls.append(rows)
        if len(calls) == 1:
            raise TimeoutError("upstream request timeout")
        return {"score": [0.2] * len(rows), "prediction": [1] * len(rows)}

    waits = []
    result = smoke_query(answer, smoke_records(FEATURES), sleep=waits.append)
    assert result.ok and result.attempts == 2 and waits == [20.0]


@pytest.mark.parametrize(
    "predictions, message",
    [
        ([0.1, 0.2, 0.3], "should be an object"),
        ({"score": [0.1, 0.2, 0.3]}, "lack the score and prediction"),
        ({"score": [0.1], "prediction": [0]}, "3 rows sent, 1 scores"),
        ({"score": [0.1, math.nan, 0.3], "prediction": [0, 0, 0]}, "non-finite"),
        ({"score": [0.1, 0.2, 0.3], "prediction": [0, 2, 0]}, "0 or 1"),
    ],
)
def test_a_wrong_answer_fails_with_the_reason(predictions, message):
    assert message in check_predictions(predictions, 3)
    result = smoke_query(lambda rows: predictions, smoke_records(FEATURES), attempts=2, sleep=lambda _: None)
    assert not result.ok and result.attempts == 2 and message in result.reason


def test_an_endpoint_that_keeps_failing_fails_the_smoke_test():
    def broken(rows):
        raise RuntimeError("RESOURCE_DOES_NOT_EXIST: endpoint not ready")

    result = smoke_query(broken, smoke_records(FEATURES), sleep=lambda _: None)
    assert not result.ok and result.reason == "RuntimeError: RESOURCE_DOES_NOT_EXIST: endpoint not ready"
