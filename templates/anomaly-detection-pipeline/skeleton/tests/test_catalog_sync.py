import json
from pathlib import Path

import pytest
import yaml

from ${{ values.packageName }}.catalog_sync import SummaryError, annotations_from_summary, apply_annotations, environment_of, main

CATALOG_INFO = Path(__file__).resolve().parents[1] / "catalog-info.yaml"


@pytest.fixture
def summary(fixtures):
    return json.loads((fixtures / "bundle_summary.json").read_text())


def test_records_every_deployed_id_of_the_target_in_both_entities(summary, tmp_path, fixtures):
    target = tmp_path / "catalog-info.yaml"
    target.write_text(CATALOG_INFO.read_text())
    before = [e["metadata"]["annotations"] for e in yaml.safe_load_all(CATALOG_INFO.read_text())]
    main(["--summary", str(fixtures / "bundle_summary.json"), "--catalog-info", str(target)])
    entities = list(yaml.safe_load_all(target.read_text()))
    assert [e["kind"] for e in entities] == ["Resource", "Component"]
    for entity, earlier in zip(entities, before):
        annotations = entity["metadata"]["annotations"]
        # the summary's target is prd: its annotations, and no other environment's, change
        assert annotations["databricks.com/prd.tournament-job-id"] == "912345678901234"
        assert annotations["databricks.com/prd.drift-job-id"] == "912345678905678"
        assert annotations["databricks.com/prd.promotion-job-id"] == "912345678909012"
        assert annotations["databricks.com/prd.dlt-pipeline-id"] == "4f1c2a10-0042-4d6e-9a3b-000000000042"
        assert annotations["databricks.com/prd.mlflow-experiment"] == "3141592653589793"
        assert annotations["databricks.com/prd.uc-model"] == "fmlops_prd.payments.payments_anomaly_detector"
        assert annotations["databricks.com/prd.drift-table"] == "fmlops_prd.payments.payments_anomaly_detector_drift"
        for env in ("dev", "acc"):
            scoped = {k: v for k, v in annotations.items() if k.startswith(f"databricks.com/{env}.")}
            assert scoped == {k: v for k, v in earlier.items() if k.startswith(f"databricks.com/{env}.")}
        assert "databricks.com/tournament-job-id" not in annotations  # no unscoped coordinates
        assert annotations["fmlops.io/environments"] == "dev acc prd"
        assert annotations["fmlops.io/policy"]  # untouched
    assert target.read_text().startswith("# The model (Resource")  # comments survive


def test_the_environment_can_be_named_and_must_be_valid(summary):
    assert environment_of(summary) == "prd"
    assert environment_of(summary, "acc") == "acc"
    assert "databricks.com/acc.uc-model" in annotations_from_summary(summary, "acc")
    with pytest.raises(SummaryError, match="pass --environment"):
        environment_of({"bundle": {}})
    with pytest.raises(SummaryError, match="pass --environment"):
        environment_of(summary, "Prod!")


def test_is_idempotent(summary):
    once = apply_annotations(CATALOG_INFO.read_text(), annotations_from_summary(summary, "prd"))
    assert apply_annotations(once, annotations_from_summary(summary, "prd")) == once


def test_development_mode_prefixes_are_kept(summary):
    summary["resources"]["registered_models"]["model"]["name"] = "dev_alice_payments_anomaly_detector"
    drift_table = annotations_from_summary(summary, "dev")["databricks.com/dev.drift-table"]
    assert drift_table.endswith("dev_alice_payments_anomaly_detector_drift")


def test_an_undeployed_bundle_is_reported(summary):
    with pytest.raises(SummaryError, match="resources.pipelines.market_data"):
        annotations_from_summary({"resources": {**summary["resources"], "pipelines": {}}}, "prd")
    del summary["resources"]["jobs"]["promotion"]["id"]
    with pytest.raises(SummaryError, match="deploy the bundle"):
        annotations_from_summary(summary, "prd")


def test_the_command_line_reports_missing_or_bad_files(tmp_path):
    with pytest.raises(SystemExit, match="does not exist"):
        main(["--summary", str(tmp_path / "missing.json"), "--catalog-info", str(CATALOG_INFO)])
    broken = tmp_path / "summary.json"
    broken.write_text("{not json")
    with pytest.raises(SystemExit, match="summary.json"):
        main(["--summary", str(broken), "--catalog-info", str(CATALOG_INFO)])


def test_writes_the_thresholds_of_project_config_for_the_portal(summary, tmp_path, fixtures):
    config = yaml.safe_load((CATALOG_INFO.parent / "project_config.yml").read_text())
    config["gate"]["min_pr_auc"] = 0.75
    config["serving"]["rollout"]["bake_minutes"] = 90
    project_config = tmp_path / "project_config.yml"
    project_config.write_text(yaml.safe_dump(config))
    target = tmp_path / "catalog-info.yaml"
    target.write_text(CATALOG_INFO.read_text())
    main(["--summary", str(fixtures / "bundle_summary.json"), "--catalog-info", str(target),
          "--project-config", str(project_config)])
    for entity in yaml.safe_load_all(target.read_text()):
        overrides = json.loads(entity["metadata"]["annotations"]["fmlops.io/policy-overrides"])
        assert overrides["rollout"]["bakeMinutes"] == 90
        assert overrides["rollout"]["steps"] == config["serving"]["rollout"]["steps"]
        gates = overrides.get("gates", [])
        assert {"metric": "pr_auc", "threshold": 0.75} in gates or config["labels"]["source"] is None


def test_an_invalid_project_config_is_reported(tmp_path, fixtures):
    broken = tmp_path / "project_config.yml"
    broken.write_text("gate: {}\n")
    with pytest.raises(SystemExit, match="invalid project_config.yml"):
        main(["--summary", str(fixtures / "bundle_summary.json"), "--catalog-info", str(CATALOG_INFO),
              "--project-config", str(broken)])
