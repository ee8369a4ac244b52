"""Task: query the endpoint serving the model with a few typical trades; fail (so the job's rollback task
runs) when it does not answer with one finite score and prediction per row."""

import sys
from pathlib import Path

# the job runs this file from the synced bundle: make the package under src/ importable
sys.path.insert(0, str(Path(globals().get("__file__", sys.argv[0])).resolve().parents[1] / "src"))

from ${{ values.packageName }}.deployment.smoke import smoke_query, smoke_records  # noqa: E402
from ${{ values.packageName }}.runtime import model_arguments, project_config, tables  # noqa: E402


def main() -> None:
    parser = model_arguments(__doc__)
    parser.add_argument("--endpoint", required=True)
    args = parser.parse_args()
    from databricks.sdk import WorkspaceClient

    config, names, workspace = project_config(), tables(args), WorkspaceClient()
    records = smoke_records(config.numerical_features)
    result = smoke_query(lambda rows: workspace.serving_endpoints.query(name=args.endpoint, dataframe_records=rows).predictions,
                         records)
    print(f"{args.endpoint} ({names.uc_model}): {'passed' if result.ok else 'FAILED'} after {result.attempts} attempt(s): {result.reason}")
    if not result.ok:
        raise SystemExit(f"smoke test failed: {result.reason}")


if __name__ == "__main__":
    main()
