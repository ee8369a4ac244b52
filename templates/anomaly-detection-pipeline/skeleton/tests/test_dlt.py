import pytest

from ${{ values.packageName }}.dlt.bronze import SOURCES, autoloader_options
from ${{ values.packageName }}.dlt.silver import (
    BAR_EXPECTATIONS,
    TRADE_EXPECTATIONS,
    Expectation,
    expectation_groups,
    violations,
)

GOOD_TRADE = {"symbol": "AAPL", "price": 189.43, "volume": 100.0, "timestamp_ms": 1732186800123}


def test_a_clean_trade_passes_every_expectation():
    assert violations(GOOD_TRADE, TRADE_EXPECTATIONS) == []


@pytest.mark.parametrize(
    "change, broken",
    [
        ({"price": 0}, ["price_positive"]),
        ({"price": float("nan")}, ["price_positive"]),
        ({"volume": -1}, ["volume_non_negative"]),
        ({"symbol": ""}, ["symbol_present"]),
        ({"timestamp_ms": 1732186800}, ["timestamp_in_milliseconds"]),  # seconds, not milliseconds
    ],
)
def test_bad_trades_are_named_by_the_expectation_they_break(change, broken):
    assert violations({**GOOD_TRADE, **change}, TRADE_EXPECTATIONS) == broken


def test_bars_with_an_impossible_range_fail_the_update():
    bar = {"symbol": "IBM", "open": 10.0, "high": 9.0, "low": 11.0, "close": 10.0}
    assert violations(bar, BAR_EXPECTATIONS) == ["high_not_below_low", "close_within_range"]
    groups = expectation_groups(BAR_EXPECTATIONS)
    assert groups["fail"] == {"high_not_below_low": "high >= low"}
    assert set(groups["drop"]) == {"symbol_present", "prices_positive"}
    assert groups["warn"] == {"close_within_range": "close BETWEEN low AND high"}


def test_unknown_actions_are_refused():
    with pytest.raises(ValueError, match="unknown action"):
        expectation_groups([Expectation("x", "true", "quarantine", lambda r: True)])


def test_bronze_reads_each_landing_folder_with_rescue():
    assert {s.subdirectory for s in SOURCES} == {"finnhub", "alpha_vantage"}
    assert {s.table for s in SOURCES} == {"${{ values.modelName }}_trades_bronze", "${{ values.modelName }}_bars_bronze"}
    options = autoloader_options(SOURCES[0])
    assert options["cloudFiles.schemaEvolutionMode"] == "rescue"
    assert options["pathGlobFilter"] == "*.jsonl"  # the writers' temporary files are never read
