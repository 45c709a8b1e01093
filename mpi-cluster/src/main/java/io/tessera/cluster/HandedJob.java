package io.tessera.cluster;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobSpec;
import java.nio.charset.StandardCharsets;

/**
 * A job as rank 0 hands it to a slot ({@link Tags#JOB}): one byte of flags, then the job message's
 * body as SQS delivered it (UTF-8 JSON).
 *
 * @param mayHaveRunBefore     an earlier delivery of this job may have stored its result already, so
 *                             the slot looks for that result before computing it again
 * @param provenanceInMetadata the slot stores the provenance record in the result's metadata (the
 *                             job's client reads it there and the bucket keeps metadata), not as an
 *                             object beside it
 */
record HandedJob(JobSpec spec, boolean mayHaveRunBefore, boolean provenanceInMetadata) {
    private static final int AGAIN = 1;
    private static final int IN_METADATA = 2;

    static byte[] encode(String body, boolean mayHaveRunBefore, boolean provenanceInMetadata) {
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[json.length + 1];
        payload[0] = (byte) ((mayHaveRunBefore ? AGAIN : 0) | (provenanceInMetadata ? IN_METADATA : 0));
        System.arraycopy(json, 0, payload, 1, json.length);
        return payload;
    }

    static HandedJob decode(byte[] payload) {
        if (payload.length == 0 || (payload[0] & ~(AGAIN | IN_METADATA)) != 0) {
            throw new IllegalArgumentException("not a job handed over by rank 0 (" + payload.length + " bytes)");
        }
        String body = new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8);
        return new HandedJob(JobCodec.decodeJob(body), (payload[0] & AGAIN) != 0, (payload[0] & IN_METADATA) != 0);
    }
}
