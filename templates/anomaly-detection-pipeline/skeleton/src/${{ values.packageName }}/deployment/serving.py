"""Model Serving configurations for a roll-out: the champion and the challenger side by side, with
the traffic split of each canary step. Databricks rejects a config whose routes do not sum to 100 or
name an unknown served entity; these checks fail earlier, with a clearer message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


class TrafficConfigError(ValueError):
    """A traffic configuration Databricks would reject."""


@dataclass(frozen=True)
class ServedVersion:
    name: str  # served entity name, e.g. "champion"
    version: str
    workload_size: str = "Small"
    scale_to_zero: bool = True


def canary_plan(strategy: str, steps: Sequence[int]) -> list[int]:
    """Challenger percentages to apply in order: [100] for direct, the validated steps for canary."""
    if strategy == "direct":
        return [100]
    if strategy != "canary":
        raise TrafficConfigError(f"unknown roll-out strategy {strategy!r}: use direct or canary")
    plan = [int(s) for s in steps]
    if not plan:
        raise TrafficConfigError("a canary needs at least one step")
    if any(s <= 0 or s > 100 for s in plan):
        raise TrafficConfigError(f"canary steps must be percentages in 1..100, got {plan}")
    if any(b <= a for a, b in zip(plan, plan[1:])):
        raise TrafficConfigError(f"canary steps must increase, got {plan}")
    if plan[-1] != 100:
        raise TrafficConfigError(f"the last canary step must be 100, got {plan[-1]}")
    return plan


def validate_routes(routes: Sequence[dict], served_names: Sequence[str]) -> None:
    if not routes:
        raise TrafficConfigError("traffic_config needs at least one route")
    names = [r["served_model_name"] for r in routes]
    unknown = sorted(set(names) - set(served_names))
    if unknown:
        raise TrafficConfigError(f"routes name unknown served entities: {', '.join(unknown)}")
    if len(set(names)) != len(names):
        raise TrafficConfigError("a served entity appears in more than one route")
    for route in routes:
        pct = route["traffic_percentage"]
        if not isinstance(pct, int) or isinstance(pct, bool) or not 0 <= pct <= 100:
            raise TrafficConfigError(f"traffic_percentage must be an integer in 0..100, got {pct!r}")
    total = sum(r["traffic_percentage"] for r in routes)
    if total != 100:
        raise TrafficConfigError(f"traffic percentages sum to {total}, not 100")


def endpoint_config(champion: ServedVersion, challenger: ServedVersion | None, challenger_percent: int,
                    entity_name: str) -> dict:
    """The body of ``PUT /api/2.0/serving-endpoints/{name}/config`` for one roll-out step."""
    if challenger is None or challenger_percent == 0:
        served, routes = [champion], [{"served_model_name": champion.name, "traffic_percentage": 100}]
    elif challenger_percent == 100:
        # the challenger takes over under the champion's name: the config a redeploy of the bundle expects
        promoted = ServedVersion(champion.name, challenger.version, challenger.workload_size, challenger.scale_to_zero)
        served, routes = [promoted], [{"served_model_name": champion.name, "traffic_percentage": 100}]
    else:
        if champion.name == challenger.name:
            raise TrafficConfigError("champion and challenger need distinct served entity names")
        served = [champion, challenger]
        routes = [
            {"served_model_name": champion.name, "traffic_percentage": 100 - challenger_percent},
            {"served_model_name": challenger.name, "traffic_percentage": challenger_percent},
        ]
    config = {
        "served_entities": [
            {
                "name": s.name,
                "entity_name": entity_name,
                "entity_version": s.version,
                "workload_size": s.workload_size,
                "scale_to_zero_enabled": s.scale_to_zero,
            }
            for s in served
        ],
        "traffic_config": {"routes": routes},
    }
    validate_routes(routes, [s.name for s in served])
    return config
