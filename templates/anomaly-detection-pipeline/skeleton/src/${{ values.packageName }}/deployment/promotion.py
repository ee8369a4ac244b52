"""Promotion between environments: a version of the previous environment's registered model is
copied into this environment's with MLflow's ``copy_model_version`` (Databricks' documented way to
promote a model across environments, artifacts included) and tagged with where it came from.

The copy is idempotent: a retried task, or a second run for the same source version, finds the copy
made before (by its lineage tags or its ``source`` URI) and copies nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..config import ENVIRONMENT_NAME

SOURCE_MODEL_TAG = "fmlops.source_model"
SOURCE_VERSION_TAG = "fmlops.source_version"
SOURCE_ENVIRONMENT_TAG = "fmlops.source_environment"

_UC_NAME = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


class PromotionError(ValueError):
    """The promotion request cannot be carried out; the message says why."""


@dataclass(frozen=True)
class PromotionRequest:
    source_model: str
    source_version: str
    target_model: str
    source_environment: str

    @property
    def source_uri(self) -> str:
        return f"models:/{self.source_model}/{self.source_version}"

    @property
    def lineage_tags(self) -> dict[str, str]:
        return {
            SOURCE_MODEL_TAG: self.source_model,
            SOURCE_VERSION_TAG: self.source_version,
            SOURCE_ENVIRONMENT_TAG: self.source_environment,
        }


def promotion_request(source_model: str, source_version: str, target_model: str, source_environment: str,
                      allowed_target_model: str) -> PromotionRequest:
    """Checks the job's parameters, naming every problem. The target must be this environment's own
    model: the job runs with this environment's rights, and must not write anywhere else."""
    problems = []
    for label, name in (("source_model", source_model), ("target_model", target_model)):
        if not _UC_NAME.match(name or ""):
            problems.append(f"{label} must be a Unity Catalog model catalog.schema.model (got {name!r})")
    if not (source_version or "").isdigit() or int(source_version) < 1:
        problems.append(f"source_version must be a version number (got {source_version!r})")
    if not ENVIRONMENT_NAME.match(source_environment or ""):
        problems.append(f"source_environment must name an environment such as dev or acc (got {source_environment!r})")
    if target_model and target_model != allowed_target_model:
        problems.append(f"target_model {target_model} is not this environment's model {allowed_target_model}")
    if source_model and source_model == target_model:
        problems.append("source_model and target_model are the same model: promotion copies between environments")
    if problems:
        raise PromotionError("cannot promote:\n- " + "\n- ".join(problems))
    return PromotionRequest(source_model, str(int(source_version)), target_model, source_environment)


def _is_copy_of(client: Any, request: PromotionRequest, version: Any) -> bool:
    if getattr(version, "source", None) == request.source_uri:
        return True
    # Unity Catalog's search leaves tags out: read them from the version itself
    tags = getattr(version, "tags", None) or client.get_model_version(request.target_model, version.version).tags or {}
    return tags.get(SOURCE_MODEL_TAG) == request.source_model and tags.get(SOURCE_VERSION_TAG) == request.source_version


def find_copy(client: Any, request: PromotionRequest) -> str | None:
    """The target version copied from the source version before, if any."""
    from_before = [v for v in client.search_model_versions(f"name='{request.target_model}'") if _is_copy_of(client, request, v)]
    return str(min(int(v.version) for v in from_before)) if from_before else None


def promote_version(client: Any, request: PromotionRequest) -> tuple[str, bool]:
    """Copies the source version into the target model and tags it; returns the target version and
    whether this call copied it (False: an earlier run had)."""
    version = find_copy(client, request)
    copied = version is None
    if copied:
        version = str(client.copy_model_version(src_model_uri=request.source_uri, dst_name=request.target_model).version)
    # tags again on an earlier copy too: a run that failed between the copy and its tags completes them
    for key, value in request.lineage_tags.items():
        client.set_model_version_tag(request.target_model, version, key, value)
    return version, copied
