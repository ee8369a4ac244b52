"""Records the deployed Databricks coordinates in ``catalog-info.yaml``, so the fmlops portal finds
the jobs, pipeline and experiment the bundle created (their ids exist only after a deploy).

    databricks bundle summary -t prd -o json > summary.json
    python -m <package>.catalog_sync --summary summary.json --catalog-info catalog-info.yaml

Only annotation values change; comments and layout of the file stay as they are.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any, Mapping

ANNOTATION_LINE = re.compile(r"^(?P<indent>\s+)(?P<key>(databricks\.com|fmlops\.io)/[a-z-]+):\s*(?P<value>.*)$")


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


def annotations_from_summary(summary: Mapping[str, Any]) -> dict[str, str]:
    """The fmlops annotations of the deployed target (names include any development-mode prefix)."""
    model = _resource(summary, "registered_models", "model")
    full_name = model.get("full_name") or f"{model['catalog_name']}.{model['schema_name']}.{model['name']}"
    return {
        "databricks.com/uc-model": full_name,
        "databricks.com/serving-endpoint": str(_resource(summary, "model_serving_endpoints", "serving")["name"]),
        "databricks.com/mlflow-experiment": _id(summary, "experiments", "tournament"),
        "databricks.com/tournament-job-id": _id(summary, "jobs", "tournament"),
        "databricks.com/drift-job-id": _id(summary, "jobs", "drift"),
        "databricks.com/drift-table": f"{full_name}_drift",
        "databricks.com/dlt-pipeline-id": _id(summary, "pipelines", "market_data"),
    }


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
    args = parser.parse_args(argv)
    for path in (args.summary, args.catalog_info):
        if not path.is_file():
            raise SystemExit(f"{path} does not exist")
    try:
        annotations = annotations_from_summary(json.loads(args.summary.read_text(encoding="utf-8")))
    except (ValueError, SummaryError) as exc:  # JSONDecodeError is a ValueError
        raise SystemExit(f"{args.summary}: {exc}") from exc
    before = args.catalog_info.read_text(encoding="utf-8")
    after = apply_annotations(before, annotations)
    args.catalog_info.write_text(after, encoding="utf-8")
    print("catalog-info.yaml " + ("updated" if after != before else "already up to date"))


if __name__ == "__main__":
    main()
