#!/usr/bin/env python3
"""What a FIFO queue's message groups cost the local SQS server (ElasticMQ), per receive.

For each case, a fresh FIFO queue gets N messages spread over G groups; HELD of them are received
and kept in flight, as rank 0 keeps the jobs it has handed out; then 50 receives of ten, each
deleted at once, are timed by the server's own CPU (from /proc, clock ticks). ElasticMQ, for every
message it hands out, walks the queue's groups for one it may deliver from and builds the set of
those left each time it meets a held one, so its cost grows with groups times held messages.
BatchClient.GROUPS_PER_BATCH and docs/protocol.md quote this script.

usage: sqs_fifo_groups.py [N:G:HELD ...]   (needs ./tessera up; default cases below)
"""
import os
import subprocess
import sys
import time
import uuid

import boto3

from cloud_config import read_config

DEFAULT_CASES = ["1000:1000:30", "10000:10000:30", "10000:256:30", "10000:256:80"]


def server_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(sqs, pid, messages, groups, held):
    url = sqs.create_queue(QueueName=f"bench-groups-{uuid.uuid4().hex[:8]}.fifo",
                           Attributes={"FifoQueue": "true", "VisibilityTimeout": "600"})["QueueUrl"]
    try:
        for start in range(0, messages, 10):
            sqs.send_message_batch(QueueUrl=url, Entries=[
                {"Id": str(i), "MessageBody": "x" * 300, "MessageGroupId": f"g{(start + i) % groups}",
                 "MessageDeduplicationId": f"d{start + i}"} for i in range(min(10, messages - start))])
        in_flight = []
        while len(in_flight) < held:
            in_flight += sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=min(10, held - len(in_flight)))[
                "Messages"]
        cpu_before, wall_before, received = server_cpu_seconds(pid), time.time(), 0
        for _ in range(50):
            batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
            received += len(batch)
            if batch:
                sqs.delete_message_batch(QueueUrl=url, Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)])
        cpu = server_cpu_seconds(pid) - cpu_before
        print(f"{messages:6d} messages in {groups:6d} groups, {held:3d} held: {received} received in 50 receives, "
              f"server CPU {1000 * cpu / 50:6.1f} ms per receive of ten and its delete "
              f"({time.time() - wall_before:.1f} s)", flush=True)
    finally:
        sqs.delete_queue(QueueUrl=url)


def main():
    config = read_config(os.path.expanduser("~/.tessera/local/cloud.properties"))
    pid = int(subprocess.run(["pgrep", "-f", "org.elasticmq.server.Main"], capture_output=True, text=True,
                             check=True).stdout.split()[0])
    sqs = boto3.client("sqs", endpoint_url=config["sqs.endpoint"], region_name=config["region"],
                       aws_access_key_id=config["access.key"], aws_secret_access_key=config["secret.key"])
    for case in sys.argv[1:] or DEFAULT_CASES:
        messages, groups, held = (int(x) for x in case.split(":"))
        measure(sqs, pid, messages, groups, held)


if __name__ == "__main__":
    main()
