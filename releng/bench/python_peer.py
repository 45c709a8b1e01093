#!/usr/bin/env python3
"""The peer Tessera must beat: one Python process doing the whole path with boto3 and OpenCV.

Uploads each image to S3, sends one job per image to an SQS queue, takes the jobs back one by one,
blurs each (Gaussian, sigma as given) and stores the PNG result, then fetches every result into the
output folder. It runs against the same local S3 and SQS servers as Tessera, on a queue and a key
prefix of its own. `./tessera bench peer` runs it; it prints nothing but a summary line.

usage: python_peer.py CONFIG OUT_DIR SIGMA FILE...
"""
import json
import os
import sys
import time
import uuid

import boto3
import cv2
import numpy as np

from cloud_config import read_config


def main():
    config_file, out_dir, sigma, files = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
    config = read_config(config_file)
    session = boto3.session.Session(aws_access_key_id=config["access.key"],
                                    aws_secret_access_key=config["secret.key"], region_name=config["region"])
    s3 = session.client("s3", endpoint_url=config["s3.endpoint"])
    sqs = session.client("sqs", endpoint_url=config["sqs.endpoint"])
    bucket = config["bucket"]
    run = "peer-" + uuid.uuid4().hex[:8]
    queue = sqs.create_queue(QueueName=run)["QueueUrl"]
    os.makedirs(out_dir, exist_ok=True)
    try:
        for i, path in enumerate(files):
            key = f"{run}/in/{i}-{os.path.basename(path)}"
            s3.upload_file(path, bucket, key)
            sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({"key": key, "i": i}))
        results = []
        while len(results) < len(files):
            for message in sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10,
                                               WaitTimeSeconds=1).get("Messages", []):
                job = json.loads(message["Body"])
                data = s3.get_object(Bucket=bucket, Key=job["key"])["Body"].read()
                image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
                blurred = cv2.GaussianBlur(image, (0, 0), sigma)
                ok, png = cv2.imencode(".png", blurred)
                out_key = f"{run}/out/{job['i']}.png"
                s3.put_object(Bucket=bucket, Key=out_key, Body=png.tobytes())
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
                results.append((job["i"], out_key))
        for i, out_key in results:
            name = os.path.splitext(os.path.basename(files[i]))[0] + ".png"
            s3.download_file(bucket, out_key, os.path.join(out_dir, name))
    finally:
        sqs.delete_queue(QueueUrl=queue)
    print(f"peer: {len(files)} images")


if __name__ == "__main__":
    main()
