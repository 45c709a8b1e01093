package io.tessera.cluster;

/**
 * MPI message tags between the ranks. Payloads are UTF-8 JSON unless said otherwise.
 *
 * <p>A worker rank runs one or more slots, each a thread that runs one job at a time. A message's
 * tag is its kind plus the slot it concerns ({@link #of}): the slot it goes to on a worker rank,
 * the slot it comes from when rank 0 receives it. Each slot thread so probes and receives its own
 * tags only, and no thread takes a message meant for another.
 */
final class Tags {
    /** rank 0 → slot: a job to run, as a {@link HandedJob}. */
    static final int JOB = 1;
    /** slot → rank 0: the final {@code JobEvent} of the job it was given. */
    static final int RESULT = 2;
    /** rank 0 → slot: no more jobs, leave. */
    static final int STOP = 3;
    /** slot → rank 0: my image is large; which idle slots may filter strips of it? (empty) */
    static final int HELP_WANTED = 4;
    /** rank 0 → that slot: the helpers (big-endian rank and slot pairs, possibly none), now lent to it. */
    static final int HELPERS = 5;
    /** leader → helper slot: a {@link StripMessage} with the job and the strip's pixels. */
    static final int STRIP = 6;
    /** helper → leader slot: a {@link StripMessage} with the filtered strip, or why it failed. */
    static final int STRIP_DONE = 7;

    /**
     * rank 0 → slot: the job id (UTF-8) of the job queued behind its current one, which its client
     * cancelled; the slot answers it CANCELLED instead of starting it, unless it already has.
     */
    static final int CANCEL = 8;

    /** Kinds fit below this; a slot's tags are {@code kind + KINDS * slot}. */
    private static final int KINDS = 16;
    /**
     * Slots a rank may run. The MPI standard promises tags up to 32767 only: 2047 slots of 16 kinds
     * stay below it, far more than the cores of any node.
     */
    static final int MAX_SLOTS = 32767 / KINDS;

    private Tags() {
    }

    /** The tag of a message of {@code kind} for (or from) {@code slot}. */
    static int of(int kind, int slot) {
        if (slot < 0 || slot >= MAX_SLOTS) {
            throw new IllegalArgumentException("slot " + slot + " is out of range 0.." + (MAX_SLOTS - 1));
        }
        return kind + KINDS * slot;
    }

    static int kind(int tag) {
        return tag % KINDS;
    }

    static int slot(int tag) {
        return tag / KINDS;
    }
}
