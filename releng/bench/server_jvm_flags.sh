#!/usr/bin/env bash
# Which JVM settings cost the local servers less CPU: each server started twice alone (default JIT,
# then C1 only with the serial collector), warmed up, then loaded as Tessera loads it; prints the
# server's CPU per unit of work from /proc/PID/stat. Needs a build (./tessera up once) and Debian's
# python3-boto3.  usage: releng/bench/server_jvm_flags.sh   (ONLY=sqs: the SQS server alone; ROUNDS=N: N rounds, 2 by default)
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
LOAD="/usr/bin/python3 $REPO/releng/bench/server_load.py"
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
await_port() { for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return; sleep 0.2; done; }

measure() { # KIND LABEL FLAGS...
  local kind=$1 label=$2; shift 2
  local port=$((47000 + RANDOM % 1000)) dir=$work/$kind-$label pid c0 c1 t0 t1 warm n
  mkdir -p "$dir/data"
  if [ "$kind" = sqs ]; then
    printf '%s\n' 'include classpath("application.conf")' \
      "node-address { protocol = http, host = \"127.0.0.1\", port = $port, context-path = \"\" }" \
      "rest-sqs { enabled = true, bind-port = $port, bind-hostname = \"127.0.0.1\", sqs-limits = strict }" \
      'rest-stats { enabled = false }' 'generate-node-address = false' \
      "queues-storage { enabled = true, path = \"$dir/data/queues.conf\" }" \
      "messages-storage { enabled = true, uri = \"jdbc:h2:$dir/data/messages${H2_OPTIONS:-}\" }" > "$dir/conf"
    "$JAVA" -Xmx256m "$@" -Dconfig.file="$dir/conf" -cp "$REPO/releng/elasticmq-server/target/lib/*" \
      org.elasticmq.server.Main > "$dir/log" 2>&1 &
    warm=3000 n=2000
  else
    printf '%s\n' "s3proxy.endpoint=http://127.0.0.1:$port" s3proxy.authorization=aws-v2-or-v4 \
      s3proxy.identity=local s3proxy.credential=localsecret jclouds.provider=filesystem \
      "jclouds.filesystem.basedir=$dir/data" > "$dir/conf"
    # Warnings only, as Tessera runs it: S3Proxy's default logging costs more than its work.
    printf '%s\n' '<configuration><appender name="out" class="ch.qos.logback.core.ConsoleAppender">' \
      '<encoder><pattern>%msg%n</pattern></encoder></appender>' \
      '<root level="WARN"><appender-ref ref="out"/></root></configuration>' > "$dir/logback.xml"
    "$JAVA" -Xmx256m "$@" -Dlogback.configurationFile="$dir/logback.xml" \
      -cp "$REPO/releng/s3proxy-server/target/lib/*" org.gaul.s3proxy.Main \
      --properties "$dir/conf" > "$dir/log" 2>&1 &
    warm=200 n=300
  fi
  pid=$!
  await_port "$port"
  $LOAD "$kind" "$port" "$warm"
  c0=$(cpu $pid); t0=$(date +%s.%N)
  $LOAD "$kind" "$port" "$n"
  c1=$(cpu $pid); t1=$(date +%s.%N)
  kill $pid; wait $pid 2>/dev/null || true
  awk -v k="$kind" -v l="$label" -v c=$((c1 - c0)) -v n=$n -v t0="$t0" -v t1="$t1" 'BEGIN {
    printf "%-4s %-12s server CPU %6.2f ms per %s, %d in %.1f s\n", k, l, c * 10 / n,
      (k == "sqs" ? "message" : "1 MB put+get"), n, t1 - t0 }'
}

for round in $(seq "${ROUNDS:-2}"); do
  [ "${ONLY:-}" = sqs ] || measure sqs default; measure sqs c1-serial -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
  # As LocalServices starts it: each message's BLOBs kept in its row, not in H2's separate LOB map.
  H2_OPTIONS=";MAX_LENGTH_INPLACE_LOB=262144" measure sqs c1-inline-lobs -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
  # ... and each commit written to the file before the send is answered (sqs_sigterm_loss.sh: crash-safe).
  H2_OPTIONS=";MAX_LENGTH_INPLACE_LOB=262144;WRITE_DELAY=0" measure sqs c1-write-through -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
  [ "${ONLY:-}" = sqs ] && continue
  measure s3 default; measure s3 c1-serial -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
done
