"""The promotion job's logic against an MLflow client faked at its boundary (the calls the job
makes: search_model_versions, get_model_version, copy_model_version, set_model_version_tag)."""

from types import SimpleNamespace

import pytest

from ${{ values.packageName }}.deployment.promotion import (
    PromotionError,
    find_copy,
    promote_version,
    promotion_request,
)

SOURCE = "${{ values.catalog }}_acc.${{ values.schema }}.${{ values.modelName }}"
TARGET = "${{ values.catalog }}_prd.${{ values.schema }}.${{ values.modelName }}"


class FakeRegistry:
    """Unity Catalog's registry as the MLflow client shows it: search leaves tags out."""

    def __init__(self):
        self.versions: dict[str, dict[str, SimpleNamespace]] = {TARGET: {}}
        self.copies = []

    def add(self, name, source, tags=None):
        versions = self.versions.setdefault(name, {})
        version = str(len(versions) + 1)
        versions[version] = SimpleNamespace(name=name, version=version, source=source, tags=dict(tags or {}))
        return versions[version]

    def search_model_versions(self, filter_string):
        name = filter_string.split("'")[1]
        return [SimpleNamespace(name=v.name, version=v.version, source=v.source, tags={})
                for v in self.versions.get(name, {}).values()]

    def get_model_version(self, name, version):
        return self.versions[name][str(version)]

    def copy_model_version(self, src_model_uri, dst_name):
        self.copies.append((src_model_uri, dst_name))
        return self.add(dst_name, src_model_uri)

    def set_model_version_tag(self, name, version, key, value):
        self.versions[name][str(version)].tags[key] = value


def request(**overrides):
    values = dict(source_model=SOURCE, source_version="4", target_model=TARGET, source_environment="acc",
                  allowed_target_model=TARGET)
    values.update(overrides)
    return promotion_request(**values)


def test_copies_the_source_version_and_tags_its_lineage():
    registry = FakeRegistry()
    registry.add(TARGET, "models:/elsewhere/1")
    version, copied = promote_version(registry, request())
    assert (version, copied) == ("2", True)
    assert registry.copies == [(f"models:/{SOURCE}/4", TARGET)]
    assert registry.versions[TARGET]["2"].tags == {
        "fmlops.source_model": SOURCE,
        "fmlops.source_version": "4",
        "fmlops.source_environment": "acc",
    }


def test_a_second_run_finds_the_earlier_copy_instead_of_copying_again():
    registry = FakeRegistry()
    promote_version(registry, request())
    assert promote_version(registry, request()) == ("1", False)
    assert len(registry.copies) == 1


def test_a_copy_is_recognised_by_its_tags_when_its_source_is_not_the_uri():
    registry = FakeRegistry()
    registry.add(TARGET, "dbfs:/artifacts/x", {"fmlops.source_model": SOURCE, "fmlops.source_version": "4"})
    assert find_copy(registry, request()) == "1"
    assert find_copy(registry, request(source_version="5")) is None


def test_a_run_that_failed_before_tagging_completes_the_tags_without_copying():
    registry = FakeRegistry()
    registry.add(TARGET, f"models:/{SOURCE}/4")
    assert promote_version(registry, request()) == ("1", False)
    assert registry.copies == []
    assert registry.versions[TARGET]["1"].tags["fmlops.source_environment"] == "acc"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"target_model": "${{ values.catalog }}_dev.${{ values.schema }}.${{ values.modelName }}"}, "is not this environment's model"),
        ({"source_model": TARGET}, "the same model"),
        ({"source_model": "just_a_name"}, "source_model must be"),
        ({"source_version": "champion"}, "source_version must be a version number"),
        ({"source_version": "0"}, "source_version must be a version number"),
        ({"source_environment": ""}, "source_environment must name"),
    ],
)
def test_bad_parameters_are_refused_before_any_call(overrides, message):
    with pytest.raises(PromotionError, match=message):
        request(**overrides)
