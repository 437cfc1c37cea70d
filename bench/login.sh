#!/usr/bin/env bash
# Login load benchmark: full browser-style password logins per second over HTTP (GET /login + POST
# /login, 303 + session cookie) against the raw Argon2id hash rate at the same parameters, measured in
# the same run, for m=19456 KiB t=2 (OWASP, the default) and m=7168 KiB t=5 (comparison point).
#
#   bench/login.sh                      # the whole benchmark (about 6 minutes on 2 cores)
#   bench/login.sh --params=19456/2 --rounds=2 --duration=10s   # options go to LoginLoadBenchmark
#   bench/login.sh --help               # all options
#   bench/login.sh --jmh [JMH options]  # JMH: raw hash rate per engine (native / BouncyCastle)
#
# Builds test classes when sources are newer (mvn test-compile) and caches the dependency classpath;
# after a first build it works offline. Only 127.0.0.1 is ever loaded. Set SIGNET_BUILD_DIR to build
# somewhere else than target/ (e.g. while someone else runs a build there), JAVA_OPTS for JVM flags.
set -euo pipefail

cd "$(dirname "$0")/.."
source bench/common.sh
test_classpath dev/signet/bench/LoginLoadBenchmark.class

# shellcheck disable=SC2086
if [[ "${1:-}" == "--jmh" ]]; then
  shift
  # Defaults: both engines, both parameter sets, one thread and all cores; add e.g. -p engine=native.
  exec java ${JAVA_OPTS:-} -cp "$CP" org.openjdk.jmh.Main 'dev.signet.bench.PasswordHashBenchmark' "$@"
fi
exec java ${JAVA_OPTS:-} -cp "$CP" dev.signet.bench.LoginLoadBenchmark "$@"
