#!/usr/bin/env bash
# AWS attribute statement benchmark (JMH, one thread): the preset's six mappings (Role for a user in 10
# groups against 20 role rules, RoleSessionName, SessionDuration, 3 PrincipalTags) evaluated through CEL,
# against building, signing and encoding the response that carries them, measured in the same run.
# Goal from the AWS issue: evaluating the mappings costs less than 10% of building and signing.
#
#   bench/mappings.sh                  # about 1 minute
#   bench/mappings.sh -wi 5 -i 10      # JMH options pass through
set -euo pipefail

cd "$(dirname "$0")/.."
source bench/common.sh
RESULT="$BUILD_DIR/jmh-aws-mappings.json"
test_classpath dev/signet/bench/AwsMappingsBenchmark.class

# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -cp "$CP" org.openjdk.jmh.Main 'dev.signet.bench.AwsMappingsBenchmark' -rf json -rff "$RESULT" "$@"

python3 - "$RESULT" <<'PY'
import json, sys

rows = {}
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].rsplit(".", 1)[1]
    primary, aux = r["primaryMetric"], r.get("secondaryMetrics", {})
    row = {"ops": primary["score"]}
    if "cpuNanos" in aux and "calls" in aux:
        cpu = [x for fork in aux["cpuNanos"]["rawData"] for x in fork]
        calls = [x for fork in aux["calls"]["rawData"] for x in fork]
        row["cpu_us"] = sum(cpu) / sum(calls) / 1000
    rows[name] = row

print()
print("%-22s %12s %12s %12s" % ("benchmark", "ops/s (wall)", "us/op (wall)", "CPU us/op"))
for name, row in sorted(rows.items()):
    print("%-22s %12.0f %12.1f %12.1f" % (name, row["ops"], 1e6 / row["ops"], row.get("cpu_us", float("nan"))))
if "evaluateMappings" in rows and "buildAndSign" in rows:
    # time per op of evaluateMappings over time per op of buildAndSign
    share = rows["buildAndSign"]["ops"] / rows["evaluateMappings"]["ops"]
    cpu = rows["evaluateMappings"].get("cpu_us", float("nan")) / rows["buildAndSign"].get("cpu_us", float("nan"))
    print()
    print("evaluateMappings / buildAndSign (time per op): %.1f%% wall, %.1f%% CPU   goal < 10%%: %s"
          % (100 * share, 100 * cpu, "met" if max(share, cpu) < 0.10 else "NOT met"))
print("JSON: " + sys.argv[1])
PY
