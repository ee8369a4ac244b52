import importlib.util

import numpy as np
import pytest

from ${{ values.packageName }}.training.synthetic import make_transactions, split, split_out_of_time
from ${{ values.packageName }}.training.tournament import NEEDS_LABELS, contamination_threshold, run_tournament, train_algorithm
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
    assert [r.params["algorithm"] for r in tracker.top_level] == ALL
    assert all(r.tags["fmlops.tournament_id"] == "t-1" and r.tags["fmlops.job_run_id"] == "77" for r in tracker.top_level)
    trained = [r for r in tracker.top_level if "fmlops.skipped" not in r.tags]
    assert all(0 <= r.metrics["pr_auc"] <= 1 and "threshold" in r.params and r.model_logged for r in trained)


def test_lightgbm_is_skipped_with_a_reason_when_absent(tournament):
    result, tracker = tournament
    entry = next(e for e in result.entries if e.algorithm == "lightgbm")
    if importlib.util.find_spec("lightgbm") is None:
        assert entry.status == "skipped" and entry.reason == "lightgbm is not installed"
        assert tracker.top_level[1].tags["fmlops.skipped"] == "lightgbm is not installed"
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


def test_every_candidate_of_the_search_is_a_nested_run_that_never_ranks(tournament):
    result, tracker = tournament
    for parent in tracker.top_level:
        children = tracker.children(parent)
        if "fmlops.skipped" in parent.tags:
            assert children == []
            continue
        assert [c.tags["fmlops.candidate"] for c in children] == ["1", "2", "3"]
        # select_winner and the portal group runs by fmlops.tournament_id: candidates must not carry it
        assert all("fmlops.tournament_id" not in c.tags and c.tags["fmlops.candidate_of"] == "t-1" for c in children)
        assert all("tuning_pr_auc" in c.metrics and "threshold" in c.params for c in children)


def test_the_training_data_version_is_logged_as_the_runs_input():
    train, validation = split(make_transactions(n=800, seed=4), 0.3, seed=2)
    tracker = InMemoryTracker()
    train_algorithm("random_forest", train, validation, 1, seed=1, tracker=tracker,
                    training_input={"table_name": "main.cards.model_training_set", "version": "12"})
    assert tracker.top_level[0].inputs == [{"table_name": "main.cards.model_training_set", "version": "12", "context": "training"}]


def test_the_out_of_time_split_validates_on_the_latest_period():
    data = make_transactions(n=2000, seed=9)
    train, validation = split_out_of_time(data, 0.25)
    assert train.event_time.max() <= validation.event_time.min()
    assert validation.features.shape[0] == 500 and validation.labels.sum() >= 1
    with pytest.raises(ValueError, match="no labelled anomaly"):
        split_out_of_time(make_transactions(n=200, anomaly_rate=0.01, seed=2), 0.01)


# The unsupervised path: the default when no label source is configured.

@pytest.fixture(scope="module")
def unlabelled_tournament():
    data = make_transactions(n=4000, anomaly_rate=0.03, seed=7)
    hidden = data.labels  # kept aside to judge the detector; training never sees them
    train, validation = split_out_of_time(data.without_labels(), 0.3)
    tracker = InMemoryTracker()
    result = run_tournament(train, validation, ALL, search_iterations=3, seed=42, primary_metric="threshold_stability",
                            tracker=tracker, tournament_id="u-1", contamination=0.03)
    return result, tracker, hidden[-validation.features.shape[0]:], validation


def test_without_labels_only_isolation_forest_trains_and_the_others_say_why(unlabelled_tournament):
    result, tracker, _, _ = unlabelled_tournament
    assert result.winner.algorithm == "isolation_forest"
    skipped = {e.algorithm: e.reason for e in result.entries if e.status == "skipped"}
    assert set(skipped) >= {"xgboost", "random_forest"}
    assert skipped["random_forest"] == NEEDS_LABELS
    assert all(r.tags["fmlops.labels"] == "unlabelled" for r in tracker.top_level)


def test_without_labels_the_alert_threshold_keeps_the_contamination_share_on_unseen_trades(unlabelled_tournament):
    result, tracker, _, validation = unlabelled_tournament
    forest = result.winner
    flagged = forest.detector.predict(validation.features).mean()
    assert 0.015 <= flagged <= 0.06  # 3 % asked for, on a later period the threshold never saw
    assert forest.metrics["alert_rate"] == pytest.approx(flagged)
    assert forest.metrics["threshold_stability"] > 0.3 and forest.metrics["separation"] > 1
    run = next(r for r in tracker.top_level if r.params["algorithm"] == "isolation_forest")
    assert run.params["contamination"] == 0.03 and run.model_logged and "pr_auc" not in run.metrics


def test_without_labels_the_alerts_still_find_anomalies(unlabelled_tournament):
    result, _, hidden, validation = unlabelled_tournament
    alerts = result.winner.detector.predict(validation.features) == 1
    # the hidden labels judge it: alerted trades are anomalies far more often than trades at large
    assert hidden[alerts].mean() > 4 * hidden.mean()


def test_the_contamination_threshold_flags_that_share():
    scores = np.linspace(0, 1, 1001)
    assert (scores >= contamination_threshold(scores, 0.05)).mean() == pytest.approx(0.05, abs=0.002)
    with pytest.raises(ValueError, match="contamination"):
        contamination_threshold(scores, 0.6)


def test_without_labels_a_labelled_primary_metric_is_refused():
    train, validation = split(make_transactions(n=500, seed=1).without_labels(), 0.3, seed=2)
    with pytest.raises(ValueError, match="threshold_stability"):
        train_algorithm("isolation_forest", train, validation, 1, seed=1, primary_metric="pr_auc")
