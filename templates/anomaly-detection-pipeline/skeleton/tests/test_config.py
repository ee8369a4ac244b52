import copy
from pathlib import Path

import pytest
import yaml

from ${{ values.packageName }}.config import ConfigError, load_config, parse_config

PROJECT_CONFIG = Path(__file__).resolve().parents[1] / "project_config.yml"


def test_the_project_config_is_valid():
    config = load_config(PROJECT_CONFIG)
    assert config.name == "${{ values.name }}"
    assert config.primary_metric == "${{ values.primaryMetric if values.labelSource else 'threshold_stability' }}"
    assert config.supervised == ${{ 'True' if values.labelSource else 'False' }}
    assert config.rollout.steps[-1] == 100
    assert set(config.algorithms) <= {"xgboost", "lightgbm", "random_forest", "isolation_forest"}


@pytest.mark.parametrize(
    "path, value, message",
    [
        (("drift", "psi_warning"), 0.5, "psi_warning must be below"),
        (("gate", "min_pr_auc"), 1.5, "outside"),
        (("tournament", "algorithms"), ["svm"], "pick from"),
        (("serving", "rollout", "steps"), [50, 10], "ending at 100"),
        (("retraining", "windows_in_drift"), 99, "cannot exceed"),
        (("model", "primary_metric"), "accuracy", "primary_metric"),
        (("labels", "source"), "just_a_table", "catalog.schema.table"),
        (("labels", "contamination"), 0.7, "outside"),
        (("gate", "min_f1"), "high", "expected a number"),
    ],
)
def test_inconsistent_values_are_refused_with_every_problem_named(path, value, message):
    raw = copy.deepcopy(yaml.safe_load(PROJECT_CONFIG.read_text()))
    raw["labels"]["source"] = raw["labels"]["source"] or "main.cases.labels"
    raw["model"]["primary_metric"] = "pr_auc"
    target = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ConfigError, match=message):
        parse_config(raw)


def test_missing_sections_are_named():
    with pytest.raises(ConfigError) as caught:
        parse_config({"model": {}})
    assert "gate: missing section" in str(caught.value) and "drift: missing section" in str(caught.value)


def unlabelled(raw):
    raw = copy.deepcopy(raw)
    raw["labels"] = {"source": None, "contamination": 0.02}
    raw["model"]["primary_metric"] = "threshold_stability"
    return raw


def test_without_a_label_source_the_project_is_unsupervised():
    raw = yaml.safe_load(PROJECT_CONFIG.read_text())
    config = parse_config(unlabelled(raw))
    assert not config.supervised and config.label_source is None and config.contamination == 0.02
    del raw["labels"]
    raw["model"]["primary_metric"] = "threshold_stability"
    assert parse_config(raw).contamination == 0.01  # the default share


def test_a_labelled_metric_without_labels_is_refused():
    raw = unlabelled(yaml.safe_load(PROJECT_CONFIG.read_text()))
    raw["model"]["primary_metric"] = "pr_auc"
    with pytest.raises(ConfigError, match="threshold_stability without a label source"):
        parse_config(raw)
