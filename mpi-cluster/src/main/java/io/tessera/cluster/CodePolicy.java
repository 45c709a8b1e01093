package io.tessera.cluster;

import io.tessera.core.job.JobSignature;
import io.tessera.core.job.JobSpec;
import io.tessera.core.op.OperationCatalog;
import java.util.Optional;

/**
 * Whether this cluster runs a job that carries code (an ImageJ macro), and if not, why not: the
 * operator may refuse all such jobs ({@code tessera-cluster --no-macros}); otherwise each must be
 * signed with the macro key of the cluster's configuration. A job without code is never asked.
 */
final class CodePolicy {
    private final boolean refuseAll;
    private final byte[] key;

    private CodePolicy(boolean refuseAll, byte[] key) {
        this.refuseAll = refuseAll;
        this.key = key;
    }

    static CodePolicy of(boolean macrosAllowed, Optional<byte[]> key) {
        return new CodePolicy(!macrosAllowed, key.orElse(null));
    }

    /** For the log: what this cluster does with macro jobs. */
    String describe() {
        return refuseAll ? "refused (--no-macros)" : key == null ? "refused (no macro.key in the configuration)"
                : "run when signed";
    }

    /** Why {@code job} may not run here, or empty when it may. */
    Optional<String> refusal(JobSpec job, OperationCatalog catalog) {
        if (!catalog.carriesCode(job.pipeline())) {
            return Optional.empty();
        }
        if (refuseAll) {
            return Optional.of("this cluster runs no ImageJ macros: its operator started it with --no-macros");
        }
        if (key == null) {
            return Optional.of("this cluster runs no ImageJ macros: its configuration has no macro key (macro.key)");
        }
        return switch (JobSignature.verify(job, key)) {
            case JobSignature.Verdict.Valid valid -> Optional.empty();
            case JobSignature.Verdict.Refused refused -> Optional.of(refused.reason());
        };
    }
}
