# Delta Live Tables source file: the silver layer of ${{ values.name }}.
# The logic and its tests live in src/${{ values.packageName }}/dlt/silver.py; this file only wires it in.
# `spark` is provided by the pipeline; `bundle.sourcePath` is set in resources/pipeline.yml.
import sys

sys.path.append(spark.conf.get("bundle.sourcePath"))  # noqa: F821

from ${{ values.packageName }}.dlt import silver  # noqa: E402

silver.define_tables(spark)  # noqa: F821
