#!/usr/bin/env bash
# Start-up time and idle memory of the packaged server, as an operator runs it (java -jar signet.jar serve).
#
#   bench/startup.sh              # build target/signet.jar if missing or older than the sources, then measure
#   IDLE_SECONDS=30 bench/startup.sh
#   JAVA_OPTS="-Xmx256m" bench/startup.sh
#
# Measures, with a fresh temporary data directory on a free 127.0.0.1 port:
#   1. first start (creates the database, runs migrations, creates the bootstrap admin: one Argon2 hash):
#      wall time from launching java until GET /health/ready answers 200;
#   2. resident memory (VmRSS, /proc/PID/status) after IDLE_SECONDS of idling, and the peak (VmHWM);
#   3. the same after one password login of the admin (GET /login + POST /login) and IDLE_SECONDS more;
#   4. second start on the same data directory (existing database): time to ready and idle VmRSS.
# Set SIGNET_BUILD_DIR to use a jar built elsewhere than target/.
set -euo pipefail

cd "$(dirname "$0")/.."
source bench/common.sh
IDLE_SECONDS="${IDLE_SECONDS:-10}"
ADMIN_PASSWORD="startup-bench-password-123"

server_jar
work_dir startup

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }

# Starts the server; sets PID, PORT and READY_MS (milliseconds until /health/ready answered 200).
start_server() {
  local log="$1" t0 t
  PORT="$(free_port)"
  t0="$(now_ms)"
  # shellcheck disable=SC2086
  # SIGNET_BUILD_DIR is this script's own variable; the server refuses unknown SIGNET_* settings.
  env -u SIGNET_BUILD_DIR SIGNET_DATA_DIR="$WORK/data" SIGNET_LISTEN_HOST=127.0.0.1 SIGNET_LISTEN_PORT="$PORT" \
    SIGNET_BOOTSTRAP_PASSWORD="$ADMIN_PASSWORD" \
    java ${JAVA_OPTS:-} -jar "$JAR" serve >"$log" 2>&1 &
  PID=$!
  while true; do
    if ! kill -0 "$PID" 2>/dev/null; then
      echo "server exited during start-up; log:" >&2
      cat "$log" >&2
      exit 1
    fi
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$PORT/health/ready" || true)" == 200 ]]; then
      break
    fi
    t="$(now_ms)"
    if (( t - t0 > 120000 )); then
      echo "not ready after 120 s; log in $log" >&2
      exit 1
    fi
    sleep 0.02
  done
  READY_MS=$(( $(now_ms) - t0 ))
}

# Sends SIGTERM and waits; sets STOP_MS.
stop_server() {
  local t0
  t0="$(now_ms)"
  kill -TERM "$PID"
  wait "$PID" 2>/dev/null || true
  PID=""
  STOP_MS=$(( $(now_ms) - t0 ))
}

login_admin() {
  local jar="$WORK/cookies" page csrf status
  rm -f "$jar"
  page="$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/login")"
  csrf="$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<<"$page" | head -1)"
  status="$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "username=admin" --data-urlencode "password=$ADMIN_PASSWORD" --data-urlencode "csrf=$csrf" \
    "http://127.0.0.1:$PORT/login")"
  if [[ "$status" != 303 ]]; then
    echo "admin login answered $status instead of 303" >&2
    exit 1
  fi
}

signet_ms() { sed -n 's/.*Signet ready at .* in \([0-9]*\) ms.*/\1/p' "$1" | tail -1; }

echo "machine: $(nproc) cores ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "java:    $(java -version 2>&1 | head -1)${JAVA_OPTS:+ with JAVA_OPTS=$JAVA_OPTS}"
echo "jar:     $JAR ($(du -h "$JAR" | cut -f1))"
echo

start_server "$WORK/first.log"
echo "first start (new data dir):   ready after ${READY_MS} ms (Signet.start itself: $(signet_ms "$WORK/first.log") ms)"
sleep "$IDLE_SECONDS"
echo "  idle ${IDLE_SECONDS} s after start:        VmRSS $(mib "$(rss_kib "$PID")") (peak VmHWM $(mib "$(hwm_kib "$PID")"))"
login_admin
sleep "$IDLE_SECONDS"
echo "  idle ${IDLE_SECONDS} s after one login:    VmRSS $(mib "$(rss_kib "$PID")") (peak VmHWM $(mib "$(hwm_kib "$PID")"))"
stop_server
echo "  stopped (SIGTERM) in ${STOP_MS} ms"

start_server "$WORK/second.log"
echo "second start (same data dir): ready after ${READY_MS} ms (Signet.start itself: $(signet_ms "$WORK/second.log") ms)"
sleep "$IDLE_SECONDS"
echo "  idle ${IDLE_SECONDS} s after start:        VmRSS $(mib "$(rss_kib "$PID")") (peak VmHWM $(mib "$(hwm_kib "$PID")"))"
stop_server
echo "  stopped (SIGTERM) in ${STOP_MS} ms"
