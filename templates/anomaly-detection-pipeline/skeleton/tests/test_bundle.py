"""The bundle's wiring, checked offline: what `databricks bundle validate` would catch late (or not
at all, like a threshold changed in databricks.yml but not in project_config.yml)."""

import re
from pathlib import Path

import pytest
import yaml

from ${{ values.packageName }}.config import load_config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundle():
    root = yaml.safe_load((ROOT / "databricks.yml").read_text())
    resources: dict = {}
    for path in sorted((ROOT / "resources").glob("*.yml")):
        for kind, items in yaml.safe_load(path.read_text())["resources"].items():
            for key, value in items.items():
                assert key not in resources.setdefault(kind, {}), f"{kind}.{key} is defined twice"
                resources[kind][key] = value
    return root, resources


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "project_config.yml")


def test_every_reference_resolves(bundle):
    root, resources = bundle
    text = yaml.safe_dump({"root": root, "resources": resources})
    for kind, key in re.findall(r"\$\{resources\.([a-z_]+)\.([a-z_0-9]+)\.[a-z_]+\}", text):
        assert key in resources.get(kind, {}), f"resources.{kind}.{key} is referenced but not defined"
    for name in re.findall(r"\$\{var\.([a-z_0-9]+)\}", text):
        assert name in root["variables"], f"variable {name} is not declared"


def test_every_task_runs_an_existing_file_after_existing_tasks(bundle):
    _, resources = bundle
    for job_name, job in resources["jobs"].items():
        keys = {t["task_key"] for t in job["tasks"]}
        clusters = {c["job_cluster_key"] for c in job.get("job_clusters", [])}
        for task in job["tasks"]:
            for dependency in task.get("depends_on", []):
                assert dependency["task_key"] in keys, f"{job_name}.{task['task_key']}"
            if "job_cluster_key" in task:
                assert task["job_cluster_key"] in clusters
            if "spark_python_task" in task:
                assert (ROOT / "resources" / task["spark_python_task"]["python_file"]).resolve().is_file()
    for pipeline in resources["pipelines"].values():
        for library in pipeline["libraries"]:
            assert (ROOT / "resources" / library["file"]["path"]).resolve().is_file()


def test_the_tournament_trains_every_configured_algorithm_in_parallel(bundle, config):
    tasks = {t["task_key"]: t for t in bundle[1]["jobs"]["tournament"]["tasks"]}
    trainers = sorted(k for k in tasks if k.startswith("train_"))
    assert trainers == sorted(f"train_{a}" for a in config.algorithms)
    for key in trainers:
        assert [d["task_key"] for d in tasks[key]["depends_on"]] == ["build_features"]
    assert sorted(d["task_key"] for d in tasks["select_winner"]["depends_on"]) == trainers


def test_bundle_variables_and_project_config_agree(bundle, config):
    variables = {k: v.get("default") for k, v in bundle[0]["variables"].items()}
    assert variables["primary_metric"] == config.primary_metric
    assert float(variables["min_pr_auc"]) == config.gate.min_pr_auc
    assert float(variables["min_f1"]) == config.gate.min_f1
    assert float(variables["min_improvement"]) == config.gate.min_improvement
    assert float(variables["psi_warning"]) == config.drift.psi_warning
    assert float(variables["psi_drift"]) == config.drift.psi_drift
    assert float(variables["js_distance_drift"]) == config.drift.js_distance_drift
    assert f"{variables['catalog']}.{variables['schema']}.{variables['model_name']}" == config.uc_model


def test_production_targets_have_a_shared_root(bundle):
    targets = bundle[0]["targets"]
    assert targets["dev"]["mode"] == "development" and targets["dev"].get("default") is True
    for name in ("acc", "prd"):
        assert targets[name]["mode"] == "production"
        assert targets[name]["workspace"]["root_path"].startswith("/Workspace/Shared/")


def test_the_endpoint_job_and_model_are_bound_to_this_projects_catalog_entities(bundle):
    """The portal operates a model only through the entities its Databricks resources name."""
    root, resources = bundle
    entities = list(yaml.safe_load_all((ROOT / "catalog-info.yaml").read_text()))
    refs = " ".join(f"{e['kind'].lower()}:{e['metadata'].get('namespace', 'default')}/{e['metadata']['name']}"
                    for e in entities)
    assert root["variables"]["entity_refs"]["default"] == refs
    endpoint = {t["key"]: t["value"] for t in resources["model_serving_endpoints"]["serving"]["tags"]}
    assert endpoint["fmlops-entity-refs"] == "${var.entity_refs}"
    tournament = resources["jobs"]["tournament"]
    assert tournament["tags"]["fmlops-entity-refs"] == "${var.entity_refs}"
    # the registered model has no tags in a bundle: the task that registers its versions sets it
    select = next(t for t in tournament["tasks"] if t["task_key"] == "select_winner")
    parameters = select["spark_python_task"]["parameters"]
    assert parameters[parameters.index("--entity-refs") + 1] == "${var.entity_refs}"
