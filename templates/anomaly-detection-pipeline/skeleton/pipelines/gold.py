# Delta Live Tables source file: the gold layer of ${{ values.name }}.
# The logic and its tests live in src/${{ values.packageName }}/dlt/gold.py; this file only wires it in.
# `spark` is provided by the pipeline; `bundle.sourcePath` is set in resources/pipeline.yml.
import sys

sys.path.append(spark.conf.get("bundle.sourcePath"))  # noqa: F821

from ${{ values.packageName }}.dlt import gold  # noqa: E402

gold.define_tables(spark)  # noqa: F821
