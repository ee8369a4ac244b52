from datetime import datetime, timedelta

import pytest

from ${{ values.packageName }}.deployment.retrain_trigger import RetrainRule, WindowStatus, decide_retrain
from ${{ values.packageName }}.deployment.rollback import (
    HealthObservation,
    NoKnownGoodConfig,
    RollbackThresholds,
    ServingSnapshot,
    decide_rollback,
    last_known_good,
)
from ${{ values.packageName }}.deployment.serving import ServedVersion, TrafficConfigError, canary_plan, endpoint_config, validate_routes

T0 = datetime(2026, 3, 1, 12)
LIMITS = RollbackThresholds(max_p99_latency_ms=500, max_error_rate=0.02, max_p99_latency_ratio=1.5, max_metric_drop=0.05, min_requests=50)


# serving ---------------------------------------------------------------------------------------
def test_canary_steps_split_traffic_and_always_sum_to_100():
    champion, challenger = ServedVersion("champion", "3"), ServedVersion("challenger", "4", "Medium", False)
    plan = canary_plan("canary", [10, 50, 100])
    configs = [endpoint_config(champion, challenger, pct, "cat.sch.model") for pct in plan]
    assert [c["traffic_config"]["routes"] for c in configs[:2]] == [
        [{"served_model_name": "champion", "traffic_percentage": 90}, {"served_model_name": "challenger", "traffic_percentage": 10}],
        [{"served_model_name": "champion", "traffic_percentage": 50}, {"served_model_name": "challenger", "traffic_percentage": 50}],
    ]
    final = configs[-1]
    assert [e["entity_version"] for e in final["served_entities"]] == ["4"]
    assert final["served_entities"][0] == {"name": "champion", "entity_name": "cat.sch.model", "entity_version": "4",
                                           "workload_size": "Medium", "scale_to_zero_enabled": False}
    assert final["traffic_config"]["routes"] == [{"served_model_name": "champion", "traffic_percentage": 100}]
    assert canary_plan("direct", [10, 50]) == [100]


@pytest.mark.parametrize("steps, message", [([], "at least one"), ([50, 10, 100], "increase"), ([10, 50], "last canary step"), ([0, 100], "1..100")])
def test_bad_canary_plans_are_refused(steps, message):
    with pytest.raises(TrafficConfigError, match=message):
        canary_plan("canary", steps)
    with pytest.raises(TrafficConfigError, match="unknown roll-out"):
        canary_plan("blue-green", [100])


def test_routes_are_validated_like_databricks_does():
    with pytest.raises(TrafficConfigError, match="sum to 90"):
        validate_routes([{"served_model_name": "a", "traffic_percentage": 90}], ["a"])
    with pytest.raises(TrafficConfigError, match="unknown served entities: b"):
        validate_routes([{"served_model_name": "b", "traffic_percentage": 100}], ["a"])
    with pytest.raises(TrafficConfigError, match="integer"):
        validate_routes([{"served_model_name": "a", "traffic_percentage": 99.5}, {"served_model_name": "c", "traffic_percentage": 0.5}], ["a", "c"])


# rollback --------------------------------------------------------------------------------------
def test_latency_spike_on_the_new_version_triggers_a_rollback():
    decision = decide_rollback(HealthObservation(400, 2, 1200), HealthObservation(5000, 10, 180), LIMITS)
    assert decision.rollback and not decision.inconclusive
    assert any("p99 latency 1200 ms above 500 ms" in r for r in decision.reasons)
    assert any("more than 1.5x" in r for r in decision.reasons)


def test_errors_and_metric_drops_trigger_a_rollback_but_healthy_traffic_does_not():
    assert decide_rollback(HealthObservation(1000, 50, 100), None, LIMITS).reasons == ("error rate 5.00% above 2.00%",)
    dropped = decide_rollback(HealthObservation(1000, 0, 100, metric=0.70), HealthObservation(1000, 0, 100, metric=0.80), LIMITS)
    assert dropped.rollback and "fell from 0.800 to 0.700" in dropped.reasons[0]
    healthy = decide_rollback(HealthObservation(1000, 5, 200, 0.79), HealthObservation(1000, 4, 180, 0.80), LIMITS)
    assert not healthy.rollback and healthy.reasons == ()


def test_too_little_traffic_is_inconclusive():
    decision = decide_rollback(HealthObservation(10, 5, 5000), None, LIMITS)
    assert decision.inconclusive and not decision.rollback


def config(*pairs):
    return {
        "served_entities": [{"name": f"v{v}", "entity_version": v} for v, _ in pairs],
        "traffic_config": {"routes": [{"served_model_name": f"v{v}", "traffic_percentage": p} for v, p in pairs]},
    }


def test_last_known_good_is_the_newest_healthy_config_that_differs_from_now():
    history = [
        ServingSnapshot(T0, config(("3", 100)), healthy=True),
        ServingSnapshot(T0 + timedelta(hours=1), config(("3", 90), ("4", 10)), healthy=True),
        ServingSnapshot(T0 + timedelta(hours=2), config(("4", 100)), healthy=False, reason="latency"),
    ]
    assert last_known_good(history, config(("4", 100))).config == config(("3", 90), ("4", 10))
    assert last_known_good(history, config(("3", 90), ("4", 10))).config == config(("3", 100))
    with pytest.raises(NoKnownGoodConfig):
        last_known_good(history[:1], config(("3", 100)))


# retraining ------------------------------------------------------------------------------------
RULE = RetrainRule(windows_in_drift=3, of_last_windows=6, cooldown_hours=24, metric_floors={"pr_auc": 0.55})


def windows(pattern):
    return [WindowStatus(T0 + timedelta(hours=i), ("amount_zscore",) if c == "D" else ()) for i, c in enumerate(pattern)]


def test_drift_in_n_of_the_last_m_windows_triggers_retraining():
    decision = decide_retrain(windows("DDD...D.D.D"), {}, RULE, None, T0 + timedelta(days=1))
    assert decision.retrain and decision.reason == "drift in 3 of the last 6 windows (amount_zscore)"
    assert not decide_retrain(windows("DDD...D....D"), {}, RULE, None, T0).retrain  # old drift has aged out


def test_a_metric_below_its_floor_triggers_and_the_cooldown_holds_it_back():
    now = T0 + timedelta(days=3)
    assert decide_retrain(windows("......"), {"pr_auc": 0.5}, RULE, None, now).reason == "live pr_auc 0.500 below its floor 0.550"
    held = decide_retrain(windows("......"), {"pr_auc": 0.5}, RULE, now - timedelta(hours=2), now)
    assert not held.retrain and held.reason.startswith("cooldown until")
    assert decide_retrain(windows("......"), {"pr_auc": 0.5}, RULE, now - timedelta(hours=25), now).retrain


def test_the_rule_itself_is_checked():
    with pytest.raises(ValueError):
        RetrainRule(windows_in_drift=4, of_last_windows=3, cooldown_hours=1, metric_floors={})
