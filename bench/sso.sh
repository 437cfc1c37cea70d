#!/usr/bin/env bash
# HTTP load benchmark of IdP-initiated SSO (GET /application/saml/{slug}/sso/binding/init) for a
# signed-in user, with wrk on loopback, against the packaged server as an operator runs it.
#
#   bench/sso.sh                         # 8 connections, 2 wrk threads, 20 s per run (about 2 minutes)
#   CONNECTIONS=16 DURATION=30s bench/sso.sh
#
# Runs in one go, on one server:
#   1. baseline: GET /health/live (no database, no XML): the HTTP ceiling of this server and machine;
#   2. an application made by the AWS preset: assertion signed, response unsigned, the AWS property
#      mappings (Role x3 from the role mapping, RoleSessionName, SessionDuration), persistent NameID;
#   3. both signed (assertion and response).
# and prints requests/s, p50/p99 latency, and each SSO rate as a ratio of the baseline.
# Needs wrk (Debian: apt-get install wrk), curl and python3. Set SIGNET_BUILD_DIR to use a jar built
# elsewhere than target/, JAVA_OPTS for JVM flags.
set -euo pipefail

cd "$(dirname "$0")/.."
source bench/common.sh
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-2}"
DURATION="${DURATION:-20s}"
TOKEN="sso-bench-token-0123456789abcdefghijklmnopqrstuv"
PASSWORD="sso-bench-password-123"

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 2; }
server_jar
work_dir sso

PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
# shellcheck disable=SC2086
SIGNET_DATA_DIR="$WORK/data" SIGNET_LISTEN_PORT="$PORT" SIGNET_BOOTSTRAP_PASSWORD="$PASSWORD" \
  SIGNET_BOOTSTRAP_TOKEN="$TOKEN" env -u SIGNET_BUILD_DIR java ${JAVA_OPTS:-} -jar "$JAR" serve >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -fs "$BASE/health/ready" >/dev/null 2>&1 && break
  sleep 0.25
done
curl -fs "$BASE/health/ready" >/dev/null || { echo "server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }
grep -m1 "crypto:" "$WORK/server.log" || true

api() { # METHOD PATH [JSON]
  curl -fsS -X "$1" "$BASE/api/v1$2" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" ${3:+-d "$3"}
}
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }

admin_id="$(api GET '/users?name=admin' | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
api PATCH "/users/$admin_id" '{"email":"admin@example.com"}' >/dev/null
group_id="$(api POST /groups '{"name":"bench-aws"}' | json_field id)"
api PUT "/groups/$group_id/members/$admin_id" >/dev/null
# The AWS preset: Role x3 from the role mapping, RoleSessionName, SessionDuration through the CEL mappings.
ROLES='[{"group":"bench-aws","account":"123456789012","role":"Admin","provider":"Signet"},{"group":"bench-aws","account":"123456789012","role":"ReadOnly","provider":"Signet"},{"group":"bench-aws","account":"123456789012","role":"Billing","provider":"Signet"}]'
for slug in aws both; do
  id="$(api POST /aws/applications "{\"slug\":\"$slug\",\"name\":\"$slug\",\"sessionDuration\":28800,\"roles\":$ROLES}" | json_field applicationId)"
  if [[ "$slug" == both ]]; then
    api PATCH "/applications/$id/saml" '{"signResponse":true}' >/dev/null
  fi
done

# A browser-style login: the CSRF cookie and token from the form, then the session cookie.
JAR_FILE="$WORK/cookies"
CSRF="$(curl -fsS -c "$JAR_FILE" "$BASE/login" | python3 -c 'import re,sys; print(re.search(r"name=\"csrf\" value=\"([^\"]+)\"", sys.stdin.read()).group(1))')"
curl -fsS -b "$JAR_FILE" -c "$JAR_FILE" -o /dev/null -d "csrf=$CSRF&username=admin&password=$PASSWORD" "$BASE/login"
SESSION="$(awk '$6 == "signet_session" {print $7}' "$JAR_FILE")"
[[ -n "$SESSION" ]] || { echo "login failed" >&2; exit 1; }
FIRST="$(curl -fsS -H "Cookie: signet_session=$SESSION" "$BASE/application/saml/aws/sso/binding/init")"
[[ "$FIRST" == *SAMLResponse* ]] || { echo "SSO did not answer with a SAMLResponse" >&2; exit 1; }

run() { # NAME URL
  local out
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: signet_session=$SESSION" "$2")"
  echo "$out" >"$WORK/$1.wrk"
  python3 - "$1" "$WORK/$1.wrk" <<'PY'
import re, sys
name, text = sys.argv[1], open(sys.argv[2]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
def lat(p):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)" % p, text, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
print("%-10s %9.1f req/s   p50 %7.2f ms   p99 %7.2f ms%s%s" % (name, rps, lat(50), lat(99),
      "   NON-2XX: " + non2xx.group(1) if non2xx else "", "   socket errors: " + errors.group(1) if errors else ""))
open(sys.argv[2] + ".rps", "w").write(str(rps))
PY
}

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores"
run warmup "$BASE/application/saml/aws/sso/binding/init" >/dev/null
run baseline "$BASE/health/live"
run aws "$BASE/application/saml/aws/sso/binding/init"
run both "$BASE/application/saml/both/sso/binding/init"
python3 - "$WORK" <<'PY'
import sys
w = sys.argv[1]
rate = lambda n: float(open("%s/%s.wrk.rps" % (w, n)).read())
base = rate("baseline")
for n in ("aws", "both"):
    print("%-10s %.3f of the baseline (GET /health/live on the same server)" % (n, rate(n) / base))
PY
