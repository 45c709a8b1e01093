package io.tessera.core.job;

import io.tessera.core.op.PipelineStep;
import java.util.List;

/**
 * One image to process: the body of a message on the jobs queue.
 *
 * @param version       protocol version, {@link JobCodec#VERSION}
 * @param jobId         unique per job; the queue's deduplication id
 * @param batch         the batch the job belongs to; its jobs are spread over message groups named
 *                      after it (docs/protocol.md)
 * @param inputKey      object key of the input, under {@code inputs/<batch>/}
 * @param resultKeyStem object key of the result without extension, under {@code results/<batch>/};
 *                      the worker adds {@code .png} or {@code .tif} depending on the pixel type
 * @param eventsQueue   name of the queue that receives this job's {@link JobEvent}s
 * @param pipeline      the operations to apply, in order
 * @param signature     for a job whose pipeline carries code (an ImageJ macro): HMAC-SHA256 over the
 *                      rest of the job with the key clients and cluster share ({@link JobSignature});
 *                      null otherwise. An optional field of version 1.
 */
public record JobSpec(int version, String jobId, String batch, String inputKey, String resultKeyStem,
        String eventsQueue, List<PipelineStep> pipeline, String signature) {

    public JobSpec {
        pipeline = pipeline == null ? List.of() : List.copyOf(pipeline);
    }

    /** An unsigned job. */
    public JobSpec(int version, String jobId, String batch, String inputKey, String resultKeyStem, String eventsQueue,
            List<PipelineStep> pipeline) {
        this(version, jobId, batch, inputKey, resultKeyStem, eventsQueue, pipeline, null);
    }

    /** The same job with this signature (null: unsigned). */
    public JobSpec withSignature(String newSignature) {
        return new JobSpec(version, jobId, batch, inputKey, resultKeyStem, eventsQueue, pipeline, newSignature);
    }
}
