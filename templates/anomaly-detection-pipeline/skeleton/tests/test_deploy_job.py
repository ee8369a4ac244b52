"""The deployment job's choice of who rolls out: the portal when one is configured and answers, the
job itself only when there is no portal to ask, and never against the portal's refusal."""

import importlib.util
from argparse import Namespace
from pathlib import Path

import pytest

from ${{ values.packageName }}.deployment import portal as portal_module

from test_portal import FakePortal

JOB = Path(__file__).resolve().parents[1] / "jobs" / "deploy_model.py"
MODEL = "${{ values.catalog }}_acc.${{ values.schema }}.${{ values.modelName }}"


@pytest.fixture
def job(monkeypatch):
    spec = importlib.util.spec_from_file_location("deploy_model_job", JOB)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "secret", lambda scope, key: "s3cret" if (scope, key) == ("fmlops", "portal-token") else None)
    return module


def args(portal_url="https://portal.example.com"):
    return Namespace(environment="acc", portal_url=portal_url, secret_scope="fmlops",
                     entity_refs="resource:default/${{ values.name }} component:default/${{ values.name }}-pipeline")


FROM_ENVIRONMENT = portal_module.Portal.from_environment


def with_transport(monkeypatch, job, fake):
    monkeypatch.setattr(job.Portal, "from_environment",
                        lambda entity, environ: FROM_ENVIRONMENT(entity, environ, fake))


def test_the_portal_rolls_out_when_it_is_configured(monkeypatch, job):
    fake = FakePortal(statuses=("succeeded",))
    with_transport(monkeypatch, job, fake)
    assert job.rolled_out_by_portal(args(), MODEL, "4") is True
    method, url, _, body = fake.calls[0]
    assert url == "https://portal.example.com/api/fmlops/models/resource/default/${{ values.name }}/operations?env=acc"
    assert body == {"type": "promote", "idempotencyKey": f"deploy-{MODEL}-v4"}


def test_without_a_portal_the_job_rolls_out_itself(job):
    assert job.rolled_out_by_portal(args(portal_url=""), MODEL, "4") is False


def test_a_refusal_or_a_failed_roll_out_fails_the_task(monkeypatch, job):
    with_transport(monkeypatch, job, FakePortal(post_status=403, post_error="may not operate models"))
    with pytest.raises(SystemExit, match="403"):
        job.rolled_out_by_portal(args(), MODEL, "4")
    with_transport(monkeypatch, job, FakePortal(statuses=("rolled-back",)))
    with pytest.raises(SystemExit, match="ended rolled-back"):
        job.rolled_out_by_portal(args(), MODEL, "4")
