#!/usr/bin/env bash
# SAML signing benchmark (JMH, one thread): AWS-sized responses built, signed, serialised and Base64-encoded
# per second, against one bare RSA-2048 SHA256withRSA signature over as many bytes, each measured with the
# Amazon Corretto Crypto Provider installed (crypto=accp) and with the JDK's providers only (crypto=jdk),
# every combination in a JVM of its own. Prints JMH's table, then the ratios from its JSON result file.
#
#   bench/signing.sh                          # everything, about 2.5 minutes on 2 cores
#   bench/signing.sh -p crypto=accp           # JMH options pass through (e.g. -wi 5 -i 10, -prof gc)
#
# Builds test classes when sources are newer (mvn test-compile) and caches the dependency classpath, as
# bench/login.sh does. Set SIGNET_BUILD_DIR to build elsewhere than target/, JAVA_OPTS for JVM flags of the
# JMH runner (forked benchmark JVMs take -jvmArgsAppend).
set -euo pipefail

cd "$(dirname "$0")/.."
source bench/common.sh
RESULT="$BUILD_DIR/jmh-saml-signing.json"
test_classpath dev/signet/bench/SamlSigningBenchmark.class

# The benchmark's annotations set 3 x 2 s warm-up, 5 x 2 s measurement, 1 fork, 1 thread: 8 JVMs of
# about 18 s each. JMH takes each option once, so -wi, -i, -f ... given here replace those.
# The machine's CPU counters and our children's CPU time around the run tell how much other processes took.
STAT_BEFORE=$(head -1 /proc/stat)
times > "$BUILD_DIR/signing-times-before.txt"  # not in $(...): a subshell has no children of ours
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -cp "$CP" org.openjdk.jmh.Main 'dev.signet.bench.SamlSigningBenchmark' \
  -rf json -rff "$RESULT" "$@"
times > "$BUILD_DIR/signing-times-after.txt"
STAT_AFTER=$(head -1 /proc/stat)

python3 - "$RESULT" "$STAT_BEFORE" "$STAT_AFTER" "$BUILD_DIR/signing-times-before.txt" "$BUILD_DIR/signing-times-after.txt" <<'PY'
import json, os, re, sys

# Per benchmark and provider: wall-clock ops/s (JMH's score), CPU time per call of the benchmark thread,
# and the share of the wall time that thread was on a CPU (below ~95%: something else wanted the cores).
rows = {}
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].rsplit(".", 1)[1]
    crypto = r.get("params", {}).get("crypto", "?")
    primary, aux = r["primaryMetric"], r.get("secondaryMetrics", {})
    error = primary["scoreError"]
    row = {"ops": primary["score"], "error": error if isinstance(error, (int, float)) else float("nan")}
    if "cpuNanos" in aux and "calls" in aux:
        ops_per_s = [x for fork in primary["rawData"] for x in fork]
        cpu = [x for fork in aux["cpuNanos"]["rawData"] for x in fork]
        calls = [x for fork in aux["calls"]["rawData"] for x in fork]
        row["cpu_us"] = sum(cpu) / sum(calls) / 1000
        row["on_cpu"] = sum(cpu) / 1e9 / sum(c / o for c, o in zip(calls, ops_per_s))
    rows[(crypto, name)] = row

print()
print("%-6s %-22s %14s %9s %12s %7s" % ("crypto", "benchmark", "ops/s (wall)", "ms/op", "CPU us/op", "on-CPU"))
for (crypto, name), row in sorted(rows.items()):
    print("%-6s %-22s %8.0f ± %3.0f %9.3f %12.0f %6.0f%%" % (crypto, name, row["ops"], row["error"], 1000 / row["ops"],
          row.get("cpu_us", float("nan")), 100 * row.get("on_cpu", float("nan"))))
print()

def ratio(a, b):
    """time per op of a over time per op of b, by wall clock and by CPU time."""
    ra, rb = rows[a], rows[b]
    wall = rb["ops"] / ra["ops"]
    cpu = ra["cpu_us"] / rb["cpu_us"] if "cpu_us" in ra and "cpu_us" in rb else float("nan")
    return wall, cpu

for crypto in sorted({c for c, _ in rows}):
    if (crypto, "rawSignature") not in rows:
        continue
    for name in ("buildAndSignAssertion", "buildAndSignBoth"):
        if (crypto, name) in rows:
            wall, cpu = ratio((crypto, name), (crypto, "rawSignature"))
            goal = ("   goal <= 1.5x: " + ("met" if max(wall, cpu) <= 1.5 else "NOT met")) if name == "buildAndSignAssertion" else ""
            print("%-4s %-21s / rawSignature (time per op): %.2fx wall, %.2fx CPU%s" % (crypto, name, wall, cpu, goal))
for name, fast, slow in (("raw RSA-2048 signature", ("accp", "rawSignature"), ("accp", "rawSignatureJdk")),
                         ("buildAndSignAssertion", ("accp", "buildAndSignAssertion"), ("jdk", "buildAndSignAssertion")),
                         ("buildAndSignBoth", ("accp", "buildAndSignBoth"), ("jdk", "buildAndSignBoth"))):
    if fast in rows and slow in rows:
        wall, cpu = ratio(slow, fast)
        print("ACCP over JDK, %-22s: %.2fx as fast (wall), %.2fx (CPU)" % (name, wall, cpu))

# Busy time of the whole machine minus the CPU time of JMH and its forks = what other processes took.
def jiffies(line):
    return [int(x) for x in line.split()[1:]]
def children_seconds(path):
    line = open(path).read().strip().splitlines()[-1]  # second line of `times`: children user, system
    return sum(int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", line))
delta = [a - b for a, b in zip(jiffies(sys.argv[3]), jiffies(sys.argv[2]))]
hz = os.sysconf("SC_CLK_TCK")
total = sum(delta[:8]) / hz
busy = total - (delta[3] + delta[4]) / hz
ours = children_seconds(sys.argv[5]) - children_seconds(sys.argv[4])
others = max(0.0, busy - ours) / total if total else 0.0
print()
print("other processes took %.1f%% of the machine during the run%s" % (100 * others,
      ": wall-clock figures disturbed, trust the CPU columns or run again on an idle machine" if others > 0.05 else ""))
print("JSON: " + sys.argv[1])
PY
