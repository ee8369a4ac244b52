"""The tournament: XGBoost, LightGBM, Random Forest and Isolation Forest, each with a small
randomized hyperparameter search, ranked on the primary metric (PR AUC = average precision).

Candidates are fitted on the training split and chosen on a tuning split carved from it; the
reported metrics come from the untouched validation split (the latest period: an out-of-time split),
so the winner's number is not optimistic. Every candidate is logged as a nested run of its algorithm's run.

With labels, Isolation Forest learns from normal (label 0) rows only and scores ``−decision_function``;
every detector's alert threshold is the one that maximises F1 on the tuning split.
Without labels (no label source configured: the default), only Isolation Forest can learn; its alert
threshold is the score quantile that flags the ``contamination`` share of training rows, and candidates
are chosen on how well that share holds on unseen rows (``threshold_stability``), then on how far the
flagged rows stand from the rest (``separation``).
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np
from sklearn.metrics import average_precision_score, f1_score, precision_recall_curve, precision_score, recall_score, roc_auc_score

from .synthetic import LabelledData, split
from .tracking import InMemoryTracker, Tracker

SUPERVISED = ("xgboost", "lightgbm", "random_forest")
METRICS = ("pr_auc", "f1", "precision", "recall", "roc_auc")
UNSUPERVISED_METRICS = ("threshold_stability", "alert_rate", "separation")
NEEDS_LABELS = "needs labels: no label source is configured (labels.source in project_config.yml)"


class Detector:
    """A fitted model with its alert threshold: ``score`` is higher for more anomalous rows."""

    def __init__(self, algorithm: str, model: Any, threshold: float = 0.5) -> None:
        self.algorithm, self.model, self.threshold = algorithm, model, threshold

    def score(self, features: np.ndarray) -> np.ndarray:
        if self.algorithm == "isolation_forest":
            return -self.model.decision_function(features)
        return self.model.predict_proba(features)[:, 1]

    def predict(self, features: np.ndarray) -> np.ndarray:
        return (self.score(features) >= self.threshold).astype(int)

    def as_pyfunc(self) -> Any:
        import mlflow.pyfunc

        detector = self

        class AnomalyDetector(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):  # noqa: ARG002 (MLflow's signature)
                values = np.asarray(model_input, dtype=float)
                scores = detector.score(values)
                return {"score": scores.tolist(), "prediction": (scores >= detector.threshold).astype(int).tolist()}

        return AnomalyDetector()


def evaluate(labels: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, float]:
    predictions = (scores >= threshold).astype(int)
    return {
        "pr_auc": float(average_precision_score(labels, scores)),
        "roc_auc": float(roc_auc_score(labels, scores)),
        "f1": float(f1_score(labels, predictions, zero_division=0)),
        "precision": float(precision_score(labels, predictions, zero_division=0)),
        "recall": float(recall_score(labels, predictions, zero_division=0)),
    }


def contamination_threshold(scores: np.ndarray, contamination: float) -> float:
    """The score above which the ``contamination`` share of rows lies."""
    if not 0 < contamination < 0.5:
        raise ValueError("contamination must be in (0, 0.5)")
    return float(np.quantile(scores, 1 - contamination))


def evaluate_unlabelled(scores: np.ndarray, threshold: float, contamination: float) -> dict[str, float]:
    """Label-free measures: the alert rate, how close it stays to the contamination the threshold was set
    for (1 = exactly, 0 = off by the contamination or more), and the standardised score gap between
    flagged and unflagged rows."""
    flagged = scores >= threshold
    alert_rate = float(flagged.mean())
    spread = float(scores.std()) or 1.0
    separation = float((scores[flagged].mean() - scores[~flagged].mean()) / spread) if 0 < flagged.sum() < flagged.size else 0.0
    return {
        "alert_rate": alert_rate,
        "threshold_stability": max(0.0, 1.0 - abs(alert_rate - contamination) / contamination),
        "separation": separation,
        "contamination": contamination,
    }


def best_f1_threshold(labels: np.ndarray, scores: np.ndarray) -> float:
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    f1 = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0)
    return float(thresholds[int(np.argmax(f1[:-1]))])


def _sample(space: Mapping[str, Callable[[np.random.Generator], Any]], rng: np.random.Generator) -> dict[str, Any]:
    return {name: draw(rng) for name, draw in space.items()}


def _search_space(algorithm: str) -> Mapping[str, Callable[[np.random.Generator], Any]]:
    if algorithm == "xgboost":
        return {
            "n_estimators": lambda r: int(r.integers(80, 250)),
            "max_depth": lambda r: int(r.integers(2, 7)),
            "learning_rate": lambda r: float(10 ** r.uniform(-1.7, -0.5)),
            "subsample": lambda r: float(r.uniform(0.6, 1.0)),
            "colsample_bytree": lambda r: float(r.uniform(0.6, 1.0)),
            "min_child_weight": lambda r: float(r.uniform(1, 6)),
        }
    if algorithm == "lightgbm":
        return {
            "n_estimators": lambda r: int(r.integers(80, 250)),
            "num_leaves": lambda r: int(r.integers(8, 48)),
            "learning_rate": lambda r: float(10 ** r.uniform(-1.7, -0.5)),
            "min_child_samples": lambda r: int(r.integers(5, 40)),
            "subsample": lambda r: float(r.uniform(0.6, 1.0)),
            "subsample_freq": lambda r: 1,
        }
    if algorithm == "random_forest":
        return {
            "n_estimators": lambda r: int(r.integers(60, 200)),
            "max_depth": lambda r: int(r.integers(4, 14)),
            "min_samples_leaf": lambda r: int(r.integers(1, 8)),
            "max_features": lambda r: str(r.choice(["sqrt", "log2"])),
        }
    if algorithm == "isolation_forest":
        return {
            "n_estimators": lambda r: int(r.integers(100, 300)),
            "max_samples": lambda r: int(r.choice([128, 256, 512])),
            "max_features": lambda r: float(r.uniform(0.6, 1.0)),
        }
    raise ValueError(f"unknown algorithm {algorithm!r}")


def _build(algorithm: str, params: Mapping[str, Any], positive_weight: float, seed: int) -> Any:
    if algorithm == "xgboost":
        from xgboost import XGBClassifier

        return XGBClassifier(**params, scale_pos_weight=positive_weight, eval_metric="aucpr", random_state=seed, n_jobs=1)
    if algorithm == "lightgbm":
        from lightgbm import LGBMClassifier

        return LGBMClassifier(**params, scale_pos_weight=positive_weight, random_state=seed, n_jobs=1, verbose=-1)
    if algorithm == "random_forest":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(**params, class_weight="balanced_subsample", random_state=seed, n_jobs=1)
    from sklearn.ensemble import IsolationForest

    return IsolationForest(**params, random_state=seed, n_jobs=1)


def unavailable_reason(algorithm: str) -> str | None:
    """Why an algorithm cannot run here (its library is missing), or None."""
    module = {"xgboost": "xgboost", "lightgbm": "lightgbm"}.get(algorithm, "sklearn")
    if importlib.util.find_spec(module) is None:
        return f"{module} is not installed"
    return None


@dataclass
class Entry:
    algorithm: str
    status: str  # trained | skipped
    reason: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    detector: Detector | None = None
    candidates_tried: int = 0
    seconds: float = 0.0

    @property
    def supervised(self) -> bool:
        return self.algorithm in SUPERVISED


@dataclass
class TournamentResult:
    tournament_id: str
    primary_metric: str
    entries: list[Entry]
    base_rate: float

    @property
    def ranking(self) -> list[Entry]:
        trained = [e for e in self.entries if e.status == "trained"]
        return sorted(trained, key=lambda e: e.metrics[self.primary_metric], reverse=True)

    @property
    def winner(self) -> Entry:
        if not self.ranking:
            raise RuntimeError("no algorithm could be trained: " + "; ".join(f"{e.algorithm}: {e.reason}" for e in self.entries))
        return self.ranking[0]


def _unsupervised_rank(metrics: Mapping[str, float]) -> tuple[float, float]:
    return round(metrics["threshold_stability"], 2), metrics["separation"]


def train_algorithm(algorithm: str, train: LabelledData, validation: LabelledData, search_iterations: int,
                    seed: int, primary_metric: str = "pr_auc", tracker: Tracker | None = None,
                    tournament_id: str = "local", run_tags: Mapping[str, str] | None = None,
                    contamination: float = 0.01, training_input: Mapping[str, str | None] | None = None) -> Entry:
    """One algorithm's randomized search, logged as one run (the chosen candidate) with a nested run per
    candidate. Without labels (``train.labels is None``) only Isolation Forest trains.

    The algorithm's run carries what the fmlops portal reads: the ``fmlops.tournament_id`` tag that groups
    the runs, the ``algorithm`` param, the metrics; ``run_tags`` adds e.g. ``fmlops.job_run_id``. The nested
    candidate runs carry ``fmlops.candidate_of`` instead, so they never rank in the tournament.
    ``training_input`` (``table_name``, ``version``) is logged as the run's training data.
    """
    labelled = train.labelled
    metrics_allowed = METRICS if labelled else UNSUPERVISED_METRICS
    if primary_metric not in metrics_allowed:
        raise ValueError(f"primary metric must be one of {', '.join(metrics_allowed)}")
    if search_iterations < 1:
        raise ValueError("search_iterations must be at least 1")
    tracker = tracker or InMemoryTracker()
    tags = {**(run_tags or {}), "fmlops.tournament_id": tournament_id, "fmlops.algorithm": algorithm,
            "fmlops.learning": "supervised" if algorithm in SUPERVISED else "unsupervised",
            "fmlops.labels": "labelled" if labelled else "unlabelled"}
    reason = unavailable_reason(algorithm) or (NEEDS_LABELS if algorithm in SUPERVISED and not labelled else None)
    if reason:
        # recorded, so the tournament shows why an algorithm is missing instead of silently lacking it
        with tracker.run(f"{algorithm}-{tournament_id}", {**tags, "fmlops.skipped": reason}):
            tracker.log_params({"algorithm": algorithm})
        return Entry(algorithm, "skipped", reason)
    started = time.perf_counter()
    fit_part, tune_part = split(train, 0.25, seed)
    positives = max(int(fit_part.labels.sum()), 1) if labelled else 1
    positive_weight = (fit_part.labels.size - positives) / positives if labelled else 1.0
    rng = np.random.default_rng(seed)
    best: tuple[Any, dict[str, Any], Detector] | None = None
    with tracker.run(f"{algorithm}-{tournament_id}", tags):
        if training_input:
            tracker.log_input(str(training_input["table_name"]), training_input.get("version"), "training")
        for candidate in range(1, search_iterations + 1):
            params = _sample(_search_space(algorithm), rng)
            model = _build(algorithm, params, positive_weight, seed)
            if not labelled:
                model.fit(fit_part.features)
            elif algorithm == "isolation_forest":
                model.fit(fit_part.features[fit_part.labels == 0])
            else:
                model.fit(fit_part.features, fit_part.labels)
            detector = Detector(algorithm, model)
            tune_scores = detector.score(tune_part.features)
            if labelled:
                detector.threshold = best_f1_threshold(tune_part.labels, tune_scores)
                tuned = evaluate(tune_part.labels, tune_scores, detector.threshold)
                rank: Any = tuned[primary_metric]
            else:
                detector.threshold = contamination_threshold(detector.score(fit_part.features), contamination)
                tuned = evaluate_unlabelled(tune_scores, detector.threshold, contamination)
                rank = _unsupervised_rank(tuned)
            with tracker.run(f"{algorithm}-{tournament_id}-candidate-{candidate}", nested=True, tags={
                    "fmlops.candidate_of": tournament_id, "fmlops.algorithm": algorithm, "fmlops.candidate": str(candidate)}):
                tracker.log_params({"algorithm": algorithm, **params, "threshold": detector.threshold})
                tracker.log_metrics({f"tuning_{k}": v for k, v in tuned.items()})
            if best is None or rank > best[0]:
                best = (rank, params, detector)
        assert best is not None
        _, params, detector = best
        scores = detector.score(validation.features)
        metrics = evaluate(validation.labels, scores, detector.threshold) if labelled else \
            evaluate_unlabelled(scores, detector.threshold, contamination)
        tracker.log_params({"algorithm": algorithm, **params, "threshold": detector.threshold, "candidates": search_iterations,
                            **({} if labelled else {"contamination": contamination})})
        tracker.log_metrics(metrics)
        tracker.log_model(detector, algorithm, validation.features[:20])
    return Entry(algorithm, "trained", params=params, metrics=metrics, detector=detector,
                 candidates_tried=search_iterations, seconds=time.perf_counter() - started)


def run_tournament(train: LabelledData, validation: LabelledData, algorithms: Sequence[str], search_iterations: int,
                   seed: int = 42, primary_metric: str = "pr_auc", tracker: Tracker | None = None,
                   tournament_id: str = "local", run_tags: Mapping[str, str] | None = None,
                   contamination: float = 0.01) -> TournamentResult:
    """Every algorithm on the same splits; the winner is the best on the primary metric."""
    if not algorithms:
        raise ValueError("a tournament needs at least one algorithm")
    tracker = tracker or InMemoryTracker()
    entries = []
    for algorithm in algorithms:
        entries.append(train_algorithm(algorithm, train, validation, search_iterations, seed, primary_metric, tracker,
                                       tournament_id, run_tags, contamination))
    base_rate = float(validation.labels.mean()) if validation.labelled else contamination
    return TournamentResult(tournament_id, primary_metric, entries, base_rate)
