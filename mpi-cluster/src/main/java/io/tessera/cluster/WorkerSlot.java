package io.tessera.cluster;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a job runs: a slot (a thread of its own) of a worker rank. A rank runs as many slots as
 * the cluster was started with ({@code --slots}), so that a node runs one JVM, compiling the
 * code once, with a slot per core, rather than one JVM per core each compiling it again.
 */
record WorkerSlot(int rank, int slot) {

    /** Rank 0's answer to a leader asking for help: each helper's rank and slot, big-endian. */
    static byte[] encode(List<WorkerSlot> slots) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * slots.size());
        slots.forEach(s -> bytes.putInt(s.rank).putInt(s.slot));
        return bytes.array();
    }

    static List<WorkerSlot> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<WorkerSlot> slots = new ArrayList<>();
        while (in.remaining() >= 8) {
            slots.add(new WorkerSlot(in.getInt(), in.getInt()));
        }
        return slots;
    }
}
