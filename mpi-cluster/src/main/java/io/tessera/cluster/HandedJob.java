package io.tessera.cluster;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobSpec;
import java.nio.charset.StandardCharsets;

/**
 * A job as rank 0 hands it to a slot ({@link Tags#JOB}): one byte that says whether the job may
 * have run before, then the job message's body as SQS delivered it (UTF-8 JSON).
 *
 * @param mayHaveRunBefore an earlier delivery of this job may have stored its result already, so
 *                         the slot looks for that result before computing it again
 */
record HandedJob(JobSpec spec, boolean mayHaveRunBefore) {
    private static final byte FIRST = 0;
    private static final byte AGAIN = 1;

    static byte[] encode(String body, boolean mayHaveRunBefore) {
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[json.length + 1];
        payload[0] = mayHaveRunBefore ? AGAIN : FIRST;
        System.arraycopy(json, 0, payload, 1, json.length);
        return payload;
    }

    static HandedJob decode(byte[] payload) {
        if (payload.length == 0 || (payload[0] != FIRST && payload[0] != AGAIN)) {
            throw new IllegalArgumentException("not a job handed over by rank 0 (" + payload.length + " bytes)");
        }
        String body = new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8);
        return new HandedJob(JobCodec.decodeJob(body), payload[0] == AGAIN);
    }
}
