"""${{ values.name }}: anomaly detection on financial transactions, as a Databricks Asset Bundle.

The modules hold the logic (pure Python and numpy, testable anywhere); Spark, MLflow, dlt and the
Databricks SDK are imported lazily by the thin entry points under ``jobs/`` and ``pipelines/``.
"""

__version__ = "0.1.0"
