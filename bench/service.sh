# Sourced by bench/run.sh and bench/startup.sh: what both benchmarks share (running PostgreSQL's
# tools as its user, finding a free port, launching the packaged service).
# launch_service needs ROOT (the project) and JAR (the packaged quarkus-run.jar) set by the caller.

# as_pg COMMAND...: runs COMMAND as the postgres user when we are root (PostgreSQL refuses root).
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# free_port FROM: the first TCP port from FROM (up to FROM + 200) that nothing listens on.
free_port() {
  local p
  for p in $(seq "$1" $(( $1 + 200 ))); do
    (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  echo "no free port from $1" >&2; exit 1
}

# launch_service PORT HOST:PORT DB USER PASSWORD LOG JAVA [JVM OPTIONS...]
# Starts the service in the background with the benchmarks' settings (sandbox gateway, dev JWT key,
# scheduled jobs off, metrics refresh 1 h) on PORT, against PostgreSQL HOST:PORT/DB; sets LAUNCHED_PID.
launch_service() {
  local port=$1 hostport=$2 db=$3 user=$4 pass=$5 logf=$6 java=$7
  shift 7
  # started from the package's directory as `-jar quarkus-run.jar`: a JDK AOT cache or class-data
  # archive (-XX:AOTCache, -XX:SharedArchiveFile) only applies on the class path it was made with
  # (src/main/docker/aot-train.sh makes it that way); the log path must then be absolute
  case "$logf" in /*) ;; *) logf=$PWD/$logf ;; esac
  cd "$(dirname "$JAR")" || return 1
  env QUARKUS_HTTP_PORT="$port" \
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$hostport/$db" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$hostport/$db" \
    QUARKUS_DATASOURCE_USERNAME="$user" QUARKUS_DATASOURCE_PASSWORD="$pass" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$ROOT/src/main/resources/devkeys/publicKey.pem" \
    MP_JWT_VERIFY_ISSUER=https://auth.orderpay.dev \
    PAYMENTS_SANDBOX_ENABLED=true PAYMENTS_GATEWAY_API_KEY=sk_test_sandbox \
    PAYMENTS_GATEWAY_WEBHOOK_SECRET=whsec_bench_only \
    PAYMENTS_JOBS_SCHEDULED=false PAYMENTS_METRICS_REFRESH=1h \
    "$java" "$@" -jar quarkus-run.jar >"$logf" 2>&1 &
  LAUNCHED_PID=$!
  cd - >/dev/null
}
