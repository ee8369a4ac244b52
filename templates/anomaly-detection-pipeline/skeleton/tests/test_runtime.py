import importlib.util

import pytest

from ${{ values.packageName }}.runtime import DRIFT_SCHEMA, HISTOGRAM_SCHEMA, INFERENCE_METRICS_SCHEMA, Tables, git_source_tags, model_arguments
from ${{ values.packageName }}.training.tracking import InMemoryTracker, default_tracker


def test_table_names_follow_the_portal_contract():
    names = Tables("fmlops_demo", "payments", "payments_anomaly_detector")
    assert names.drift == "fmlops_demo.payments.payments_anomaly_detector_drift"
    assert names.drift_histograms == names.drift + "_histograms"
    assert names.inference_metrics == "fmlops_demo.payments.payments_anomaly_detector_inference_metrics"
    # the DLT tables carry the model's name too: two models in one schema do not share them
    assert names.gold_trades == "fmlops_demo.payments.payments_anomaly_detector_trade_features_gold"


@pytest.mark.parametrize(
    "schema, columns",
    [
        (DRIFT_SCHEMA, "window_start window_end feature feature_type psi js_divergence js_distance status reference_count current_count ks_statistic ks_pvalue"),
        (HISTOGRAM_SCHEMA, "window_start feature bin_index bin_label bin_lower bin_upper reference_count current_count"),
        (INFERENCE_METRICS_SCHEMA, "window_start model_version requests errors p50_latency_ms p99_latency_ms pr_auc f1 precision recall"),
    ],
)
def test_table_schemas_have_the_contract_columns_in_order(schema, columns):
    assert [column.split()[0] for column in schema.split(", ")] == columns.split()


def test_tracking_falls_back_to_memory_without_mlflow_or_experiment():
    assert isinstance(default_tracker(None), InMemoryTracker)
    if importlib.util.find_spec("mlflow") is None:
        assert isinstance(default_tracker("1234"), InMemoryTracker)


def test_the_bundles_git_source_info_becomes_mlflow_source_tags():
    info = "url:https://github.com/acme/cards.git; branch:main; commit:4f2a9c1"
    assert git_source_tags(info) == {"mlflow.source.git.repoURL": "https://github.com/acme/cards.git",
                                     "mlflow.source.git.branch": "main", "mlflow.source.git.commit": "4f2a9c1"}
    # a bundle deployed from outside git leaves the parts empty
    assert git_source_tags("url:; branch:; commit:") == {}
    args = model_arguments("x").parse_args(["--catalog", "c", "--schema", "s", "--model-name", "m", "--git-source-info", info])
    assert git_source_tags(args.git_source_info)["mlflow.source.git.commit"] == "4f2a9c1"
