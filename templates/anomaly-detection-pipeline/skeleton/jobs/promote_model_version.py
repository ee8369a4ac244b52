"""Task: copy a model version from the previous environment into this target's registered model
(MLflow copy_model_version), tagged with its lineage; the portal's promote-to-env runs this job."""

import argparse
import sys
from pathlib import Path

# the job runs this file from the synced bundle: make the package under src/ importable
sys.path.insert(0, str(Path(globals().get("__file__", sys.argv[0])).resolve().parents[1] / "src"))

from ${{ values.packageName }}.deployment.promotion import PromotionError, promote_version, promotion_request  # noqa: E402
from ${{ values.packageName }}.runtime import set_task_value  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    for name in ("--source-model", "--source-version", "--target-model", "--source-environment", "--allowed-target-model"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    try:
        request = promotion_request(args.source_model, args.source_version, args.target_model,
                                    args.source_environment, args.allowed_target_model)
    except PromotionError as exc:
        raise SystemExit(str(exc)) from exc
    import mlflow

    client = mlflow.MlflowClient(registry_uri="databricks-uc")
    version, copied = promote_version(client, request)
    print(f"{request.source_uri} ({request.source_environment}) is {request.target_model} v{version}"
          + ("" if copied else " (copied by an earlier run)"))
    set_task_value("target_version", version)


if __name__ == "__main__":
    main()
