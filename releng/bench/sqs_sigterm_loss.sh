#!/usr/bin/env bash
# Does the local SQS server lose a message it acknowledged when it is stopped (SIGTERM, as `tessera
# down` stops it) in the middle of a stream of sends? Starts ElasticMQ as LocalServices does (its
# jar, flags and H2 message store) in a folder of its own, sends to a FIFO queue one message at a
# time for 8 s while stopping the server after 4, starts it again on the same store, receives
# everything and prints how many acknowledged sends did not come back. ElasticMQ logs "Database is
# already closed" when H2's shutdown hook closes the store before the server's last writes; this
# says whether any of those writes was one a client had been told succeeded.
# Needs a build (./tessera up once) and Debian's python3-boto3.
# usage: releng/bench/sqs_sigterm_loss.sh [ROUNDS]   (3 by default; SIGNAL=KILL: a crash instead;
#        H2_OPTIONS=";MAX_LENGTH_INPLACE_LOB=262144": the store as it was before WRITE_DELAY=0)
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
PY=/usr/bin/python3
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
free_port() { $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

round() { # N
  local dir=$work/$1 port pid sender
  mkdir -p "$dir/data"
  start() {
    port=$(free_port) # a new port each start: the stopped server's may still be held
    printf '%s\n' 'include classpath("application.conf")' \
      "node-address { protocol = http, host = \"127.0.0.1\", port = $port, context-path = \"\" }" \
      "rest-sqs { enabled = true, bind-port = $port, bind-hostname = \"127.0.0.1\", sqs-limits = strict }" \
      'rest-stats { enabled = false }' 'generate-node-address = false' \
      "queues-storage { enabled = true, path = \"$dir/data/queues.conf\" }" \
      "messages-storage { enabled = true, uri = \"jdbc:h2:$dir/data/messages${H2_OPTIONS-;MAX_LENGTH_INPLACE_LOB=262144;WRITE_DELAY=0}\" }" \
      > "$dir/conf"
    "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dconfig.file="$dir/conf" \
      -cp "$REPO/releng/elasticmq-server/target/lib/*" org.elasticmq.server.Main >> "$dir/log" 2>&1 &
    pid=$!
    for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$port/" && return; sleep 0.2; done
    echo "the server did not start: $dir/log" >&2; exit 1
  }
  start
  $PY - "$port" "$dir/acked" <<'PY' &
import sys, time
import boto3, botocore
port, out = sys.argv[1], sys.argv[2]
sqs = boto3.client("sqs", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                   aws_access_key_id="x", aws_secret_access_key="x",
                   config=botocore.config.Config(retries={"max_attempts": 0}, connect_timeout=1, read_timeout=2))
url = sqs.create_queue(QueueName="sigterm.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
acked, i, start = [], 0, time.time()
while time.time() - start < 8:
    try:
        sqs.send_message(QueueUrl=url, MessageBody=f"m{i}", MessageGroupId=f"g{i % 256}", MessageDeduplicationId=f"d{i}")
        acked.append(i)  # the server said it has it
    except Exception:
        pass  # refused or cut off while stopping: never acknowledged
    i += 1
open(out, "w").write("\n".join(map(str, acked)))
PY
  sender=$!
  sleep 4
  kill -"${SIGNAL:-TERM}" "$pid"; wait "$pid" || true
  wait "$sender"
  local errors; errors=$(grep -c 'already closed' "$dir/log" || true)
  start
  $PY - "$port" "$dir/acked" "$1" "$errors" <<'PY'
import sys
import boto3
port, acked_file, n, errors = sys.argv[1:5]
sqs = boto3.client("sqs", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                   aws_access_key_id="x", aws_secret_access_key="x")
url = sqs.get_queue_url(QueueName="sigterm.fifo")["QueueUrl"]
back = set()
while True:
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                   VisibilityTimeout=600).get("Messages", [])
    if not messages:
        break
    back.update(int(m["Body"][1:]) for m in messages)
acked = {int(x) for x in open(acked_file).read().split()}
lost = sorted(acked - back)
print(f"round {n} (SIG{__import__('os').environ.get('SIGNAL', 'TERM')}): {len(acked)} sends acknowledged, {len(back)} messages after the restart, "
      f"{len(lost)} acknowledged and lost{' ' + str(lost[:10]) if lost else ''}; "
      f"'Database is already closed' logged {errors} time(s)")
PY
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

for n in $(seq "${1:-3}"); do round "$n"; done
