package io.tessera.ui.session;

import io.tessera.core.batch.BatchClient;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.ops.imagej.InputCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;

/**
 * The batch being put together in the upload view (its files, its name, the image the palette
 * previews on) and its upload once submitted: each file leaves this model for the job board as
 * its job is sent.
 */
public final class NextBatch {
    /** The kinds of file a folder is searched for; others in it are left alone. */
    private static final Pattern IMAGE_NAME = Pattern.compile("(?i).*\\.(png|jpe?g|tiff?|gif|bmp|pgm|ppm|pnm)$");

    /** The catalogue of the moment: a reload of the plugins replaces it. */
    private final Supplier<OperationCatalog> catalog;
    private final Connection connection;
    private final JobBoard board;
    private final List<Path> pendingFiles = new CopyOnWriteArrayList<>();
    private final Listeners listeners = new Listeners();
    private volatile String batchLabel;
    private volatile Path previewImage;
    private volatile Job uploading;
    private volatile BatchClient.Progress upload;
    private volatile IStatus lastUploadResult;

    public NextBatch(Supplier<OperationCatalog> catalog, Connection connection, JobBoard board) {
        this.catalog = catalog;
        this.connection = connection;
        this.board = board;
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    public List<Path> pendingFiles() {
        return List.copyOf(pendingFiles);
    }

    /** Adds images to the next batch; refuses what is not a readable file. */
    public void addPendingFile(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("not a readable file: " + file);
        }
        if (!pendingFiles.contains(file)) {
            pendingFiles.add(file);
        }
        listeners.fire();
    }

    /**
     * Adds the images under {@code folder} and its subfolders, walked in a Job since a folder may
     * hold thousands; {@code done} is told, on the Job's thread, how many were added.
     */
    public Job addPendingFolder(Path folder, IntConsumer done) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("not a folder: " + folder);
        }
        Job job = Job.create("Adding the images of " + folder, monitor -> {
            List<Path> found;
            try (var walk = Files.walk(folder)) {
                found = walk.filter(f -> IMAGE_NAME.matcher(f.getFileName().toString()).matches())
                        .filter(Files::isRegularFile).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                return new Status(IStatus.ERROR, JobBoard.PLUGIN_ID, "cannot read the folder " + folder + ": " + e.getMessage(), e);
            }
            int before = pendingFiles.size();
            found.stream().map(Path::toAbsolutePath).filter(f -> !pendingFiles.contains(f)).forEach(pendingFiles::add);
            listeners.fire();
            done.accept(pendingFiles.size() - before);
            return Status.OK_STATUS;
        });
        job.schedule();
        return job;
    }

    public void removePendingFiles(List<Path> files) {
        pendingFiles.removeAll(files);
        listeners.fire();
    }

    /** The image the palette previews its pipeline on: the one selected in the upload view, else the first. */
    public Optional<Path> previewImage() {
        Path chosen = previewImage;
        if (chosen != null && pendingFiles.contains(chosen)) {
            return Optional.of(chosen);
        }
        return pendingFiles.stream().findFirst();
    }

    public void setPreviewImage(Path file) {
        if (!Objects.equals(previewImage, file)) {
            previewImage = file;
            listeners.fire();
        }
    }

    /** What the next batch's name begins with (the upload view's Batch name); null for the default. */
    public void setBatchLabel(String label) {
        batchLabel = label == null || label.isBlank() ? null : label.strip();
    }

    public String batchLabel() {
        return batchLabel;
    }

    /**
     * Submits the pending files with {@code pipeline} as one batch, in a Job. The pipeline is
     * validated here, on the caller's thread, so that a mistake is reported before any upload.
     */
    public Job submit(List<PipelineStep> pipeline) {
        if (uploading != null) {
            throw new IllegalArgumentException("a batch is being uploaded; wait for it or cancel it first");
        }
        OperationCatalog operations = catalog.get(); // one catalogue for the whole batch, reloads or not
        operations.validate(pipeline);
        List<Path> files = pendingFiles();
        if (files.isEmpty()) {
            throw new IllegalArgumentException("add at least one image in the upload view first");
        }
        InputCheck.pipelineFits(operations, pipeline, files); // headers only: quick enough here
        String batch = BatchClient.newBatchName(batchLabel);
        batchLabel = null;
        upload = new BatchClient.Progress(null, false, 0, files.size(), 0, 0);
        Job job = Job.create("Submitting " + files.size() + " image(s) as " + batch, monitor -> {
            monitor.beginTask("Uploading " + files.size() + " image(s)", files.size());
            try {
                List<?> sent = connection.batchClient(operations).submit(batch, files, pipeline, (file, spec) -> {
                    board.submitted(spec, file.getFileName().toString());
                    pendingFiles.remove(file);
                    listeners.fire();
                }, progress -> {
                    upload = progress;
                    listeners.fire();
                    monitor.subTask(String.format("%d of %d uploaded (%.1f of %.1f MB)%s", progress.filesDone(),
                            progress.files(), progress.bytesDone() / 1e6, progress.bytes() / 1e6,
                            progress.alreadyStored() ? "; " + progress.file().getFileName() + " was stored already" : ""));
                    monitor.worked(1);
                }, monitor::isCanceled);
                // Cancelled: the images not sent stay in the upload view, to submit later.
                return sent.size() < files.size() ? Status.CANCEL_STATUS : Status.OK_STATUS;
            } catch (IOException e) {
                return new Status(IStatus.ERROR, JobBoard.PLUGIN_ID, "Tessera could not submit " + batch + ": " + e.getMessage(), e);
            }
        });
        job.setUser(true);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                uploading = null;
                upload = null;
                lastUploadResult = event.getResult();
                listeners.fire();
            }
        });
        uploading = job;
        job.schedule();
        return job;
    }

    /** How the upload in progress goes, or null when none runs. */
    public BatchClient.Progress uploadProgress() {
        return uploading == null ? null : upload;
    }

    /** What the last upload ended with: OK, cancelled, or its error; null before the first. */
    public IStatus lastUploadResult() {
        return lastUploadResult;
    }

    /** Stops the upload after the files in flight; the files not sent stay in the upload view. */
    public void cancelUpload() {
        Job job = uploading;
        if (job != null) {
            job.cancel();
        }
    }
}
