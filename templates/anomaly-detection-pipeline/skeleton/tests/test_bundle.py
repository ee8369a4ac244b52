"""The bundle's wiring, checked offline: what `databricks bundle validate` would catch late (or not
at all, like a threshold changed in databricks.yml but not in project_config.yml)."""

import json
import re
from pathlib import Path

import pytest
import yaml

from ${{ values.packageName }}.catalog_sync import policy_overrides
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


def test_thresholds_live_in_project_config_alone(bundle, config):
    """No bundle variable or job parameter repeats a threshold, so the two can never disagree; the
    catalog-info annotation the portal reads is project_config.yml's, as catalog_sync writes it."""
    root, resources = bundle
    text = yaml.safe_dump({"root": root, "resources": resources})
    for name in ("primary_metric", "min_pr_auc", "min_f1", "min_improvement", "psi_warning", "psi_drift",
                 "js_distance_drift", "max_p99_latency", "bake_minutes", "canary"):
        assert name not in root["variables"], name
        assert f"--{name.replace('_', '-')}" not in text, name
    for entity in yaml.safe_load_all((ROOT / "catalog-info.yaml").read_text()):
        annotation = entity["metadata"]["annotations"]["fmlops.io/policy-overrides"]
        assert json.loads(annotation) == json.loads(policy_overrides(config))


def test_every_environment_has_its_own_catalog_and_endpoint(bundle):
    """acc and prd never share a model or a table: each target names its own catalog."""
    root = bundle[0]
    variables = {k: v.get("default") for k, v in root["variables"].items()}
    catalogs = {"dev": variables["catalog"], **{t: root["targets"][t]["variables"]["catalog"] for t in ("acc", "prd")}}
    assert catalogs == {t: f"${{ values.catalog }}_{t}" for t in ("dev", "acc", "prd")}
    endpoints = {"dev": variables["serving_endpoint_name"],
                 **{t: root["targets"][t]["variables"]["serving_endpoint_name"] for t in ("acc", "prd")}}
    assert endpoints == {"dev": "${{ values.name }}-dev", "acc": "${{ values.name }}-acc", "prd": "${{ values.name }}"}


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
    assert resources["jobs"]["promotion"]["tags"]["fmlops-entity-refs"] == "${var.entity_refs}"
    # the registered model has no tags in a bundle: the task that registers its versions sets it
    select = next(t for t in tournament["tasks"] if t["task_key"] == "select_winner")
    parameters = select["spark_python_task"]["parameters"]
    assert parameters[parameters.index("--entity-refs") + 1] == "${var.entity_refs}"


def tasks_of(resources):
    for job_key, job in resources["jobs"].items():
        for task in job["tasks"]:
            yield job_key, job, task


def test_every_task_has_a_timeout_and_every_python_task_outside_the_stream_retries_or_says_why(bundle):
    _, resources = bundle
    for job_key, job, task in tasks_of(resources):
        where = f"{job_key}.{task['task_key']}"
        if "condition_task" in task:
            continue
        if "continuous" in job:
            # continuous jobs retry by themselves with backoff; the Jobs API refuses retry settings on them
            assert "max_retries" not in task, where
            continue
        assert int(task["timeout_seconds"]) > 0, where
        if "spark_python_task" in task and task["task_key"] not in ("roll_out", "smoke_query"):
            assert task["max_retries"] >= 1 and task["min_retry_interval_millis"] >= 60000, where


def test_every_job_tells_someone_when_it_fails(bundle):
    _, resources = bundle
    for job_key, job in resources["jobs"].items():
        assert job["email_notifications"]["on_failure"], job_key
        assert job["notification_settings"]["no_alert_for_skipped_runs"] is True


def test_training_is_scheduled_and_its_runs_name_the_commit(bundle):
    root, resources = bundle
    tournament = resources["jobs"]["tournament"]
    assert tournament["schedule"]["quartz_cron_expression"] == "${var.training_schedule}"
    assert len(root["variables"]["training_schedule"]["default"].split()) in (6, 7)
    lineage = "url:${bundle.git.origin_url}; branch:${bundle.git.branch}; commit:${bundle.git.commit}"
    for task in tournament["tasks"]:
        if "spark_python_task" in task:
            parameters = task["spark_python_task"]["parameters"]
            assert parameters[parameters.index("--git-source-info") + 1] == lineage, task["task_key"]


def test_every_deploy_is_followed_by_a_smoke_query_that_rolls_back_when_it_fails(bundle):
    _, resources = bundle
    deployment = {t["task_key"]: t for t in resources["jobs"]["deployment"]["tasks"]}
    assert deployment["smoke_test"]["depends_on"] == [{"task_key": "roll_out"}]
    assert deployment["smoke_test"]["run_job_task"]["job_id"] == "${resources.jobs.smoke_test.id}"
    smoke = {t["task_key"]: t for t in resources["jobs"]["smoke_test"]["tasks"]}
    assert smoke["smoke_query"]["spark_python_task"]["python_file"] == "../jobs/smoke_test_endpoint.py"
    rollback = smoke["rollback_on_failure"]
    assert rollback["run_if"] == "ALL_FAILED" and rollback["depends_on"] == [{"task_key": "smoke_query"}]
    assert rollback["spark_python_task"]["python_file"] == "../jobs/rollback_serving.py"
    # CI's deploy script runs it after `databricks bundle deploy` too
    assert "databricks bundle run smoke_test" in (ROOT / "scripts" / "deploy.sh").read_text()


def test_the_promotion_job_copies_into_its_own_environments_model_only(bundle):
    _, resources = bundle
    job = resources["jobs"]["promotion"]
    assert [p["name"] for p in job["parameters"]] == ["source_model", "source_version", "target_model", "source_environment"]
    own_model = "${var.catalog}.${var.schema}.${resources.registered_models.model.name}"
    assert next(p for p in job["parameters"] if p["name"] == "target_model")["default"] == own_model
    [task] = job["tasks"]
    assert task["spark_python_task"]["python_file"] == "../jobs/promote_model_version.py"
    parameters = task["spark_python_task"]["parameters"]
    assert parameters[parameters.index("--allowed-target-model") + 1] == own_model
    for name in ("source_model", "source_version", "target_model", "source_environment"):
        assert parameters[parameters.index("--" + name.replace("_", "-")) + 1] == "{{job.parameters.%s}}" % name


def test_the_deployment_job_asks_the_portal_to_roll_out_when_one_is_configured(bundle):
    root, resources = bundle
    assert root["variables"]["portal_url"]["default"] == "${{ values.portalUrl or '' }}"
    roll_out = next(t for t in resources["jobs"]["deployment"]["tasks"] if t["task_key"] == "roll_out")
    parameters = roll_out["spark_python_task"]["parameters"]
    for flag, value in (("--environment", "${bundle.target}"), ("--entity-refs", "${var.entity_refs}"),
                        ("--portal-url", "${var.portal_url}"), ("--secret-scope", "${var.secret_scope}")):
        assert parameters[parameters.index(flag) + 1] == value


def test_every_table_and_volume_is_named_after_the_model(bundle):
    """Two models may share a catalog and schema: nothing the bundle names in it may collide."""
    _, resources = bundle
    text = yaml.safe_dump(resources)
    model = (r"(\$\{resources\.registered_models\.model\.name\}|\$\{var\.model_name\})")
    names = re.findall(r"\$\{var\.catalog\}\.\$\{var\.schema\}\.([^\s'\"/]+)", text)
    assert names and all(re.match(model, n) for n in names), names
    assert resources["volumes"]["landing"]["name"] == "${var.model_name}_landing"
    for pipeline in (ROOT / "src").glob("*/dlt/*.py"):
        for table in re.findall(r'(?:name=|BronzeSource\()"([a-z0-9_]+)"', pipeline.read_text()):
            assert table.startswith("${{ values.modelName }}_"), (pipeline.name, table)
