"""Who changes serving: the fmlops portal's controller owns roll-outs. The deployment job and CI ask
it to roll out (its operations API, with a Backstage static access token the portal's admins allow
under ``fmlops.operators.servicePrincipals``) and wait for the outcome; only where no portal is
configured or reachable does the deployment job roll out by itself, and then it records what it did
on the endpoint (tag ``fmlops-last-rollout``), so the portal shows the change as external and a
rollback knows the state before it.

    python -m <package>.deployment.portal promote-to-env --env prd --source-environment acc

reads FMLOPS_PORTAL_URL and FMLOPS_PORTAL_TOKEN, waits for the operation (a prd promotion waits for
its approval in the portal) and fails unless it succeeded.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Mapping, Sequence

from ..config import ENVIRONMENT_NAME
from .rollback import traffic_by_version

LAST_ROLLOUT_TAG = "fmlops-last-rollout"
# a serving endpoint's tag value holds at most 256 characters
TAG_VALUE_LIMIT = 256
ENDED = {"succeeded", "failed", "aborted", "rolled-back"}
# answers that mean "no portal here right now", not "the portal says no": only these fall back
UNREACHABLE_STATUSES = {502, 503, 504}


class PortalUnreachable(ConnectionError):
    """No portal is configured, or it did not answer: the caller may roll out by itself."""


class PortalRefused(RuntimeError):
    """The portal answered and refused (not allowed, another operation active, a gate failed): the
    caller must not roll out by itself, which would overrule the owner of roll-outs."""


# (method, url, headers, body) -> (status, parsed JSON body)
Transport = Callable[[str, str, Mapping[str, str], bytes | None], tuple[int, Any]]


def urllib_transport(method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            return error.code, json.loads(error.read() or b"{}")
        except ValueError:
            return error.code, {}
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise PortalUnreachable(f"the portal did not answer: {error}") from error


@dataclass(frozen=True)
class Portal:
    """The portal's fmlops API for one model (a catalog Resource) in one environment."""

    url: str
    token: str
    entity: str  # the Resource's name, namespace default
    transport: Transport = urllib_transport

    @classmethod
    def from_environment(cls, entity: str, environ: Mapping[str, str] = os.environ,
                         transport: Transport = urllib_transport) -> "Portal":
        url, token = environ.get("FMLOPS_PORTAL_URL", "").strip(), environ.get("FMLOPS_PORTAL_TOKEN", "").strip()
        if not url or not token:
            raise PortalUnreachable("no portal configured (FMLOPS_PORTAL_URL and FMLOPS_PORTAL_TOKEN)")
        return cls(url.rstrip("/"), token, entity, transport)

    def _operations(self, env: str, suffix: str = "") -> str:
        if not ENVIRONMENT_NAME.match(env):
            raise ValueError(f"not an environment name: {env!r}")
        name = urllib.parse.quote(self.entity, safe="")
        return f"{self.url}/api/fmlops/models/resource/default/{name}/operations{suffix}?env={env}"

    def _call(self, method: str, url: str, body: Mapping[str, Any] | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        status, answer = self.transport(method, url, headers, data)
        if status in UNREACHABLE_STATUSES:
            raise PortalUnreachable(f"the portal answered {status}")
        if status >= 400:
            message = answer.get("error", {}).get("message") if isinstance(answer, dict) else None
            raise PortalRefused(f"the portal refused ({status}): {message or 'no message'}")
        return answer

    def request_rollout(self, env: str, idempotency_key: str, source_environment: str | None = None) -> dict:
        """Starts a promote (of the environment's challenger) or, with a source environment, a
        promote-to-env; the same idempotency key returns the operation started before."""
        body: dict[str, Any] = {"type": "promote"}
        if source_environment:
            body = {"type": "promote-to-env", "sourceEnvironment": source_environment}
        body["idempotencyKey"] = idempotency_key[:255]
        return self._call("POST", self._operations(env), body)

    def operation(self, env: str, operation_id: str) -> dict:
        return self._call("GET", self._operations(env, "/" + urllib.parse.quote(operation_id, safe="")))

    def wait(self, env: str, operation: dict, poll_seconds: float = 30, timeout_seconds: float = 6 * 3600,
             sleep: Callable[[float], None] = time.sleep, log: Callable[[str], None] = print) -> dict:
        """Polls the operation until it ends; says when it waits for an approval."""
        waited, last_status = 0.0, None
        while operation.get("status") not in ENDED:
            if operation.get("status") != last_status:
                last_status = operation.get("status")
                hint = " (approve it in the portal: someone other than the requester)" \
                    if last_status == "awaiting-approval" else ""
                log(f"operation {operation.get('id')} is {last_status}{hint}")
            if waited >= timeout_seconds:
                raise TimeoutError(f"operation {operation.get('id')} still {last_status} after {int(waited)} s")
            sleep(poll_seconds)
            waited += poll_seconds
            operation = self.operation(env, str(operation["id"]))
        return operation

    def roll_out(self, env: str, idempotency_key: str, source_environment: str | None = None,
                 poll_seconds: float = 30, sleep: Callable[[float], None] = time.sleep) -> dict:
        """Requests the roll-out, waits for it and fails (SystemExit) unless it succeeded."""
        operation = self.request_rollout(env, idempotency_key, source_environment)
        print(f"operation {operation.get('id')} ({operation.get('type')} in {env}) is {operation.get('status')}")
        final = self.wait(env, operation, poll_seconds, sleep=sleep)
        if final.get("status") != "succeeded":
            raise SystemExit(f"operation {final.get('id')} ended {final.get('status')}")
        return final


def last_rollout_tag(version: str, before: Mapping[str, Any], after: Mapping[str, Any], by: str,
                     at: datetime | None = None) -> str:
    """The value of the endpoint tag ``fmlops-last-rollout``: compact JSON of the version rolled out,
    the routes before and after (model version → traffic percentage), when and by whom, within the
    tag's length limit, e.g. ``{"version":"4","before":{"3":100},"after":{"3":90,"4":10},
    "at":"2026-03-01T12:00:00Z","by":"databricks-job-run:42"}``."""
    record = {
        "version": str(version),
        "before": traffic_by_version(before),
        "after": traffic_by_version(after),
        "at": (at or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "by": by,
    }
    value = json.dumps(record, separators=(",", ":"))
    if len(value) > TAG_VALUE_LIMIT:
        # the routes matter to a rollback; who did it is shortened first
        record["by"] = by[: max(0, len(by) - (len(value) - TAG_VALUE_LIMIT))]
        value = json.dumps(record, separators=(",", ":"))
    if len(value) > TAG_VALUE_LIMIT:
        raise ValueError(f"the roll-out record is {len(value)} characters, more than an endpoint tag holds")
    return value


def model_entity(catalog_info: str | os.PathLike) -> str:
    """The name of the model's catalog Resource in catalog-info.yaml."""
    import yaml

    with open(catalog_info, encoding="utf-8") as handle:
        for entity in yaml.safe_load_all(handle):
            if isinstance(entity, dict) and entity.get("kind") == "Resource":
                return str(entity["metadata"]["name"])
    raise SystemExit(f"{catalog_info} has no Resource: pass --entity")


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] = os.environ,
         transport: Transport = urllib_transport, sleep: Callable[[float], None] = time.sleep) -> None:
    parser = argparse.ArgumentParser(description="Ask the fmlops portal to roll out, and wait for the outcome")
    parser.add_argument("type", choices=["promote", "promote-to-env"])
    parser.add_argument("--entity", help="the model's catalog Resource name; default: the one in catalog-info.yaml")
    parser.add_argument("--catalog-info", default="catalog-info.yaml")
    parser.add_argument("--env", required=True, help="the environment to roll out in, e.g. acc")
    parser.add_argument("--source-environment", help="promote-to-env: where the version comes from, e.g. dev")
    parser.add_argument("--idempotency-key", help="default: one per CI run, environment and type")
    parser.add_argument("--poll-seconds", type=float, default=30)
    args = parser.parse_args(argv)
    if args.type == "promote-to-env" and not args.source_environment:
        parser.error("promote-to-env needs --source-environment")
    key = args.idempotency_key or "-".join(
        [environ.get("GITHUB_RUN_ID") or environ.get("BUILD_TAG") or "manual", args.env, args.type])
    try:
        portal = Portal.from_environment(args.entity or model_entity(args.catalog_info), environ, transport)
        final = portal.roll_out(args.env, key, args.source_environment if args.type == "promote-to-env" else None,
                                args.poll_seconds, sleep)
    except (PortalUnreachable, PortalRefused, TimeoutError) as error:
        raise SystemExit(str(error)) from error
    print(f"operation {final.get('id')} succeeded")


if __name__ == "__main__":
    sys.exit(main())
