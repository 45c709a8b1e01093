#!/usr/bin/env python3
"""Load for one local server, to compare its JVM's settings: SQS or S3 requests as Tessera makes them.

sqs PORT N: N messages into a FIFO queue, spread over 256 groups as a batch's jobs are (docs/protocol.md),
sent, received and deleted in batches of 10.
s3 PORT N: N puts and gets of a 1 MB object. Prints nothing; server_jvm_flags.sh reads the server's
CPU from /proc around it.
"""
import os
import sys
import time

import boto3

kind, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
endpoint = f"http://127.0.0.1:{port}"
if kind == "sqs":
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="x", aws_secret_access_key="x")
    url = sqs.create_queue(QueueName="load.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    body = '{"v":1,"job":"' + "x" * 400 + '"}'
    for i in range(0, n, 10):
        sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": str(j), "MessageBody": body, "MessageGroupId": f"g{(i + j) % 256}",
             "MessageDeduplicationId": f"{time.time()}-{i + j}"} for j in range(10)])
    received = 0
    while received < n:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        received += len(messages)
        if messages:
            sqs.delete_message_batch(QueueUrl=url, Entries=[
                {"Id": str(k), "ReceiptHandle": m["ReceiptHandle"]} for k, m in enumerate(messages)])
else:
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="local", aws_secret_access_key="localsecret")
    try:
        s3.create_bucket(Bucket="bench")
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    data = os.urandom(1 << 20)
    for i in range(n):
        s3.put_object(Bucket="bench", Key=f"k{i % 50}", Body=data)
        s3.get_object(Bucket="bench", Key=f"k{i % 50}")["Body"].read()
