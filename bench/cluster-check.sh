#!/usr/bin/env bash
# bench/cluster-check.sh [--leads N] [--dir D] [--keep]: the same nightly on local Spark and on a Spark
# standalone cluster (master + 2 workers on loopback, child JVMs) with the shaded jar submitted by
# SparkSubmit, the lakehouse on s3a:// (S3Proxy) and training.engine = distributed. Builds first
# (mvn -DskipTests package, which also shades cli/target/leadscore.jar). Exit 0 when row counts match
# and the holdout AUCs are within 0.01; its last line starts with CLUSTER_CHECK.
set -euo pipefail
export BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx3g}"
exec "$(dirname "${BASH_SOURCE[0]}")/run" ClusterCheck "$@"
