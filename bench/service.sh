# Sourced by bench/run.sh and bench/startup.sh: how the benchmarks launch the packaged service.
# Needs ROOT (the project) and JAR (the packaged quarkus-run.jar) set by the caller.

# launch_service PORT HOST:PORT DB USER PASSWORD LOG JAVA [JVM OPTIONS...]
# Starts the service in the background with the benchmarks' settings (sandbox gateway, dev JWT key,
# scheduled jobs off, metrics refresh 1 h) on PORT, against PostgreSQL HOST:PORT/DB; sets LAUNCHED_PID.
launch_service() {
  local port=$1 hostport=$2 db=$3 user=$4 pass=$5 logf=$6 java=$7
  shift 7
  env QUARKUS_HTTP_PORT="$port" \
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$hostport/$db" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$hostport/$db" \
    QUARKUS_DATASOURCE_USERNAME="$user" QUARKUS_DATASOURCE_PASSWORD="$pass" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$ROOT/src/main/resources/devkeys/publicKey.pem" \
    MP_JWT_VERIFY_ISSUER=https://auth.orderpay.dev \
    PAYMENTS_SANDBOX_ENABLED=true PAYMENTS_GATEWAY_API_KEY=sk_test_sandbox \
    PAYMENTS_GATEWAY_WEBHOOK_SECRET=whsec_bench_only \
    PAYMENTS_JOBS_SCHEDULED=false PAYMENTS_METRICS_REFRESH=1h \
    "$java" "$@" -jar "$JAR" >"$logf" 2>&1 &
  LAUNCHED_PID=$!
}
