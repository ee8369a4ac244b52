"""A small tracking adapter: MLflow on Databricks, an in-memory record elsewhere (tests, laptops)."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Protocol


class Tracker(Protocol):
    def run(self, name: str, tags: Mapping[str, str], nested: bool = False) -> Any: ...
    def log_params(self, params: Mapping[str, Any]) -> None: ...
    def log_metrics(self, metrics: Mapping[str, float]) -> None: ...
    def set_tags(self, tags: Mapping[str, str]) -> None: ...
    def log_model(self, model: Any, algorithm: str, input_example: Any) -> str | None: ...
    def log_input(self, table_name: str, version: str | None, context: str) -> None: ...


@dataclass
class TrackedRun:
    name: str
    tags: dict[str, str]
    params: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    model_logged: bool = False
    parent: str | None = None
    inputs: list[dict[str, Any]] = field(default_factory=list)


class InMemoryTracker:
    """Keeps runs in a list: what tests assert on, and the fallback when MLflow is absent."""

    def __init__(self) -> None:
        self.runs: list[TrackedRun] = []
        self._active: list[TrackedRun] = []

    @contextmanager
    def run(self, name: str, tags: Mapping[str, str], nested: bool = False) -> Iterator[TrackedRun]:
        if self._active and not nested:
            raise RuntimeError(f"run {self._active[-1].name!r} is active: start {name!r} with nested=True")
        record = TrackedRun(name, dict(tags), parent=self._active[-1].name if nested and self._active else None)
        self.runs.append(record)
        self._active.append(record)
        try:
            yield record
        finally:
            self._active.pop()

    @property
    def top_level(self) -> list[TrackedRun]:
        return [r for r in self.runs if r.parent is None]

    def children(self, parent: TrackedRun) -> list[TrackedRun]:
        return [r for r in self.runs if r.parent == parent.name]

    def log_params(self, params: Mapping[str, Any]) -> None:
        self._active[-1].params.update(params)

    def log_metrics(self, metrics: Mapping[str, float]) -> None:
        self._active[-1].metrics.update(metrics)

    def set_tags(self, tags: Mapping[str, str]) -> None:
        self._active[-1].tags.update(tags)

    def log_model(self, model: Any, algorithm: str, input_example: Any) -> str | None:
        self._active[-1].model_logged = True
        return None

    def log_input(self, table_name: str, version: str | None, context: str) -> None:
        self._active[-1].inputs.append({"table_name": table_name, "version": version, "context": context})


class MlflowTracker:
    """Logs to an MLflow experiment; the portal finds the runs by the ``fmlops.tournament_id`` tag."""

    def __init__(self, experiment_id: str) -> None:
        import mlflow
        import mlflow.data  # noqa: F401 (log_input reads Delta tables through it)

        self.mlflow = mlflow
        self.experiment_id = experiment_id

    @contextmanager
    def run(self, name: str, tags: Mapping[str, str], nested: bool = False) -> Iterator[Any]:
        with self.mlflow.start_run(experiment_id=self.experiment_id, run_name=name, tags=dict(tags), nested=nested) as active:
            yield active

    def log_params(self, params: Mapping[str, Any]) -> None:
        self.mlflow.log_params(dict(params))

    def log_metrics(self, metrics: Mapping[str, float]) -> None:
        self.mlflow.log_metrics(dict(metrics))

    def set_tags(self, tags: Mapping[str, str]) -> None:
        self.mlflow.set_tags(dict(tags))

    def log_model(self, model: Any, algorithm: str, input_example: Any) -> str | None:
        from mlflow.models import infer_signature

        signature = infer_signature(input_example, model.score(input_example))
        # the package travels with the model, so Model Serving can unpickle the detector
        package = str(Path(__file__).resolve().parents[1])
        info = self.mlflow.pyfunc.log_model(
            artifact_path="model", python_model=model.as_pyfunc(), signature=signature,
            input_example=input_example[:5], code_paths=[package],
        )
        return info.model_uri

    def log_input(self, table_name: str, version: str | None, context: str) -> None:
        # the Delta table and its version: the run names exactly the rows it learnt from
        dataset = self.mlflow.data.load_delta(table_name=table_name, version=int(version) if version else None)
        self.mlflow.log_input(dataset, context=context)


def default_tracker(experiment_id: str | None) -> Tracker:
    """MLflow when it is installed and an experiment is given, else the in-memory tracker."""
    if experiment_id:
        try:
            return MlflowTracker(experiment_id)
        except ImportError:
            pass
    return InMemoryTracker()
