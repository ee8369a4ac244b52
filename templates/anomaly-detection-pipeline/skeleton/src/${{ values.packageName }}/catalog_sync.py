"""Records the deployed Databricks coordinates of one environment in ``catalog-info.yaml``, so the
fmlops portal finds the jobs, pipeline and experiment the bundle created in that target (their ids
exist only after a deploy). Each environment has its own annotations, ``databricks.com/<env>.…``:

    databricks bundle summary -t acc -o json > summary.json
    python -m <package>.catalog_sync --summary summary.json --catalog-info catalog-info.yaml

The environment is the summary's target unless ``--environment`` names it. It also writes the gate
and roll-out thresholds of ``project_config.yml`` (their one place) as ``fmlops.io/policy-overrides``,
which the portal applies on top of its policy where they are stricter. Only annotation values change;
comments and layout of the file stay as they are.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any, Mapping

from .config import ENVIRONMENT_NAME, ProjectConfig, load_config

POLICY_OVERRIDES = "fmlops.io/policy-overrides"

ANNOTATION_LINE = re.compile(r"^(?P<indent>\s+)(?P<key>(databricks\.com|fmlops\.io)/[a-z0-9_.-]+):\s*(?P<value>.*)$")


class SummaryError(ValueError):
    """The bundle summary lacks a resource the portal needs."""


def _resource(summary: Mapping[str, Any], kind: str, key: str) -> Mapping[str, Any]:
    try:
        return summary["resources"][kind][key]
    except (KeyError, TypeError) as exc:
        raise SummaryError(f"bundle summary has no resources.{kind}.{key}: was the bundle deployed?") from exc


def _id(summary: Mapping[str, Any], kind: str, key: str) -> str:
    value = _resource(summary, kind, key).get("id")
    if not value:
        raise SummaryError(f"resources.{kind}.{key} has no id yet: deploy the bundle before recording ids")
    return str(value)


def environment_of(summary: Mapping[str, Any], given: str | None = None) -> str:
    """The environment whose annotations the summary fills: the one given, else the bundle target."""
    environment = given or (summary.get("bundle") or {}).get("target")
    if not isinstance(environment, str) or not ENVIRONMENT_NAME.match(environment):
        raise SummaryError(f"no environment: pass --environment (dev, acc, prd), the summary names {environment!r}")
    return environment


def annotations_from_summary(summary: Mapping[str, Any], environment: str) -> dict[str, str]:
    """The fmlops annotations of the deployed target, scoped to its environment (names include any
    development-mode prefix)."""
    model = _resource(summary, "registered_models", "model")
    full_name = model.get("full_name") or f"{model['catalog_name']}.{model['schema_name']}.{model['name']}"
    scoped = {
        "uc-model": full_name,
        "serving-endpoint": str(_resource(summary, "model_serving_endpoints", "serving")["name"]),
        "mlflow-experiment": _id(summary, "experiments", "tournament"),
        "tournament-job-id": _id(summary, "jobs", "tournament"),
        "drift-job-id": _id(summary, "jobs", "drift"),
        "drift-table": f"{full_name}_drift",
        "dlt-pipeline-id": _id(summary, "pipelines", "market_data"),
        "promotion-job-id": _id(summary, "jobs", "promotion"),
    }
    return {f"databricks.com/{environment}.{key}": value for key, value in scoped.items()}


def policy_overrides(config: ProjectConfig) -> str:
    """The thresholds the portal's policy takes from this project, as compact JSON in the policy's
    terms. Without labels there is no labelled metric to gate on: only the roll-out applies."""
    overrides: dict[str, Any] = {}
    if config.supervised:
        improvement: dict[str, Any] = {"metric": config.primary_metric, "minAbsoluteChange": config.gate.min_improvement}
        if config.gate.min_relative_improvement > 0:
            improvement["minRelativeChange"] = config.gate.min_relative_improvement
        overrides["gates"] = [
            {"metric": "pr_auc", "threshold": config.gate.min_pr_auc},
            {"metric": "f1", "threshold": config.gate.min_f1},
            improvement,
        ]
    rollback = config.rollback
    overrides["rollout"] = {
        "strategy": config.rollout.strategy,
        "steps": list(config.rollout.steps),
        "bakeMinutes": config.rollout.bake_minutes,
        "health": {
            "maxP99LatencyMs": rollback.max_p99_latency_ms,
            "maxP99LatencyRatio": rollback.max_p99_latency_ratio,
            "minRequests": rollback.min_requests,
        },
    }
    return json.dumps(overrides, separators=(",", ":"))


def apply_annotations(text: str, annotations: Mapping[str, str]) -> str:
    """Sets the annotations in every entity of a catalog file: replaced in place, or added after the
    entity's last Databricks annotation."""
    documents = re.split(r"(?m)^---\s*$", text)
    updated = []
    for document in documents:
        lines = document.split("\n")
        seen: set[str] = set()
        last_index, indent = None, None
        for i, line in enumerate(lines):
            match = ANNOTATION_LINE.match(line)
            if not match:
                continue
            last_index, indent = i, match["indent"]
            key = match["key"]
            if key in annotations:
                lines[i] = f"{indent}{key}: {json.dumps(str(annotations[key]))}"
                seen.add(key)
        if last_index is not None:
            missing = [f"{indent}{k}: {json.dumps(str(v))}" for k, v in annotations.items() if k not in seen]
            lines[last_index + 1 : last_index + 1] = missing
        updated.append("\n".join(lines))
    return "---".join(updated)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Record deployed Databricks ids in catalog-info.yaml")
    parser.add_argument("--summary", required=True, type=Path, help="output of `databricks bundle summary -o json`")
    parser.add_argument("--catalog-info", default=Path("catalog-info.yaml"), type=Path)
    parser.add_argument("--environment", help="dev, acc or prd; default: the summary's bundle target")
    parser.add_argument("--project-config", default=Path("project_config.yml"), type=Path)
    args = parser.parse_args(argv)
    for path in (args.summary, args.catalog_info, args.project_config):
        if not path.is_file():
            raise SystemExit(f"{path} does not exist")
    try:
        summary = json.loads(args.summary.read_text(encoding="utf-8"))
        annotations = annotations_from_summary(summary, environment_of(summary, args.environment))
    except (ValueError, SummaryError) as exc:  # JSONDecodeError is a ValueError
        raise SystemExit(f"{args.summary}: {exc}") from exc
    try:
        annotations[POLICY_OVERRIDES] = policy_overrides(load_config(args.project_config))
    except ValueError as exc:  # ConfigError names every problem
        raise SystemExit(str(exc)) from exc
    before = args.catalog_info.read_text(encoding="utf-8")
    after = apply_annotations(before, annotations)
    args.catalog_info.write_text(after, encoding="utf-8")
    print("catalog-info.yaml " + ("updated" if after != before else "already up to date"))


if __name__ == "__main__":
    main()
