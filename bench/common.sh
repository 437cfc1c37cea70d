# Shared by the bench/ scripts (sourced, not run): the build directory, building what a benchmark
# needs when sources are newer, and a temporary work directory that takes a started server down with it.
# Expects to be sourced from the project root with `set -euo pipefail` on.

BUILD_DIR="${SIGNET_BUILD_DIR:-$PWD/target}"
MVN=(mvn -q)
if [[ "$BUILD_DIR" != "$PWD/target" ]]; then
  MVN+=("-Dsignet.build.dir=$BUILD_DIR")
fi

# Offline when the local repository already has everything, online (first build) otherwise.
mvn_goal() {
  "${MVN[@]}" -o "$@" 2>/dev/null || "${MVN[@]}" "$@"
}

# Sets CP to the test classes, the classes and the dependencies; compiles the tests first when the
# given class is missing or older than any source. The dependency classpath is cached per pom.xml.
test_classpath() {
  local stamp="$BUILD_DIR/test-classes/$1"
  if [[ ! -f "$stamp" || ! -f "$BUILD_DIR/test-classes/META-INF/BenchmarkList" \
        || -n "$(find src pom.xml -newer "$stamp" -type f -print -quit)" ]]; then
    echo "building test classes (mvn test-compile) ..." >&2
    mvn_goal -DskipTests test-compile
  fi
  local cp_file="$BUILD_DIR/bench-classpath.txt"
  if [[ ! -s "$cp_file" || pom.xml -nt "$cp_file" ]]; then
    mvn_goal dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
  fi
  CP="$BUILD_DIR/test-classes:$BUILD_DIR/classes:$(cat "$cp_file")"
}

# Sets JAR to the packaged server, building it when missing or older than any source.
server_jar() {
  JAR="$BUILD_DIR/signet.jar"
  if [[ ! -f "$JAR" || -n "$(find src pom.xml -newer "$JAR" -type f -print -quit)" ]]; then
    echo "building $JAR (mvn package) ..." >&2
    mvn_goal -DskipTests package
  fi
}

# Sets WORK to a new temporary directory, removed on exit together with the server whose PID is in PID.
work_dir() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/signet-$1.XXXXXX")"
  PID=""
  trap cleanup EXIT
}

cleanup() {
  if [[ -n "${PID:-}" ]] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}

# A TCP port on 127.0.0.1 nothing listens on.
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  echo "no free port found" >&2
  exit 1
}
