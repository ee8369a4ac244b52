import pytest

from ${{ values.packageName }}.validation.champion_challenger import MetricThreshold, evaluate_gate, gate_thresholds

GATE = gate_thresholds("pr_auc", min_pr_auc=0.6, min_f1=0.5, min_improvement=0.005)


def test_first_model_needs_only_the_floors():
    decision = evaluate_gate({"pr_auc": 0.7, "f1": 0.55}, None, GATE)
    assert decision.promote
    assert {(c.metric, c.kind) for c in decision.checks} == {("pr_auc", "threshold"), ("f1", "threshold")}


def test_a_better_challenger_is_promoted_with_every_check_recorded():
    decision = evaluate_gate({"pr_auc": 0.80, "f1": 0.6}, {"pr_auc": 0.79, "f1": 0.62}, GATE)
    assert decision.promote
    change = next(c for c in decision.checks if c.kind == "absolute_change")
    assert (change.value, change.baseline, change.threshold, change.passed) == (0.80, 0.79, 0.005, True)


def test_too_small_an_improvement_is_rejected_with_the_reason():
    decision = evaluate_gate({"pr_auc": 0.792, "f1": 0.6}, {"pr_auc": 0.79}, GATE)
    assert not decision.promote
    assert [c.kind for c in decision.failures] == ["absolute_change"]
    assert "needs +0.0050" in decision.summary()


def test_a_floor_miss_rejects_even_a_better_model():
    decision = evaluate_gate({"pr_auc": 0.58, "f1": 0.6}, {"pr_auc": 0.40}, GATE)
    assert not decision.promote and decision.failures[0].message.startswith("pr_auc 0.5800 misses >= 0.6000")


def test_missing_metric_rejects():
    decision = evaluate_gate({"pr_auc": 0.9}, None, GATE)
    assert not decision.promote and "f1 was not logged" in decision.summary()


def test_relative_change_lower_is_better_and_advisory_semantics():
    thresholds = [
        MetricThreshold("p99_latency_ms", min_relative_change=0.1, greater_is_better=False),
        MetricThreshold("recall", threshold=0.9, advisory=True),
    ]
    faster = evaluate_gate({"p99_latency_ms": 80, "recall": 0.5}, {"p99_latency_ms": 100}, thresholds)
    assert faster.promote  # 20 % faster; the recall miss is advisory
    assert not next(c for c in faster.checks if c.metric == "recall").passed
    slower = evaluate_gate({"p99_latency_ms": 95, "recall": 0.95}, {"p99_latency_ms": 100}, thresholds)
    assert not slower.promote


def test_primary_metric_other_than_pr_auc_carries_the_improvement():
    gate = gate_thresholds("recall", 0.6, 0.5, 0.02)
    decision = evaluate_gate({"pr_auc": 0.7, "f1": 0.6, "recall": 0.71}, {"recall": 0.70}, gate)
    assert not decision.promote and decision.failures[0].metric == "recall"
    with pytest.raises(ValueError):
        evaluate_gate({}, None, [])


def test_without_labels_the_gate_checks_the_alert_rate_and_separation_not_an_improvement():
    from ${{ values.packageName }}.validation.champion_challenger import unsupervised_gate_thresholds

    steady = {"threshold_stability": 0.8, "separation": 2.1, "alert_rate": 0.011}
    decision = evaluate_gate(steady, {"threshold_stability": 0.95, "separation": 3.0}, unsupervised_gate_thresholds())
    assert decision.promote, decision.summary()
    drifting = evaluate_gate({"threshold_stability": 0.2, "separation": 2.0}, None, unsupervised_gate_thresholds())
    assert not drifting.promote and "threshold_stability 0.2000 misses >= 0.5000" in drifting.summary()
