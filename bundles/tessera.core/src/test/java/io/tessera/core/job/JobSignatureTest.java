package io.tessera.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.core.op.PipelineStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class JobSignatureTest {
    private final byte[] key = JobSignature.parseKey(JobSignature.newKey());
    private final String macro = "run(\"Gaussian Blur...\", \"sigma=2\");\n// \"quotes\", tabs\t, and ü\nsetResult(\"n\", 0, 1);";
    private final JobSpec job = new JobSpec(JobCodec.VERSION, "b-0", "b", "inputs/b/cat.png", "results/b/cat",
            "events-1", List.of(PipelineStep.parse("gaussian-blur:sigma=2"),
                    new PipelineStep("imagej-macro", Map.of("code", macro))));

    /** What the cluster checks is the job as it read it from the queue. */
    private JobSignature.Verdict verifiedAfterTheQueue(JobSpec sent, byte[] withKey) {
        return JobSignature.verify(JobCodec.decodeJob(JobCodec.encode(sent)), withKey);
    }

    @Test
    void aSignedJobIsValidAfterTheWire() {
        JobSpec signed = JobSignature.sign(job, key);
        assertEquals(64, signed.signature().length());
        assertInstanceOf(JobSignature.Verdict.Valid.class, verifiedAfterTheQueue(signed, key));
        // Parameters in another order, and whole numbers, are the same job.
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("b", 2);
        params.put("a", 1.5);
        JobSpec numbers = new JobSpec(JobCodec.VERSION, "b-1", "b", "inputs/b/cat.png", "results/b/cat", "events-1",
                List.of(new PipelineStep("x", params)));
        assertInstanceOf(JobSignature.Verdict.Valid.class, verifiedAfterTheQueue(JobSignature.sign(numbers, key), key));
    }

    @Test
    void unsignedWronglySignedAndChangedJobsAreRefused() {
        assertRefused(verifiedAfterTheQueue(job, key), "is not signed");
        assertRefused(verifiedAfterTheQueue(job.withSignature("zz-not-hex"), key), "does not match");
        byte[] otherKey = JobSignature.parseKey(JobSignature.newKey());
        assertRefused(verifiedAfterTheQueue(JobSignature.sign(job, otherKey), key), "does not match");
        JobSpec signed = JobSignature.sign(job, key);
        // Every part of the job is covered: each change, with the signature kept, is refused.
        List<UnaryOperator<JobSpec>> changes = List.of(
                j -> new JobSpec(j.version(), "b-9", j.batch(), j.inputKey(), j.resultKeyStem(), j.eventsQueue(), j.pipeline(), j.signature()),
                j -> new JobSpec(j.version(), j.jobId(), "c", j.inputKey(), "results/c/cat", j.eventsQueue(), j.pipeline(), j.signature()),
                j -> new JobSpec(j.version(), j.jobId(), j.batch(), "inputs/other/secret.png", j.resultKeyStem(), j.eventsQueue(), j.pipeline(), j.signature()),
                j -> new JobSpec(j.version(), j.jobId(), j.batch(), j.inputKey(), "results/b/elsewhere", j.eventsQueue(), j.pipeline(), j.signature()),
                j -> new JobSpec(j.version(), j.jobId(), j.batch(), j.inputKey(), j.resultKeyStem(), "events-2", j.pipeline(), j.signature()),
                j -> new JobSpec(j.version(), j.jobId(), j.batch(), j.inputKey(), j.resultKeyStem(), j.eventsQueue(),
                        List.of(PipelineStep.parse("gaussian-blur:sigma=3"), j.pipeline().get(1)), j.signature()),
                j -> new JobSpec(j.version(), j.jobId(), j.batch(), j.inputKey(), j.resultKeyStem(), j.eventsQueue(),
                        List.of(j.pipeline().get(0), new PipelineStep("imagej-macro", Map.of("code", macro + "\nexec(\"rm\");"))),
                        j.signature()),
                j -> new JobSpec(j.version(), j.jobId(), j.batch(), j.inputKey(), j.resultKeyStem(), j.eventsQueue(),
                        List.of(j.pipeline().get(1)), j.signature()));
        for (UnaryOperator<JobSpec> change : changes) {
            assertRefused(verifiedAfterTheQueue(change.apply(signed), key), "does not match");
        }
    }

    @Test
    void aKeyMustBeHexAndLongEnough() {
        assertThrows(IllegalArgumentException.class, () -> JobSignature.parseKey("not a key"));
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> JobSignature.parseKey("00112233445566778899aabbccddee"));
        assertTrue(shortKey.getMessage().contains("at least 128"), shortKey.getMessage());
        assertEquals(32, JobSignature.parseKey(JobSignature.newKey()).length);
    }

    private static void assertRefused(JobSignature.Verdict verdict, String why) {
        JobSignature.Verdict.Refused refused = assertInstanceOf(JobSignature.Verdict.Refused.class, verdict);
        assertTrue(refused.reason().contains(why), refused.reason());
    }
}
