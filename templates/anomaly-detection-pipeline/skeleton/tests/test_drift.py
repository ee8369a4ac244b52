import json
import math
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from ${{ values.packageName }}.monitoring.drift import (
    DriftThresholds,
    compare_categories,
    compare_histograms,
    compare_samples,
    drift_status,
    drift_window,
    jensen_shannon,
    kolmogorov_smirnov,
    kolmogorov_survival,
    population_stability_index,
    window_bounds,
)

# The drift contract's public examples: (psi, js distance ln, js divergence base 2, js distance base 2),
# as the table prints them (6 decimals) and unrounded (numpy.histogram_bin_edges "sturges", numpy.histogram,
# scipy.spatial.distance.jensenshannon), which the portal's TypeScript matches to 1e-9 relative as well.
SPEC = {
    "evidently categories": ((2.934147, 0.379264, 0.207519, 0.455542),
                             (2.9341472484810085, 0.379263808220466, 0.20751874963942185, 0.45554225889528827)),
    "shifted categories": ((2.736088, 0.364092, 0.191248, 0.437319),
                           (2.7360876502755715, 0.3640917349510927, 0.19124768184530233, 0.4373187417036941)),
    "numerical shift": ((2.101220, 0.325854, 0.153186, 0.391390),
                        (2.1012195638745648, 0.3258538224165169, 0.15318638892490183, 0.39139032809319885)),
    "numerical scale": ((0.680976, 0.202198, 0.058983, 0.242864),
                        (0.6809757360898471, 0.2021975372456584, 0.058982919089683304, 0.24286399298719294)),
}


def spec_case(name):
    if name == "evidently categories":
        return compare_categories(["3", "2", "2"], ["1", "2", "3"])
    if name == "shifted categories":
        ref = ["a"] * 40 + ["b"] * 30 + ["c"] * 20 + ["d"] * 10
        cur = ["a"] * 25 + ["b"] * 25 + ["c"] * 25 + ["e"] * 25
        return compare_categories(ref, cur)
    if name == "numerical shift":
        return compare_samples(np.arange(100), np.arange(20, 120))
    reference = np.arange(1000) / 1000
    return compare_samples(reference, 1.1 * reference + 0.05)


@pytest.mark.parametrize("name", SPEC)
def test_matches_every_number_of_the_contract(name):
    table, full = SPEC[name]
    result = spec_case(name)
    measured = (result.psi, result.js_distance_natural, result.js_divergence, result.js_distance)
    for value, printed, exact in zip(measured, table, full):
        assert value == pytest.approx(exact, rel=1e-9)
        assert f"{value:.6f}" == f"{printed:.6f}"


def test_numerical_bins_are_numpys_sturges_edges_over_both_samples():
    rng = np.random.default_rng(11)
    reference, current = rng.normal(0, 1, 3000), rng.normal(0.3, 1.2, 1700)
    result = compare_samples(reference, current)
    expected = np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")
    np.testing.assert_allclose(result.bin_edges, expected, rtol=1e-12)
    assert result.reference_counts == np.histogram(reference, bins=expected)[0].tolist()
    assert compare_samples(reference, current, bins=30).bin_edges == pytest.approx(
        np.histogram_bin_edges(np.concatenate([reference, current]), bins=30).tolist(), rel=1e-12)


def test_bin_counts_follow_sturges_on_the_combined_sample():
    assert len(compare_samples(np.arange(100), np.arange(20, 120)).reference_counts) == 9
    reference = np.arange(1000) / 1000
    assert len(compare_samples(reference, 1.1 * reference + 0.05).reference_counts) == 12


def test_psi_and_js_agree_with_independent_formulas_to_1e9_relative():
    scipy_distance = pytest.importorskip("scipy.spatial.distance")
    ref, cur = [3, 2, 2], [1, 2, 3]
    p, q = np.array(ref) / 7, np.array(cur) / 6
    expected_psi = float(np.sum((p - q) * np.log(p / q)))
    assert population_stability_index(ref, cur) == pytest.approx(expected_psi, rel=1e-9)
    divergence, distance = jensen_shannon(ref, cur, base=math.e)
    assert distance == pytest.approx(scipy_distance.jensenshannon(p, q), rel=1e-9)
    assert jensen_shannon(ref, cur, base=2)[1] == pytest.approx(scipy_distance.jensenshannon(p, q, base=2), rel=1e-9)


def test_psi_smooths_empty_bins_per_side():
    # the current side has an empty bin: its zero becomes 1e-4 (smallest non-zero share 0.5 > 1e-4)
    psi = population_stability_index([1, 1], [1, 0])
    expected = (0.5 - 1.0) * math.log(0.5 / 1.0) + (0.5 - 1e-4) * math.log(0.5 / 1e-4)
    assert psi == pytest.approx(expected, rel=1e-12)
    # a tiny smallest share (≤ 1e-4) makes the zeros a millionth of it
    counts = [1, 99_999, 0]
    smallest = 1 / 100_000
    shares = np.array([smallest, 99_999 / 100_000, smallest / 1e6])
    other = np.array([1 / 3, 1 / 3, 1 / 3])
    assert population_stability_index(counts, [1, 1, 1]) == pytest.approx(float(np.sum((shares - other) * np.log(shares / other))), rel=1e-9)


def test_identical_distributions_are_stable_and_non_finite_values_are_dropped():
    result = compare_samples([1.0, 2.5, np.nan, *range(30)], [np.inf, 1.0, 2.5, *range(30)])
    assert result.psi == pytest.approx(0.0, abs=1e-12)
    assert result.status == "stable"
    assert result.reference_count == 32


def test_few_distinct_values_use_one_bin_per_value():
    result = compare_samples([0, 1, 1, 2], [1, 2, 3])
    assert result.kind == "discrete"
    assert result.categories == ["0", "1", "2", "3"]
    assert result.reference_counts == [1, 2, 1, 0]


@pytest.mark.parametrize(
    "psi, js, expected",
    [(0.05, 0.05, "stable"), (0.1, 0.05, "warning"), (0.2, 0.05, "drift"), (0.05, 0.1, "drift")],
)
def test_status_thresholds(psi, js, expected):
    assert drift_status(psi, js) == expected
    assert drift_status(psi, js, DriftThresholds(0.3, 0.5, 0.5)) == "stable"


@pytest.mark.parametrize("ref, cur", [([1, 2], [1]), ([0, 0], [1, 1]), ([-1, 2], [1, 1]), ([], [])])
def test_bad_counts_are_rejected_with_a_message(ref, cur):
    with pytest.raises(ValueError):
        compare_histograms(ref, cur)


def test_window_rows_follow_the_drift_table_contract():
    rng = np.random.default_rng(1)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    reference = {"amount_zscore": rng.normal(0, 1, 2000), "symbol": ["AAPL"] * 50 + ["MSFT"] * 50}
    current = {"amount_zscore": rng.normal(1.5, 1, 500), "symbol": ["AAPL"] * 50 + ["MSFT"] * 50}
    window = drift_window(start, start + timedelta(hours=1), reference, current, categorical=["symbol"])
    rows = {r["feature"]: r for r in window.drift_rows}
    assert rows["amount_zscore"]["status"] == "drift"
    assert rows["amount_zscore"]["feature_type"] == "numerical"
    assert rows["amount_zscore"]["current_count"] == 500  # out-of-range values land in the outer bins
    assert rows["symbol"]["status"] == "stable" and rows["symbol"]["feature_type"] == "categorical"
    assert set(rows["symbol"]) == {"window_start", "window_end", "feature", "feature_type", "psi", "js_divergence",
                                   "js_distance", "status", "reference_count", "current_count", "ks_statistic", "ks_pvalue"}
    bins = [h for h in window.histogram_rows if h["feature"] == "amount_zscore"]
    assert [b["bin_index"] for b in bins] == list(range(12))  # Sturges on the 2000 reference values
    assert bins[0]["bin_upper"] == bins[1]["bin_lower"]
    assert sum(b["reference_count"] for b in bins) == 2000
    categories = [h for h in window.histogram_rows if h["feature"] == "symbol"]
    assert [c["bin_label"] for c in categories] == ["AAPL", "MSFT"] and categories[0]["bin_lower"] is None


def test_windows_are_the_last_complete_aligned_period():
    now = datetime(2026, 3, 1, 14, 7, 31, tzinfo=timezone.utc)
    assert window_bounds(now, 60) == (datetime(2026, 3, 1, 13, 0, tzinfo=timezone.utc), datetime(2026, 3, 1, 14, 0, tzinfo=timezone.utc))
    assert window_bounds(now, 15)[1] == datetime(2026, 3, 1, 14, 0, tzinfo=timezone.utc)
    assert window_bounds(datetime(2026, 3, 1, 0, 5, tzinfo=timezone.utc), 240)[0] == datetime(2026, 2, 28, 20, 0, tzinfo=timezone.utc)
    with pytest.raises(ValueError, match="divide a day"):
        window_bounds(now, 7)


def ks_vectors(fixtures):
    return json.loads((fixtures / "ks_vectors.json").read_text())["cases"]


def test_kolmogorov_smirnov_matches_the_vectors_the_portal_shares(fixtures):
    cases = ks_vectors(fixtures)
    assert len(cases) >= 8
    for case in cases:
        result = kolmogorov_smirnov(case["reference"], case["current"])
        assert result.statistic == pytest.approx(case["statistic"], rel=1e-9, abs=1e-15), case["name"]
        assert result.pvalue == pytest.approx(case["pvalue"], rel=1e-9, abs=1e-15), case["name"]


def test_the_shared_vectors_are_scipys_numbers(fixtures):
    stats = pytest.importorskip("scipy.stats")
    special = pytest.importorskip("scipy.special")
    for case in ks_vectors(fixtures):
        n, m = len(case["reference"]), len(case["current"])
        assert case["statistic"] == pytest.approx(stats.ks_2samp(case["reference"], case["current"]).statistic, rel=1e-12)
        en = math.sqrt(n * m / (n + m))
        assert case["pvalue"] == pytest.approx(float(special.kolmogorov((en + 0.12 + 0.11 / en) * case["statistic"])), rel=1e-9)


def test_kolmogorov_survival_is_continuous_where_the_two_series_meet():
    assert kolmogorov_survival(0) == 1.0
    assert kolmogorov_survival(1.18 - 1e-9) == pytest.approx(kolmogorov_survival(1.18), rel=1e-8)
    assert kolmogorov_survival(1.3581) == pytest.approx(0.05, abs=1e-4)  # the 5 % critical value


def test_kolmogorov_smirnov_flags_a_shift_and_not_a_resample():
    rng = np.random.default_rng(3)
    reference = rng.normal(0, 1, 2000)
    assert kolmogorov_smirnov(reference, rng.normal(0, 1, 800)).pvalue > 0.05
    shifted = kolmogorov_smirnov(reference, rng.normal(0.5, 1, 800))
    assert shifted.pvalue < 1e-6 and shifted.statistic > 0.15


def test_kolmogorov_smirnov_drops_non_finite_values_and_refuses_empty_samples():
    assert kolmogorov_smirnov([np.nan, 1.0, 2.0, np.inf], [1.0, 2.0]).statistic == 0.0
    with pytest.raises(ValueError, match="finite"):
        kolmogorov_smirnov([np.nan], [1.0])


def test_numerical_drift_rows_carry_the_ks_test_and_categorical_rows_do_not():
    rng = np.random.default_rng(5)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    reference = {"price": rng.normal(0, 1, 500), "symbol": ["AAPL"] * 10}
    current = {"price": rng.normal(1, 1, 300), "symbol": ["AAPL"] * 10}
    rows = {r["feature"]: r for r in drift_window(start, start + timedelta(hours=1), reference, current, categorical=["symbol"]).drift_rows}
    expected = kolmogorov_smirnov(reference["price"], current["price"])
    assert rows["price"]["ks_statistic"] == expected.statistic and rows["price"]["ks_pvalue"] < 1e-6
    assert rows["symbol"]["ks_statistic"] is None and rows["symbol"]["ks_pvalue"] is None
