import importlib.util

import numpy as np
import pytest

from ${{ values.packageName }}.training.synthetic import make_transactions, split
from ${{ values.packageName }}.training.tournament import run_tournament, train_algorithm
from ${{ values.packageName }}.training.tracking import InMemoryTracker

ALL = ["xgboost", "lightgbm", "random_forest", "isolation_forest"]


@pytest.fixture(scope="module")
def tournament():
    data = make_transactions(n=4000, anomaly_rate=0.04, seed=7)
    train, validation = split(data, 0.3, seed=1)
    tracker = InMemoryTracker()
    result = run_tournament(train, validation, ALL, search_iterations=3, seed=42, tracker=tracker, tournament_id="t-1",
                            run_tags={"fmlops.job_run_id": "77"})
    return result, tracker


def test_the_supervised_winner_reaches_a_useful_pr_auc(tournament):
    result, _ = tournament
    winner = result.winner
    assert winner.supervised
    assert winner.metrics["pr_auc"] >= 0.6
    assert result.ranking[0].metrics["pr_auc"] >= max(e.metrics["pr_auc"] for e in result.ranking)


def test_isolation_forest_learns_without_labels_and_beats_the_base_rate(tournament):
    result, _ = tournament
    forest = next(e for e in result.entries if e.algorithm == "isolation_forest")
    assert forest.status == "trained" and not forest.supervised
    # average precision of a random scorer is the base rate; the unsupervised detector must do better
    assert forest.metrics["pr_auc"] > 2 * result.base_rate
    assert {"pr_auc", "f1", "precision", "recall", "roc_auc"} <= set(forest.metrics)


def test_every_algorithm_is_tracked_with_the_tournament_tag(tournament):
    result, tracker = tournament
    # what the portal reads: runs grouped by fmlops.tournament_id, the algorithm param, the job run
    assert [r.params["algorithm"] for r in tracker.runs] == ALL
    assert all(r.tags["fmlops.tournament_id"] == "t-1" and r.tags["fmlops.job_run_id"] == "77" for r in tracker.runs)
    trained = [r for r in tracker.runs if "fmlops.skipped" not in r.tags]
    assert all(0 <= r.metrics["pr_auc"] <= 1 and "threshold" in r.params and r.model_logged for r in trained)


def test_lightgbm_is_skipped_with_a_reason_when_absent(tournament):
    result, tracker = tournament
    entry = next(e for e in result.entries if e.algorithm == "lightgbm")
    if importlib.util.find_spec("lightgbm") is None:
        assert entry.status == "skipped" and entry.reason == "lightgbm is not installed"
        assert tracker.runs[1].tags["fmlops.skipped"] == "lightgbm is not installed"
    else:
        assert entry.status == "trained"


def test_the_search_is_reproducible_for_a_seed():
    train, validation = split(make_transactions(n=1500, seed=3), 0.3, seed=2)
    first = train_algorithm("random_forest", train, validation, 2, seed=5)
    second = train_algorithm("random_forest", train, validation, 2, seed=5)
    assert first.params == second.params and first.metrics == second.metrics


def test_synthetic_data_is_seeded_and_stratified():
    a, b = make_transactions(n=1000, seed=1), make_transactions(n=1000, seed=1)
    assert np.array_equal(a.features, b.features) and 0.01 < a.labels.mean() < 0.06
    train, validation = split(a, 0.25, seed=0)
    assert validation.labels.sum() >= 1 and train.labels.sum() >= 1
    assert train.labels.size + validation.labels.size == 1000


def test_bad_tournaments_are_refused():
    train, validation = split(make_transactions(n=500, seed=1), 0.3, seed=2)
    with pytest.raises(ValueError, match="at least one algorithm"):
        run_tournament(train, validation, [], 1)
    with pytest.raises(ValueError, match="unknown algorithm"):
        run_tournament(train, validation, ["svm"], 1)
    with pytest.raises(ValueError, match="primary metric"):
        train_algorithm("random_forest", train, validation, 1, seed=1, primary_metric="accuracy")
