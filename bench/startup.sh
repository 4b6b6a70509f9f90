#!/usr/bin/env bash
# orderpay cold start (issue #13 item 3): time from launch to /q/health/ready 200 of the packaged
# service on an already migrated database, one fresh JVM per start. See README "Benchmark".
#
#   bench/startup.sh db [DIR]      start a PostgreSQL of its own in DIR (default /tmp/orderpay-startup),
#                                  migrate it with one start of the service, print its URL; `db stop` stops it
#   bench/startup.sh once [OPTS]   one start: launch, wait for ready, print "ready_ms cpu_ms rss_mb", kill
#   bench/startup.sh train OUT     one start ended gracefully after a few requests, for class-data archives
#   bench/startup.sh runs N [OPTS] N starts in turn; prints each and min/median/max
#   bench/startup.sh jdk25         the java of this machine's JDK 25 (JAVA_VERSION="25… in its release file), or nothing
#   bench/startup.sh aot-check     Dockerfile.jvm-aot's steps on this machine's JDK 25: the aot-jar in
#                                  target/aot (quarkus-run.jar), its AOT cache trained and then required
#
# OPTS are JVM options (e.g. '-XX:SharedArchiveFile=target/app.jsa'). Environment: JAVA (default
# java), JAR (default target/quarkus-app/quarkus-run.jar), STARTUP_DB (postgresql://user:pw@host:port/db,
# default the one `db` started), STARTUP_TIMEOUT (seconds to wait for ready, default 600). Nothing
# here asserts a time: it only measures.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
JAVA=${JAVA:-java}
JAR=${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
DIR_DEFAULT=/tmp/orderpay-startup
# shellcheck source=bench/service.sh
. "$HERE/service.sh"


db_url() {
  if [ -n "${STARTUP_DB:-}" ]; then echo "$STARTUP_DB"; return; fi
  cat "$DIR_DEFAULT/url" 2>/dev/null || { echo "no database: run bench/startup.sh db, or set STARTUP_DB" >&2; exit 2; }
}

# start the service with the bench's settings; sets PID. $1: JVM options, $2: log file
launch() {
  local url=$1; shift
  [[ "$url" =~ ^postgres(ql)?://([^:@/]+)(:([^@/]*))?@([^/]+)/([^?]+) ]] || { echo "bad URL $url" >&2; exit 2; }
  local user=${BASH_REMATCH[2]} pass=${BASH_REMATCH[4]} hostport=${BASH_REMATCH[5]} db=${BASH_REMATCH[6]}
  # a random start, so that two measurements running at once do not take the same port
  PORT=$(free_port $(( 20000 + RANDOM % 20000 )))
  local opts=$1 logf=$2
  # shellcheck disable=SC2086
  launch_service "$PORT" "$hostport" "$db" "$user" "$pass" "$logf" "$JAVA" $opts
  PID=$LAUNCHED_PID
}
wait_ready() {
  local deadline=$(( $(date +%s) + ${STARTUP_TIMEOUT:-600} ))
  until kill -0 "$PID" 2>/dev/null && curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && kill -0 "$PID" 2>/dev/null; do
    if ! kill -0 "$PID" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
      tail -30 "$1" >&2; echo "the service did not become ready" >&2; kill -9 "$PID" 2>/dev/null || true; exit 1
    fi
    sleep 0.02
  done
}
# CPU milliseconds (user + system) the process has used so far
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

once() { # $1: JVM options; prints ready_ms cpu_ms rss_mb
  local logf t0 ms
  logf=$(mktemp /tmp/orderpay-startup-svc.XXXXXX)
  t0=$(date +%s%N)
  launch "$(db_url)" "${1:-}" "$logf"
  wait_ready "$logf"
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo "$ms $(cpu_ms "$PID") $(rss_mb "$PID")"
  kill -9 "$PID"; wait "$PID" 2>/dev/null || true
  rm -f "$logf"
}

# jdk25: the java of the first JDK 25 under /usr/lib/jvm (by its `release` file), or nothing
jdk25() {
  local r
  for r in /usr/lib/jvm/*/release; do
    if [ -x "$(dirname "$r")/bin/java" ] && grep -q '^JAVA_VERSION="25[."]' "$r"; then
      echo "$(dirname "$r")/bin/java"; return
    fi
  done
}

case "${1:-}" in
  jdk25) jdk25 ;;
  db)
    DIR=${2:-$DIR_DEFAULT}
    if [ "$DIR" = stop ]; then
      PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
      as_pg "$PG_BIN/pg_ctl" -D "$DIR_DEFAULT/pgdata" -m fast -w stop; exit 0
    fi
    command -v psql >/dev/null && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 \
      || { echo "needs Debian's postgresql-15 and postgresql-client-15 (bench/run.sh installs them)" >&2; exit 2; }
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    PG_PORT=$(free_port 56432)
    mkdir -p "$DIR/pgdata"; chmod 755 "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR/pgdata" "$DIR"
    as_pg "$PG_BIN/initdb" -D "$DIR/pgdata" -U postgres --auth=trust -E UTF8 >/dev/null
    printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n" "$PG_PORT" "$DIR" >>"$DIR/pgdata/postgresql.conf"
    as_pg "$PG_BIN/pg_ctl" -D "$DIR/pgdata" -l "$DIR/server.log" -w start >/dev/null
    psql "postgresql://postgres@127.0.0.1:$PG_PORT/postgres" -qAt \
      -c "create role orderpay login password 'orderpay'" -c "create database orderpay owner orderpay" >/dev/null
    echo "postgresql://orderpay:orderpay@127.0.0.1:$PG_PORT/orderpay" >"$DIR/url"
    STARTUP_DB=$(cat "$DIR/url") once "" >/dev/null   # the first start migrates
    cat "$DIR/url" ;;
  once) once "${2:-}" ;;
  train)
    # a start ended by SIGTERM (the JVM writes -XX:ArchiveClassesAtExit / -XX:AOTCacheOutput archives
    # at a normal exit) after the probes and a few API requests, so their classes are in the archive too
    OUT_OPTS=${2:?JVM options that write the archive}
    logf=$(mktemp /tmp/orderpay-startup-train.XXXXXX)
    launch "$(db_url)" "$OUT_OPTS" "$logf"
    wait_ready "$logf"
    for p in /q/health/live /q/health/started /v1/service-types /v1/orders/unpaid /q/metrics; do
      curl -s -o /dev/null "http://127.0.0.1:$PORT$p" || true
    done
    kill -TERM "$PID"; wait "$PID" 2>/dev/null || true
    tail -3 "$logf"; rm -f "$logf" ;;
  runs)
    N=${2:?count}; OPTS=${3:-}
    starts=$(for i in $(seq "$N"); do once "$OPTS"; done | tee /dev/stderr)
    # column K's value at rank R of N sorted lines (plain sort/sed: no gawk needed)
    at() { echo "$starts" | sort -n -k"$1","$1" | sed -n "$2p" | cut -d' ' -f"$1"; }
    mid=$(( (N + 1) / 2 ))
    echo "ready ms min $(at 1 1) median $(at 1 "$mid") max $(at 1 "$N"); cpu ms median $(at 2 "$mid"); rss MB median $(at 3 "$mid") ($N starts)" ;;
  aot-check)
    # what Dockerfile.jvm-aot does (issue #13 item 3), on this machine's JDK 25: the aot-jar package
    # (into target/aot, beside the fast-jar) and src/main/docker/aot-train.sh with the shipped JVM
    # options, which trains without a database and then requires the JDK to use the cache
    J25=${JAVA25:-$(jdk25)}
    [ -n "$J25" ] && [ -x "$J25" ] || { echo "aot-check needs a JDK 25 (JAVA25=/path/to/bin/java)" >&2; exit 2; }
    (cd "$ROOT" && JAVA_HOME=$(dirname "$(dirname "$J25")") ./mvnw -B -ntp -q package -DskipTests \
      -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=aot)
    APP=$ROOT/target/aot
    # shellcheck disable=SC2046
    JAVA=$J25 "$ROOT/src/main/docker/aot-train.sh" "$APP" "$APP/app.aot" $(cat "$ROOT/src/main/docker/java-opts") ;;
  *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
