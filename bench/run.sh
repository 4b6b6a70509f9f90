#!/usr/bin/env bash
# orderpay benchmark (issue #13): the packaged service against the same SQL run by pgbench, on one
# machine. See README "Benchmark". Writes bench/results/<date>.md.
#
#   bench/run.sh [--smoke] [--orders N] [--customers N] [--runs N] [--duration S] [--warmup S]
#                [--instances N] [--scenarios search|pay|search,pay]
#                [--external-pg URL [--reuse-data]] [--jvm-opts 'OPTS'] [--build] [--out FILE]
#                [--app DIR] [--java PATH]
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
ORDERS=1000000
CUSTOMERS=
RUNS=5
DURATION=30
WARMUP=
EXTERNAL_PG=
# the JVM options the images ship (README "Memory"); --jvm-opts replaces them
JVM_OPTS=$(cat "$(dirname "$0")/../src/main/docker/java-opts")
BUILD=0
SMOKE=0
OUT=
THREADS=2
CONNECTIONS=32
INSTANCES=1
SCENARIOS=search,pay
REUSE=0
APP=
JAVA_BIN=java

usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1 ;;
    --orders) ORDERS=$2; shift ;;
    --customers) CUSTOMERS=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --external-pg) EXTERNAL_PG=$2; shift ;;
    --jvm-opts) JVM_OPTS=$2; shift ;;
    --instances) INSTANCES=$2; shift ;;
    --scenarios) SCENARIOS=$2; shift ;;
    --reuse-data) REUSE=1 ;;
    --build) BUILD=1 ;;
    --app) APP=$2; shift ;;
    --java) JAVA_BIN=$2; shift ;;
    --out) OUT=$2; shift ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage 2 ;;
  esac
  shift
done
if [ "$SMOKE" = 1 ]; then
  ORDERS=20000; CUSTOMERS=${CUSTOMERS:-200}; RUNS=1; DURATION=5; WARMUP=${WARMUP:-5}
fi
CUSTOMERS=${CUSTOMERS:-$(( ORDERS / 100 > 0 ? ORDERS / 100 : 1 ))}
case "$INSTANCES" in 1|2) ;; *) echo "--instances takes 1 or 2 (wrk's 2 threads and 32 connections are split between them)" >&2; exit 2 ;; esac
case ",$SCENARIOS," in *,search,*|*,pay,*) ;; *) echo "--scenarios takes search, pay or search,pay" >&2; exit 2 ;; esac
wants() { [[ ",$SCENARIOS," == *",$1,"* ]]; }
WARMUP=${WARMUP:-$DURATION}
if [ $(( ORDERS / CUSTOMERS )) -lt 34 ]; then
  echo "need at least 34 orders per customer (pay-30 captures a block of 30 after warm-ups)" >&2; exit 2
fi
OUT=${OUT:-$HERE/results/$(date -u +%Y-%m-%d)$([ "$SMOKE" = 1 ] && echo -smoke || true).md}

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- tools (Debian packages) --------------------------------------------------------------
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
command -v pgbench >/dev/null || need+=(postgresql-client-15)
command -v psql >/dev/null || need+=(postgresql-client-15)
if [ -z "$EXTERNAL_PG" ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then need+=(postgresql-15); fi
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "missing: ${need[*]} (install them, or run as root)" >&2; exit 2; }
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 install -y "${need[@]}" >/dev/null 2>&1 \
    || { apt-get -o DPkg::Lock::Timeout=600 update >/dev/null && apt-get -o DPkg::Lock::Timeout=600 install -y "${need[@]}" >/dev/null; }
fi

JAR=${APP:-$ROOT/target/quarkus-app}/quarkus-run.jar
[ -z "$APP" ] || [ -f "$JAR" ] || { echo "--app $APP: no quarkus-run.jar there" >&2; exit 2; }
# shellcheck source=bench/service.sh
. "$HERE/service.sh"
# a jar older than the sources would measure code that is no longer there (--app: measured as given)
if [ -z "$APP" ] && { [ "$BUILD" = 1 ] || [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main/java" "$ROOT/src/main/resources" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; }; then
  log "building the packaged service (./mvnw package -DskipTests)"
  (cd "$ROOT" && ./mvnw -B -ntp -q package -DskipTests)
fi
# BenchTool runs on the service's own jose4j and Jackson
LIB=$(dirname "$JAR")/lib/main
TOOL_CP=$(ls "$LIB"/org.bitbucket.b_c.jose4j-*.jar "$LIB"/com.fasterxml.jackson.core.jackson-*.jar "$LIB"/org.slf4j.slf4j-api-*.jar | tr '\n' :)
TOOL=(java -Dslf4j.internal.verbosity=ERROR -cp "$TOOL_CP" "$HERE/BenchTool.java")

WORK=$(mktemp -d /tmp/orderpay-bench.XXXXXX)
chmod 755 "$WORK"
SVC_PID=
SVC_PIDS=()
PG_DATA=
cleanup() {
  local pid
  for pid in "${SVC_PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  if [ -n "$PG_DATA" ]; then as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true; fi
  [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

# --- PostgreSQL ---------------------------------------------------------------------------
if [ -z "$EXTERNAL_PG" ]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_PORT=$(free_port 55432)
  PG_DATA=$WORK/pgdata
  mkdir -p "$PG_DATA" "$WORK/pglog"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DATA" "$WORK/pglog"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >/dev/null
  cat >>"$PG_DATA/postgresql.conf" <<EOF
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK/pglog'
max_connections = 100
shared_buffers = 1GB
logging_collector = on
log_destination = 'jsonlog'
log_directory = '$WORK/pglog'
log_filename = 'postgresql.log'
EOF
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PG_PORT ($PG_DATA)"
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pglog/server.log" -w start >/dev/null
  ADMIN_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
  psql "$ADMIN_URL" -qAt -c "create role orderpay login password 'orderpay'" -c "create database orderpay owner orderpay" >/dev/null
  DB_URL="postgresql://orderpay:orderpay@127.0.0.1:$PG_PORT/orderpay"
  SUPER_URL="postgresql://postgres@127.0.0.1:$PG_PORT/orderpay"
  DB_HOSTPORT=127.0.0.1:$PG_PORT; DB_NAME=orderpay; DB_USER=orderpay; DB_PASS=orderpay
else
  # postgresql://user:password@host:port/db; capture needs a superuser and log_destination=jsonlog
  [[ "$EXTERNAL_PG" =~ ^postgres(ql)?://([^:@/]+)(:([^@/]*))?@([^/]+)/([^?]+) ]] \
    || { echo "--external-pg wants postgresql://user:password@host:port/db" >&2; exit 2; }
  DB_USER=${BASH_REMATCH[2]}; DB_PASS=${BASH_REMATCH[4]}; DB_HOSTPORT=${BASH_REMATCH[5]}; DB_NAME=${BASH_REMATCH[6]}
  DB_URL=$EXTERNAL_PG; SUPER_URL=$EXTERNAL_PG
  log "external PostgreSQL $DB_HOSTPORT/$DB_NAME"
fi
PG_VERSION=$(psql "$DB_URL" -qAt -c "show server_version")

# --- the service --------------------------------------------------------------------------
HTTP_PORT=$(free_port 18080)
BASE=http://127.0.0.1:$HTTP_PORT
BASES=("$BASE")
if [ "$INSTANCES" = 2 ]; then BASES+=("http://127.0.0.1:$(free_port $(( HTTP_PORT + 1 )))"); fi
SVC_PIDS=()
READY_MS=
start_service() { # $1: tag; starts $INSTANCES services at once; sets SVC_PIDS and READY_MS (launch to every /q/health/ready = 200)
  local t0 deadline i pid
  t0=$(date +%s%N); deadline=$(( $(date +%s) + 180 ))
  SVC_PIDS=()
  for i in "${!BASES[@]}"; do
    # shellcheck disable=SC2086
    launch_service "${BASES[$i]##*:}" "$DB_HOSTPORT" "$DB_NAME" "$DB_USER" "$DB_PASS" "$WORK/service-$1-$i.log" "$JAVA_BIN" $JVM_OPTS
    SVC_PIDS+=("$LAUNCHED_PID")
  done
  SVC_PID=${SVC_PIDS[0]}
  for i in "${!BASES[@]}"; do
    pid=${SVC_PIDS[$i]}
    until curl -sf -o /dev/null "${BASES[$i]}/q/health/ready"; do
      if ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
        tail -40 "$WORK/service-$1-$i.log" >&2; echo "the service did not become ready" >&2; exit 1
      fi
      sleep 0.05
    done
  done
  READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
stop_service() {
  local pid
  for pid in "${SVC_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SVC_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  SVC_PIDS=(); SVC_PID=
}
rss_mb() { # the services' resident memory, summed
  local pid kb=0
  for pid in "${SVC_PIDS[@]}"; do kb=$(( kb + $(awk '/VmRSS/ { print $2 }' "/proc/$pid/status") )); done
  echo $(( kb / 1024 ))
}

log "first start: Flyway migrates the empty database"
start_service migrate
stop_service
if [ "$REUSE" = 1 ] && [ "$(psql "$DB_URL" -qAt -c "select (select count(*) from customer_order where order_id like 'bench-o%')
      || '/' || (select count(*) from customer where customer_id like 'bench-c%')")" = "$ORDERS/$CUSTOMERS" ]; then
  # an external database loaded by an earlier run with the same sizes (loading 10M orders takes long)
  log "reusing the $ORDERS orders over $CUSTOMERS customers already loaded"
  psql "$DB_URL" -q -f "$HERE/reset.sql" >/dev/null   # undo what an interrupted run may have paid
  LOAD_S="(reused; an earlier run loaded them)"
else
  log "loading $ORDERS orders over $CUSTOMERS customers"
  t0=$(date +%s)
  psql "$DB_URL" -q -v customers="$CUSTOMERS" -v orders="$ORDERS" -f "$HERE/load.sql" >/dev/null
  LOAD_S="in $(( $(date +%s) - t0 )) s"
fi
log "loaded $LOAD_S"
"${TOOL[@]}" tokens "$ROOT/src/main/resources/devkeys/privateKey.pem" https://auth.orderpay.dev "$CUSTOMERS" "$WORK/tokens.txt"

reset_db() { quiesce; psql "$DB_URL" -q -f "$HERE/reset.sql" >/dev/null; }
quiesce() { # until requests cut off at the end of a run have finished: no other session of the
  # database busy or inside a transaction, and the payment count stable for 1 s (at most 60 s)
  local a b i busy
  a=$(psql "$DB_URL" -qAt -c "select count(*) from payment")
  for (( i = 0; i < 60; i++ )); do
    sleep 1
    b=$(psql "$DB_URL" -qAt -c "select count(*) from payment")
    busy=$(psql "$DB_URL" -qAt -c "select count(*) from pg_stat_activity where datname = current_database()
                                     and pid <> pg_backend_pid() and state not in ('idle')")
    [ "$a" = "$b" ] && [ "$busy" = 0 ] && return
    a=$b
  done
}
verify() { # $1: label, $2: answers CSV or empty
  local args=(-v inflight="$CONNECTIONS") msg
  quiesce
  [ -n "$2" ] && args+=(-v answers="$2")
  if msg=$(psql "$DB_URL" -q "${args[@]}" -f "$HERE/verify.sql" 2>&1); then
    echo "$1: $(grep -o 'NOTICE:  .*' <<<"$msg" | sed 's/NOTICE:  //')" >>"$WORK/verify.txt"
  else
    echo "$1: FAILED $(grep -o 'ERROR:  .*' <<<"$msg" | sed 's/ERROR:  //')" >>"$WORK/verify.txt"; log "verify failed ($1): $msg"
  fi
}

# --- capture: the statements one request of each kind sends ----------------------------------
token() { sed -n "${1}p" "$WORK/tokens.txt"; }
oid() { printf 'bench-o%08d' "$1"; }
pay_body() { # customer, first k, n
  local ids=() k
  for (( k = $2; k < $2 + $3; k++ )); do ids+=("\"$(oid $(( k * CUSTOMERS + $1 )))\""); done
  local IFS=,; printf '{"order_ids":[%s],"method":"monthly_settlement"}' "${ids[*]}"
}
request() { # kind customer [k n key]
  if [ "$1" = search ]; then
    curl -sf -o /dev/null -H "Authorization: Bearer $(token "$2")" "$BASE/v1/orders/unpaid?limit=10"
  else
    curl -sf -o /dev/null -H "Authorization: Bearer $(token "$2")" -H 'Content-Type: application/json' \
      -H "Idempotency-Key: $5" -d "$(pay_body "$2" "$3" "$4")" "$BASE/v1/payments"
  fi
}
LOGFILE=
log_size() { psql "$SUPER_URL" -qAt -c "select coalesce((pg_stat_file('$LOGFILE')).size, 0)"; }
capture() { # kind file request-args...: captures one request's statements into file (jsonlog lines)
  local kind=$1 file=$2 from to; shift 2
  psql "$SUPER_URL" -qAt -c "alter system set log_statement = 'all'" -c "select pg_reload_conf()" >/dev/null
  sleep 0.5
  from=$(log_size)
  request "$@"
  sleep 0.5
  to=$(log_size)
  psql "$SUPER_URL" -qAt -c "alter system reset log_statement" -c "select pg_reload_conf()" >/dev/null
  psql "$SUPER_URL" -qAt -c "select pg_read_file('$LOGFILE', $from, $(( to - from )))" \
    | grep -v '"application_name":"psql"' | grep '"backend_type":"client backend"' >"$file" || true
}
declare -A RT
CAPTURED=0
start_service capture
LOGFILE=$(psql "$SUPER_URL" -qAt -c "select pg_current_logfile('jsonlog')" 2>/dev/null || true)
if [ -n "$LOGFILE" ]; then
  log "capturing the statements of one search, one pay-1 and one pay-30"
  request search 1; request search 1
  capture search "$WORK/cap-search.json" search 1
  request pay 1 0 1 bench-w1; request pay 1 1 1 bench-w2
  capture pay1 "$WORK/cap-pay1.json" pay 1 2 1 bench-cap-1
  request pay 3 0 30 bench-w3
  capture pay30 "$WORK/cap-pay30.json" pay 2 0 30 bench-cap-30
  # each prints "<round trips> (<statements> statements)"
  RT[search]=$("${TOOL[@]}" script "$WORK/cap-search.json" search "$CUSTOMERS" 1 "$WORK/search.pgbench")
  RT[pay1]=$("${TOOL[@]}" script "$WORK/cap-pay1.json" pay1 "$CUSTOMERS" 1 $(( 2 * CUSTOMERS + 1 )) "$WORK/pay1.pgbench")
  pay30_orders=(); for (( k = 0; k < 30; k++ )); do pay30_orders+=($(( k * CUSTOMERS + 2 ))); done
  RT[pay30]=$("${TOOL[@]}" script "$WORK/cap-pay30.json" pay30 "$CUSTOMERS" 2 "${pay30_orders[@]}" "$WORK/pay30.pgbench")
  CAPTURED=1
  log "round trips per request: search ${RT[search]}, pay-1 ${RT[pay1]}, pay-30 ${RT[pay30]}"
else
  log "no jsonlog on this PostgreSQL (or not a superuser): no capture, no raw-SQL columns"
fi
stop_service
reset_db

# --- runs ---------------------------------------------------------------------------------
export BENCH_LUA=$HERE/lua BENCH_TOKENS=$WORK/tokens.txt BENCH_CUSTOMERS=$CUSTOMERS BENCH_ORDERS=$ORDERS \
  BENCH_THREADS=$THREADS
RESULTS=$WORK/results.tsv
: >"$RESULTS"
record() { printf '%s\n' "$*" | tr ' ' '\t' >>"$RESULTS"; }

CLK_TCK=$(getconf CLK_TCK)
svc_cpu_ticks() { # user + system CPU ticks of the service processes so far (/proc/PID/stat fields 14, 15); "?" if one is gone
  local pid sum=0 f
  for pid in "${SVC_PIDS[@]}"; do
    f=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || { echo '?'; return; }
    set -- $f; sum=$(( sum + ${12} + ${13} ))
  done
  echo "$sum"
}

wrk_run() { # run scenario phase seconds lua [payN]
  local run=$1 scen=$2 phase=$3 secs=$4 lua=$5 line i per_t per_c cpu0
  cpu0=$(svc_cpu_ticks)
  export BENCH_PAY_N=${6:-1} BENCH_RUN_ID="r$run-$scen-$phase" BENCH_ANSWERS=$WORK/answers-$run-$scen-$phase
  mkdir -p "$BENCH_ANSWERS"
  if [ "$INSTANCES" = 1 ]; then
    line=$(BENCH_TID_BASE=0 wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 10s -s "$HERE/lua/$lua.lua" "$BASE" | grep '^BENCH ')
  else
    # one wrk per instance with its share of threads and connections; thread numbers (and so the
    # orders pay.lua picks) never overlap. Summed: requests, rps, errors, created; p50/p99: the
    # higher of the two processes (percentiles of the union are not recoverable from wrk's output)
    per_t=$(( THREADS / INSTANCES > 0 ? THREADS / INSTANCES : 1 )); per_c=$(( CONNECTIONS / INSTANCES ))
    local wrks=()
    for i in "${!BASES[@]}"; do
      BENCH_TID_BASE=$(( i * per_t )) BENCH_THREADS=$(( per_t * INSTANCES )) \
        wrk -t"$per_t" -c"$per_c" -d"${secs}s" --timeout 10s -s "$HERE/lua/$lua.lua" "${BASES[$i]}" \
        | grep '^BENCH ' >"$WORK/wrk-$i.out" &
      wrks+=($!)
    done
    wait "${wrks[@]}"   # not a bare wait: the services run in the background too
    line=$(cat "$WORK"/wrk-*.out | awk '{
        for (f = 2; f <= NF; f++) { split($f, kv, "="); k = kv[1]; v = kv[2] + 0
          if (k == "p50_ms" || k == "p99_ms" || k == "duration_us") { if (v > m[k]) m[k] = v } else m[k] += v
          if (!(k in seen)) { seen[k] = 1; order[++n] = k } } }
      END { printf "BENCH"; for (j = 1; j <= n; j++) { k = order[j]
              printf (k == "rps" || k ~ /_ms$/) ? " %s=%.2f" : " %s=%d", k, m[k] } print "" }')
    rm -f "$WORK"/wrk-*.out
  fi
  # the service's CPU per answered request (ms; user + system, all instances): the service's own cost,
  # apart from the database and wrk that share the machine
  local cpu1; cpu1=$(svc_cpu_ticks)
  if [ "$cpu0" = '?' ] || [ "$cpu1" = '?' ]; then
    line="$line cpu_ms=?"
  else
    line="$line cpu_ms=$(awk -v t="$(( cpu1 - cpu0 ))" -v hz="$CLK_TCK" -v l="$line" 'BEGIN {
      n = split(l, f, " "); r = 0; for (i = 1; i <= n; i++) if (f[i] ~ /^requests=/) { sub(/^requests=/, "", f[i]); r = f[i] + 0 }
      printf "%.2f", (r > 0 ? t * 1000 / hz / r : 0) }')"
  fi
  log "run $run $scen $phase: ${line#BENCH }"
  [ "$phase" = warmup ] || record "$run $scen $phase service $line"
}
answers() { cat "$WORK/answers-$1"/*.csv >"$WORK/answers-$1.csv" 2>/dev/null || : >"$WORK/answers-$1.csv"; echo "$WORK/answers-$1.csv"; }
pgbench_run() { # run scenario script
  local run=$1 scen=$2 out tps failed lat
  rm -f "$WORK"/pgblog*
  out=$(cd "$WORK" && pgbench "$DB_URL" -n -M prepared -c"$CONNECTIONS" -j"$THREADS" -T"$DURATION" \
        -D nclients="$CONNECTIONS" -D n=0 -l --log-prefix=pgblog -f "$WORK/$3.pgbench" 2>&1) || true
  tps=$(awk -F'= ' '/^tps = / { split($2, a, " "); print a[1] }' <<<"$out" | tail -1)
  failed=$(awk '/number of failed transactions/ { print $5 }' <<<"$out")
  failed=${failed:-0}
  if grep -q 'aborted' <<<"$out"; then failed="$failed+aborted"; log "pgbench: $(grep -m3 -i 'error\|abort' <<<"$out")"; fi
  lat=$(cat "$WORK"/pgblog* | awk '{ print $3 }' | sort -n | awk '{ v[NR] = $1 } END {
        i50 = int(NR * 0.50); if (i50 < 1) i50 = 1; i99 = int(NR * 0.99); if (i99 < 1) i99 = 1;
        printf "p50_ms=%.2f p99_ms=%.2f requests=%d", v[i50] / 1000, v[i99] / 1000, NR }')
  log "run $run $scen sql: tps=$tps $lat failed=$failed"
  record "$run $scen warm sql BENCH rps=${tps:-0} $lat non2xx=$failed"
}

READY=(); RSS_IDLE=(); RSS_LOAD=()
for (( run = 1; run <= RUNS; run++ )); do
  log "run $run of $RUNS"
  if wants search; then
    # search: fresh JVM, then warmed
    start_service "r$run-search"; READY+=("$READY_MS"); RSS_IDLE+=("$(rss_mb)")
    wrk_run "$run" search fresh "$DURATION" search
    wrk_run "$run" search warmup "$WARMUP" search
    wrk_run "$run" search warm "$DURATION" search
    wants pay || RSS_LOAD+=("$(rss_mb)")
    stop_service
  fi
  if wants pay; then
    # pay: fresh JVM (pay-1), then warmed pay-1 and pay-30
    start_service "r$run-pay"; READY+=("$READY_MS")
    wants search || RSS_IDLE+=("$(rss_mb)")
    wrk_run "$run" pay1 fresh "$DURATION" pay 1
    verify "run $run pay-1 fresh" "$(answers "$run-pay1-fresh")"; reset_db
    wrk_run "$run" pay1 warmup "$WARMUP" pay 1
    verify "run $run pay-1 warm-up" "$(answers "$run-pay1-warmup")"; reset_db
    wrk_run "$run" pay1 warm "$DURATION" pay 1
    verify "run $run pay-1 warmed" "$(answers "$run-pay1-warm")"; reset_db
    wrk_run "$run" pay30 warmup "$WARMUP" pay 30
    verify "run $run pay-30 warm-up" "$(answers "$run-pay30-warmup")"; reset_db
    wrk_run "$run" pay30 warm "$DURATION" pay 30
    verify "run $run pay-30 warmed" "$(answers "$run-pay30-warm")"; reset_db
    RSS_LOAD+=("$(rss_mb)")
    stop_service
  fi
  # the same statements, straight from pgbench
  if [ "$CAPTURED" = 1 ]; then
    if wants search; then pgbench_run "$run" search search; fi
    if wants pay; then
      pgbench_run "$run" pay1 pay1; verify "run $run pay-1 raw SQL" ""; reset_db
      pgbench_run "$run" pay30 pay30; verify "run $run pay-30 raw SQL" ""; reset_db
    fi
  fi
done
: >>"$WORK/verify.txt"

# --- report -------------------------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
{
  echo "# orderpay benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "\`bench/run.sh$([ "$SMOKE" = 1 ] && echo ' --smoke') --orders $ORDERS --customers $CUSTOMERS --runs $RUNS --duration $DURATION --warmup $WARMUP$([ "$INSTANCES" != 1 ] && echo " --instances $INSTANCES")$([ "$SCENARIOS" != search,pay ] && echo " --scenarios $SCENARIOS")$([ -n "$JVM_OPTS" ] && echo " --jvm-opts '$JVM_OPTS'")$([ -n "$APP" ] && echo " --app $APP")$([ "$JAVA_BIN" != java ] && echo " --java $JAVA_BIN")\`"
  echo "at commit $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (with local changes)')."
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo);"
  echo "$("$JAVA_BIN" -version 2>&1 | head -1)$([ -n "$APP" ] && echo " (package $APP)"); PostgreSQL $PG_VERSION$([ -n "$EXTERNAL_PG" ] && echo ' (external)' || echo ', own data dir, shared_buffers 1GB');"
  echo "wrk -t$THREADS -c$CONNECTIONS against $([ "$INSTANCES" = 2 ] && echo "two service instances on the same database (one wrk -t1 -c16 each; p50/p99 are the higher of the two)" || echo "the service")$([ "$SCENARIOS" != search,pay ] && echo ", scenarios: $SCENARIOS"); pgbench -M prepared -c$CONNECTIONS -j$THREADS with the statements the service sent (captured from PostgreSQL's log)."
  echo "Data: $ORDERS unpaid orders over $CUSTOMERS customers, one line item each, loaded $LOAD_S."
  echo
  java -Dbench.duration="$DURATION" -cp "$TOOL_CP" "$HERE/BenchTool.java" report "$RESULTS" "${RT[search]:-}" "${RT[pay1]:-}" "${RT[pay30]:-}"
  echo
  echo "Time to ready (launch to /q/health/ready 200, migrated database): $(printf '%s\n' "${READY[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f–%.2f s (%d starts)", a[1] / 1000, a[NR] / 1000, NR }')."
  echo "RSS: $(printf '%s\n' "${RSS_IDLE[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%d–%d MB", a[1], a[NR] }') just after ready, $(printf '%s\n' "${RSS_LOAD[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%d–%d MB", a[1], a[NR] }') after the $(wants pay && echo "payment runs" || echo "search runs")$([ "$INSTANCES" = 2 ] && echo ", both instances summed") (JVM options: ${JVM_OPTS:-none, default heap})."
  echo
  if wants pay; then
    echo "Each payment run checked in SQL (bench/verify.sql):"
    echo
    sed 's/^/- /' "$WORK/verify.txt"
  fi
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
if grep -q FAILED "$WORK/verify.txt"; then exit 1; fi
