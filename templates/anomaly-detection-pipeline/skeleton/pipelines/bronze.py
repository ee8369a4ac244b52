# Delta Live Tables source file: the bronze layer of ${{ values.name }}.
# The logic and its tests live in src/${{ values.packageName }}/dlt/bronze.py; this file only wires it in.
# `spark` is provided by the pipeline; `bundle.sourcePath` is set in resources/pipeline.yml.
import sys

sys.path.append(spark.conf.get("bundle.sourcePath"))  # noqa: F821

from ${{ values.packageName }}.dlt import bronze  # noqa: E402

bronze.define_tables(spark, spark.conf.get("fmlops.landingPath"))  # noqa: F821
