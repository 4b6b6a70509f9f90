#!/usr/bin/env bash
# Trains the JDK 25 AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) of the
# packaged service, without a database, so that an image build can do it (issue #13 item 3).
#
#   aot-train.sh APP_DIR CACHE [JVM OPTIONS...]
#
# APP_DIR is the `aot-jar` package (target/quarkus-app built with -Dquarkus.package.jar.type=aot-jar:
# its classes load through the JDK's own class loaders, which is what the AOT cache can hold; the
# default fast-jar's own class loader is not cached). CACHE is the file to write. The JVM options
# must be the ones the service will run with (GC, heap): the JDK refuses a cache made with another
# GC and then starts without it (-XX:AOTMode=auto: slower, never wrong).
#
# One start from APP_DIR with -XX:AOTCacheOutput=CACHE, on a configuration that needs no database
# (no migration at start, no schema validation, datasources on a closed port, sandbox gateway,
# the bundled development JWT key): the whole boot (Hibernate Reactive, Vert.x, REST, Funqy, health)
# runs, then a few requests (health, OpenAPI, a search without a token, the readiness check that
# finds the database down), then SIGTERM: at a normal exit the JVM writes the cache. Then one more
# start with -XX:AOTMode=on (the JVM refuses to start when it cannot use the cache) must reach
# /q/health/live, so a cache that would be silently skipped fails here (and the image build).
# Needs only bash (HTTP through /dev/tcp). Prints the cache's size and that start's time to live;
# exits 1 if no usable cache was written.
#
# The service run with the cache must start from APP_DIR with the same `-jar quarkus-run.jar`:
#   cd APP_DIR && java [the same JVM OPTIONS] -XX:AOTCache=CACHE -jar quarkus-run.jar
set -euo pipefail

APP_DIR=${1:?APP_DIR}
CACHE=${2:?CACHE}
shift 2
JAVA=${JAVA:-java}
PORT=${AOT_TRAIN_PORT:-18089}
TIMEOUT=${AOT_TRAIN_TIMEOUT:-300}

cd "$APP_DIR"
rm -f "$CACHE"
log=$(mktemp /tmp/orderpay-aot-train.XXXXXX)

# start JVM-OPTIONS...: the service in the background on the training configuration; sets pid
start() {
  QUARKUS_HTTP_PORT=$PORT QUARKUS_HTTP_HOST=127.0.0.1 \
  QUARKUS_FLYWAY_MIGRATE_AT_START=false \
  QUARKUS_HIBERNATE_ORM_SCHEMA_MANAGEMENT_STRATEGY=none \
  QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:9/training \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:9/training \
  QUARKUS_DATASOURCE_USERNAME=training QUARKUS_DATASOURCE_PASSWORD=training \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION=devkeys/publicKey.pem MP_JWT_VERIFY_ISSUER=https://auth.orderpay.dev \
  PAYMENTS_SANDBOX_ENABLED=true PAYMENTS_GATEWAY_API_KEY=sk_test_training \
  PAYMENTS_GATEWAY_WEBHOOK_SECRET=whsec_training_only PAYMENTS_JOBS_SCHEDULED=false \
    "$JAVA" "$@" -jar quarkus-run.jar >"$log" 2>&1 &
  pid=$!
}

# http PATH: the status code of GET PATH (000 when nothing answers)
http() {
  local line
  if ! { exec 3<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null; then echo 000; return; fi
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$1" >&3
  IFS=' ' read -r _ line _ <&3 || line=000
  cat <&3 >/dev/null || true
  exec 3>&-
  echo "${line:-000}"
}

# wait_live: until /q/health/live answers 200 (exit 1 if the service dies or TIMEOUT passes)
wait_live() {
  local deadline=$(( $(date +%s) + TIMEOUT ))
  until [ "$(http /q/health/live)" = 200 ]; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
      tail -30 "$log" >&2; echo "aot-train: the service did not start" >&2
      kill -9 "$pid" 2>/dev/null || true; exit 1
    fi
    sleep 0.1
  done
}

# 1. training: the boot, a few requests, a normal exit (the JVM writes the cache at exit)
start "$@" -XX:AOTCacheOutput="$CACHE"
wait_live
for round in 1 2 3; do
  for p in /q/health/live /q/health/started /q/health/ready /q/openapi /v1/service-types \
           /v1/orders/unpaid "/v1/orders/unpaid?limit=10" /v1/payments /q/metrics; do
    http "$p" >/dev/null
  done
done
kill -TERM "$pid"
wait "$pid" || true
if [ ! -s "$CACHE" ]; then
  tail -30 "$log" >&2; echo "aot-train: no cache written to $CACHE" >&2; exit 1
fi

# 2. proof: a start with the cache required (-XX:AOTMode=on: the JVM refuses to start when it
# cannot use the cache, e.g. another class path, GC or JDK) reaches /q/health/live
t0=$(date +%s%N)
start "$@" -XX:AOTCache="$CACHE" -XX:AOTMode=on
wait_live
live_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
kill -TERM "$pid"
wait "$pid" || true
rm -f "$log"
echo "aot-train: $(du -h "$CACHE" | cut -f1) written to $CACHE; a start that requires it was live in $live_ms ms"
