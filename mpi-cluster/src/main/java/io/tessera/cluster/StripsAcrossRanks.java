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
 * A large image's pipeline run in strips on this slot (the leader) and the slots rank 0 lends it,
 * of this rank or others: the leader cuts the strips with the pipeline's halo, sends one to each
 * helper, filters the first itself, and keeps each strip's own rows as they come back. Only the
 * leader touches S3; the strips travel by point-to-point messages (Open MPI 4.1.4's Java
 * scatterv/gatherv are broken on heap buffers), also between slots of one rank, which keeps one
 * path for both.
 */
final class StripsAcrossRanks implements JobRunner.LargeImages {
    private final Comm comm;
    private final WorkerSlot self;
    private final OperationCatalog catalog;

    StripsAcrossRanks(Comm comm, WorkerSlot self, OperationCatalog catalog) {
        this.comm = comm;
        this.self = self;
        this.catalog = catalog;
    }

    @Override
    public Filtered filter(ImageProcessor image, JobSpec job, int halo) {
        try {
            comm.send(new byte[0], 0, MPI.BYTE, 0, Tags.of(Tags.HELP_WANTED, self.slot()));
            int helpersTag = Tags.of(Tags.HELPERS, self.slot());
            Status granted = Mailbox.await(comm, 0, helpersTag);
            byte[] lent = new byte[granted.getCount(MPI.BYTE)];
            comm.recv(lent, lent.length, MPI.BYTE, 0, helpersTag);
            List<WorkerSlot> helpers = WorkerSlot.decode(lent);

            if (helpers.isEmpty()) {
                // Alone, one strip is the whole image: filter it where it lies, with no strip copied
                // out and back (three more copies of an image that may be at the pixel limit).
                return new Filtered(catalog.apply(image, job.pipeline()), List.of(self.rank()));
            }
            List<Strips.Strip> plan = Strips.plan(image.getHeight(), helpers.size() + 1, halo);
            String jobJson = JobCodec.encode(job);
            for (int i = 1; i < plan.size(); i++) {
                WorkerSlot helper = helpers.get(i - 1);
                byte[] strip = StripMessage.pixels(i, self.slot(), jobJson, Strips.cut(image, plan.get(i)));
                comm.send(strip, strip.length, MPI.BYTE, helper.rank(), Tags.of(Tags.STRIP, helper.slot()));
            }
            // Every helper answers, so every answer is collected even when this slot's own strip
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
            // Answers arrive in any order; each says which strip it is. No other message comes to
            // this slot on this tag: it leads one image at a time, and collects every answer.
            int answersTag = Tags.of(Tags.STRIP_DONE, self.slot());
            for (int answers = 0; answers < helpers.size(); answers++) {
                Status answered = Mailbox.await(comm, MPI.ANY_SOURCE, answersTag);
                byte[] bytes = new byte[answered.getCount(MPI.BYTE)];
                comm.recv(bytes, bytes.length, MPI.BYTE, answered.getSource(), answersTag);
                StripMessage.Decoded answer = StripMessage.decode(bytes);
                if (answer.error() != null) {
                    failure = failure != null ? failure : new StripFailedException(answer.error());
                } else if (failure == null) {
                    Strips.keep(result, answer.pixels(), plan.get(answer.strip()));
                }
            }
            if (failure != null) {
                throw failure;
            }
            List<Integer> ranks = new ArrayList<>(List.of(self.rank()));
            helpers.forEach(helper -> ranks.add(helper.rank()));
            return new Filtered(result, ranks);
        } catch (MPIException e) {
            throw new IllegalStateException("MPI failed while spreading strips: " + e.getMessage(), e);
        }
    }

    /** The helper's side: filter the strip the leader sent and send it back, or say why not. */
    void help(int leaderRank, byte[] message) throws MPIException {
        byte[] answer;
        StripMessage.Decoded strip = StripMessage.decode(message);
        try {
            JobSpec job = JobCodec.decodeJob(strip.jobJson());
            answer = StripMessage.pixels(strip.strip(), self.slot(), "", catalog.apply(strip.pixels(), job.pipeline()));
        } catch (RuntimeException | OutOfMemoryError e) {
            answer = StripMessage.error(strip.strip(), self.slot(), "rank " + self.rank() + " could not filter its strip: "
                    + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
        comm.send(answer, answer.length, MPI.BYTE, leaderRank, Tags.of(Tags.STRIP_DONE, strip.slot()));
    }

    /** A helper's strip failed; its message says which rank and why. */
    static final class StripFailedException extends RuntimeException {
        StripFailedException(String message) {
            super(message);
        }
    }
}
