"""One owner of roll-outs: the portal client the deployment job and CI use, against a fake of the
portal's operations API at the HTTP boundary, and the record a roll-out without the portal leaves."""

import json
from pathlib import Path
from datetime import datetime, timezone

import pytest

from ${{ values.packageName }}.deployment.portal import (
    TAG_VALUE_LIMIT,
    Portal,
    PortalRefused,
    PortalUnreachable,
    last_rollout_tag,
    main,
)

ENV = {"FMLOPS_PORTAL_URL": "https://portal.example.com/", "FMLOPS_PORTAL_TOKEN": "s3cret"}


class FakePortal:
    """The operations API: POST starts (or returns, for a known idempotency key), GET reads; each read
    moves the operation through the statuses given."""

    def __init__(self, statuses=("running", "succeeded"), post_status=202, post_error=None):
        self.calls, self.statuses, self.post_status, self.post_error = [], list(statuses), post_status, post_error
        self.started = {}

    def __call__(self, method, url, headers, body):
        self.calls.append((method, url, dict(headers), json.loads(body) if body else None))
        assert headers["Authorization"] == "Bearer s3cret"
        if method == "POST":
            if self.post_error:
                return self.post_status, {"error": {"name": "Conflict", "message": self.post_error}}
            key = json.loads(body)["idempotencyKey"]
            self.started.setdefault(key, {"id": f"op-{len(self.started) + 1}", "status": self.statuses[0]})
            return self.post_status, self.started[key]
        return 200, {"id": url.split("/operations/")[1].split("?")[0], "status": self.statuses.pop(0)}


def test_promote_to_env_is_requested_on_the_target_environment_and_waited_for(capsys):
    fake = FakePortal(statuses=("awaiting-approval", "awaiting-approval", "running", "succeeded"))
    main(["promote-to-env", "--entity", "${{ values.name }}", "--env", "prd", "--source-environment", "acc",
          "--idempotency-key", "release-v1.2.0"], environ=ENV, transport=fake, sleep=lambda s: None)
    method, url, headers, body = fake.calls[0]
    assert (method, url) == ("POST", "https://portal.example.com/api/fmlops/models/resource/default/${{ values.name }}/operations?env=prd")
    assert body == {"type": "promote-to-env", "sourceEnvironment": "acc", "idempotencyKey": "release-v1.2.0"}
    assert fake.calls[1][1] == "https://portal.example.com/api/fmlops/models/resource/default/${{ values.name }}/operations/op-1?env=prd"
    out = capsys.readouterr().out
    assert "approve it in the portal" in out and "op-1 succeeded" in out


def test_a_promote_sends_the_idempotency_key_and_a_retry_gets_the_same_operation():
    fake = FakePortal()
    portal = Portal.from_environment("${{ values.name }}", ENV, fake)
    first = portal.request_rollout("dev", "deploy-model-v4")
    again = portal.request_rollout("dev", "deploy-model-v4")
    assert first["id"] == again["id"] == "op-1"
    assert fake.calls[0][3] == {"type": "promote", "idempotencyKey": "deploy-model-v4"}


@pytest.mark.parametrize("final", ["rolled-back", "failed", "aborted"])
def test_an_operation_that_does_not_succeed_fails_the_caller(final):
    with pytest.raises(SystemExit, match=f"ended {final}"):
        main(["promote", "--entity", "m", "--env", "dev"], environ=ENV, transport=FakePortal(statuses=("running", final)),
             sleep=lambda s: None)


def test_a_refusal_is_not_mistaken_for_an_unreachable_portal():
    """403 (the token's subject is not an allowed operator) or 409 (another operation is active) means
    the portal decided: the deployment job must not roll out behind its back."""
    portal = Portal.from_environment("m", ENV, FakePortal(post_status=409, post_error="another operation is active"))
    with pytest.raises(PortalRefused, match="409.*another operation is active"):
        portal.request_rollout("acc", "k")


@pytest.mark.parametrize("environ", [{}, {"FMLOPS_PORTAL_URL": "https://portal.example.com"}, {"FMLOPS_PORTAL_TOKEN": "t"}])
def test_without_a_configured_portal_the_job_rolls_out_by_itself(environ):
    with pytest.raises(PortalUnreachable, match="no portal configured"):
        Portal.from_environment("m", environ)


def test_a_portal_that_does_not_answer_is_unreachable():
    def down(method, url, headers, body):
        return 503, {}

    with pytest.raises(PortalUnreachable, match="503"):
        Portal.from_environment("m", ENV, down).request_rollout("dev", "k")
    with pytest.raises(PortalUnreachable, match="did not answer"):
        Portal("http://127.0.0.1:9", "t", "m").request_rollout("dev", "k")


def test_waiting_has_a_limit():
    portal = Portal.from_environment("m", ENV, FakePortal(statuses=["awaiting-approval"] * 10))
    with pytest.raises(TimeoutError, match="still awaiting-approval"):
        portal.wait("prd", {"id": "op-1", "status": "awaiting-approval"}, poll_seconds=60, timeout_seconds=120,
                    sleep=lambda s: None, log=lambda m: None)


def test_an_environment_name_is_checked_before_it_reaches_a_url():
    with pytest.raises(ValueError, match="not an environment"):
        Portal.from_environment("m", ENV, FakePortal()).request_rollout("prd&x=1", "k")


def config(*served, routes):
    return {"served_entities": [{"name": n, "entity_version": v} for n, v in served],
            "traffic_config": {"routes": [{"served_model_name": n, "traffic_percentage": p} for n, p in routes]}}


def test_the_rollout_record_names_the_version_the_routes_before_and_after_when_and_who():
    before = config(("champion", "3"), routes=[("champion", 100)])
    step = config(("champion", "3"), ("challenger", "4"), routes=[("champion", 90), ("challenger", 10)])
    value = last_rollout_tag("4", before, step, "databricks-job-run:42", datetime(2026, 3, 1, 12, tzinfo=timezone.utc))
    assert json.loads(value) == {
        "version": "4",
        "before": {"3": 100},
        "after": {"3": 90, "4": 10},
        "at": "2026-03-01T12:00:00Z",
        "by": "databricks-job-run:42",
    }
    assert len(value) <= TAG_VALUE_LIMIT


def test_the_rollout_record_fits_an_endpoint_tag():
    before = config(("champion", "123456"), ("challenger", "123457"), routes=[("champion", 50), ("challenger", 50)])
    value = last_rollout_tag("123457", before, before, "x" * 200)
    assert len(value) <= TAG_VALUE_LIMIT
    assert json.loads(value)["after"] == json.loads(value)["before"]


def test_the_model_is_the_resource_of_catalog_info_unless_named():
    fake = FakePortal()
    catalog_info = Path(__file__).resolve().parents[1] / "catalog-info.yaml"
    main(["promote", "--env", "dev", "--catalog-info", str(catalog_info)], environ=ENV, transport=fake, sleep=lambda s: None)
    assert "/models/resource/default/${{ values.name }}/operations?env=dev" in fake.calls[0][1]
