package io.tessera.cluster;

import ij.process.ImageProcessor;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobSpec;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.Strips;
import java.util.ArrayList;
import java.util.List;
import mpi.Comm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;

/**
 * A large image's pipeline run in strips on this rank (the leader) and the ranks rank 0 lends it:
 * the leader cuts the strips with the pipeline's halo, sends one to each helper, filters the first
 * itself, and keeps each strip's own rows as they come back. Only the leader touches S3; the strips
 * travel by point-to-point messages (Open MPI 4.1.4's Java scatterv/gatherv are broken on heap
 * buffers).
 */
final class StripsAcrossRanks implements JobRunner.LargeImages {
    private final Comm comm;
    private final int rank;
    private final OperationCatalog catalog;

    StripsAcrossRanks(Comm comm, int rank, OperationCatalog catalog) {
        this.comm = comm;
        this.rank = rank;
        this.catalog = catalog;
    }

    @Override
    public Filtered filter(ImageProcessor image, JobSpec job, int halo) {
        try {
            comm.send(new byte[0], 0, MPI.BYTE, 0, Tags.HELP_WANTED);
            Status granted = Mailbox.await(comm, 0, Tags.HELPERS);
            byte[] lent = new byte[granted.getCount(MPI.BYTE)];
            comm.recv(lent, lent.length, MPI.BYTE, 0, Tags.HELPERS);
            int[] helpers = new int[lent.length / 4];
            java.nio.ByteBuffer.wrap(lent).asIntBuffer().get(helpers);

            if (helpers.length == 0) {
                // Alone, one strip is the whole image: filter it where it lies, with no strip copied
                // out and back (three more copies of an image that may be at the pixel limit).
                return new Filtered(catalog.apply(image, job.pipeline()), List.of(rank));
            }
            List<Strips.Strip> plan = Strips.plan(image.getHeight(), helpers.length + 1, halo);
            String jobJson = JobCodec.encode(job);
            for (int i = 1; i < plan.size(); i++) {
                byte[] strip = StripMessage.pixels(jobJson, Strips.cut(image, plan.get(i)));
                comm.send(strip, strip.length, MPI.BYTE, helpers[i - 1], Tags.STRIP);
            }
            // Every helper answers, so every answer is collected even when this rank's own strip
            // fails: an unread answer would block its helper for good.
            ImageProcessor result = null;
            RuntimeException failure = null;
            try {
                ImageProcessor own = catalog.apply(Strips.cut(image, plan.get(0)), job.pipeline());
                result = Strips.resultLike(own, image.getHeight());
                Strips.keep(result, own, plan.get(0));
            } catch (RuntimeException e) {
                failure = e;
            }
            for (int i = 1; i < plan.size(); i++) {
                Status answered = Mailbox.await(comm, helpers[i - 1], Tags.STRIP_DONE);
                byte[] bytes = new byte[answered.getCount(MPI.BYTE)];
                comm.recv(bytes, bytes.length, MPI.BYTE, helpers[i - 1], Tags.STRIP_DONE);
                StripMessage.Decoded answer = StripMessage.decode(bytes);
                if (answer.error() != null) {
                    failure = failure != null ? failure : new StripFailedException(answer.error());
                } else if (failure == null) {
                    Strips.keep(result, answer.pixels(), plan.get(i));
                }
            }
            if (failure != null) {
                throw failure;
            }
            List<Integer> ranks = new ArrayList<>(List.of(rank));
            for (int helper : helpers) {
                ranks.add(helper);
            }
            return new Filtered(result, ranks);
        } catch (MPIException e) {
            throw new IllegalStateException("MPI failed while spreading strips: " + e.getMessage(), e);
        }
    }

    /** The helper's side: filter the strip the leader sent and send it back, or say why not. */
    void help(int leader, byte[] message) throws MPIException {
        byte[] answer;
        try {
            StripMessage.Decoded strip = StripMessage.decode(message);
            JobSpec job = JobCodec.decodeJob(strip.jobJson());
            answer = StripMessage.pixels("", catalog.apply(strip.pixels(), job.pipeline()));
        } catch (RuntimeException | OutOfMemoryError e) {
            answer = StripMessage.error("rank " + rank + " could not filter its strip: "
                    + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
        comm.send(answer, answer.length, MPI.BYTE, leader, Tags.STRIP_DONE);
    }

    /** A helper's strip failed; its message says which rank and why. */
    static final class StripFailedException extends RuntimeException {
        StripFailedException(String message) {
            super(message);
        }
    }
}
