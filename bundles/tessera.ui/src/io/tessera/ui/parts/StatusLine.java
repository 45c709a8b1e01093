package io.tessera.ui.parts;

import io.tessera.ui.session.BatchProgress;
import io.tessera.ui.session.JobBoard;
import io.tessera.ui.session.JobRow;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;

/**
 * The window's status line, at its bottom edge: it says when a batch of this session has ended,
 * and if the window is not in front then, it asks the desktop for the user's attention (the
 * urgency hint) until the user comes back to it.
 */
public final class StatusLine {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Inject
    private JobBoard board;

    private CLabel line;
    private Shell shell;
    private Throttle throttle;
    /**
     * Each batch seen, and whether it had ended then. A batch is announced when it ends after it
     * was seen running, or was submitted here (a small batch may end between two looks); a batch
     * known only from an earlier session's events is not.
     */
    private final Map<String, Boolean> ended = new HashMap<>();
    private final Runnable jobsChanged = () -> throttle.request();

    @PostConstruct
    void create(Composite parent) {
        Composite box = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginHeight = 0;
        box.setLayout(layout);
        line = WidgetIds.tag(new CLabel(box, SWT.NONE), "status.line");
        GridData wide = new GridData(SWT.FILL, SWT.CENTER, true, false);
        wide.widthHint = 900;
        line.setLayoutData(wide);
        line.setText("");
        shell = parent.getShell();
        shell.addListener(SWT.Activate, e -> WindowAttention.clear(shell));
        throttle = new Throttle(parent.getDisplay(), 500, this::check);
        board.addListener(jobsChanged);
        check();
    }

    @PreDestroy
    void dispose() {
        board.removeListener(jobsChanged);
    }

    private void check() {
        if (line.isDisposed()) {
            return;
        }
        List<JobRow> jobs = board.jobs();
        Set<String> submittedHere = new HashSet<>();
        jobs.stream().filter(JobRow::submittedHere).forEach(row -> submittedHere.add(row.batch()));
        for (BatchProgress batch : BatchProgress.of(jobs)) {
            boolean isOver = batch.done() + batch.failed() + batch.cancelled() == batch.jobs();
            Boolean before = ended.put(batch.batch(), isOver);
            boolean wasRunning = before == null ? submittedHere.contains(batch.batch()) : !before;
            if (isOver && wasRunning) {
                announce(batch);
            }
        }
    }

    private void announce(BatchProgress batch) {
        StringBuilder text = new StringBuilder(batch.batch()).append(" ended at ").append(CLOCK.format(LocalTime.now()))
                .append(": ").append(batch.done()).append(" of ").append(batch.jobs()).append(" done");
        if (batch.failed() > 0) {
            text.append(", ").append(batch.failed()).append(" failed");
        }
        if (batch.cancelled() > 0) {
            text.append(", ").append(batch.cancelled()).append(" cancelled");
        }
        line.setText(text.toString());
        if (shell.getDisplay().getActiveShell() != shell || shell.getMinimized()) {
            WindowAttention.request(shell);
        }
    }
}
