"""Task: the champion/challenger gate. Sets the task value `promote` that decides the roll-out."""

import json
import sys
from pathlib import Path

# the job runs this file from the synced bundle: make the package under src/ importable
sys.path.insert(0, str(Path(globals().get("__file__", sys.argv[0])).resolve().parents[1] / "src"))

from ${{ values.packageName }}.runtime import model_arguments, project_config, set_task_value, tables  # noqa: E402
from ${{ values.packageName }}.validation.champion_challenger import evaluate_gate, gate_thresholds, unsupervised_gate_thresholds  # noqa: E402


def version_metrics(client, model: str, alias: str) -> tuple[str, dict] | None:
    from mlflow.exceptions import MlflowException

    try:
        version = client.get_model_version_by_alias(model, alias)
    except MlflowException:
        return None
    return version.version, client.get_run(version.run_id).data.metrics


def main() -> None:
    parser = model_arguments(__doc__)
    args = parser.parse_args()
    import mlflow
    from mlflow import MlflowClient

    config, names = project_config(), tables(args)
    mlflow.set_registry_uri("databricks-uc")
    client = MlflowClient()
    challenger = version_metrics(client, names.uc_model, "challenger")
    if challenger is None:
        raise SystemExit(f"{names.uc_model} has no challenger alias: run the tournament first")
    champion = version_metrics(client, names.uc_model, "champion")
    # project_config.yml is the one place of the thresholds (the portal reads them from catalog-info.yaml)
    thresholds = (gate_thresholds(config.primary_metric, config.gate.min_pr_auc, config.gate.min_f1,
                                  config.gate.min_improvement, config.gate.min_relative_improvement)
                  if config.supervised else unsupervised_gate_thresholds())
    decision = evaluate_gate(challenger[1], champion[1] if champion else None, thresholds)
    client.set_model_version_tag(names.uc_model, challenger[0], "fmlops.gate", "passed" if decision.promote else "rejected")
    client.set_model_version_tag(names.uc_model, challenger[0], "fmlops.gate_checks",
                                 json.dumps([c.__dict__ for c in decision.checks])[:5000])
    print(f"challenger v{challenger[0]} vs champion {('v' + champion[0]) if champion else '(none)'}: {decision.summary()}")
    for check in decision.checks:
        print(f"  {'PASS' if check.passed else 'FAIL'}{' (advisory)' if check.advisory else ''} {check.message}")
    set_task_value("promote", "true" if decision.promote else "false")
    set_task_value("challenger_version", challenger[0])


if __name__ == "__main__":
    main()
