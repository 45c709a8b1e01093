package io.tessera.ui.parts;

import io.tessera.ui.session.JobRow;
import io.tessera.ui.session.TesseraSession;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.util.function.Function;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/**
 * Every job this workbench submitted, with its state, the rank that ran it and what came of it;
 * above them, the cluster's state as it last reported it.
 */
public final class QueueMonitorPart {
    @Inject
    private TesseraSession session;
    @Inject
    private UISynchronize ui;

    private TableViewer viewer;
    private Label cluster;
    private final Runnable refresh = () -> ui.asyncExec(this::refresh);

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite header = new Composite(parent, SWT.NONE);
        header.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        header.setLayout(new GridLayout(3, false));
        cluster = new Label(header, SWT.NONE);
        cluster.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        WidgetIds.tag(cluster, "monitor.cluster");
        Button deadLetters = WidgetIds.tag(new Button(header, SWT.PUSH), "monitor.deadLetters");
        deadLetters.setText("Dead letters…");
        deadLetters.setToolTipText("Jobs the cluster could not run, and why: run them again or discard them");
        deadLetters.addListener(SWT.Selection, e -> new DeadLettersDialog(parent.getShell(), session).open());
        Button connection = WidgetIds.tag(new Button(header, SWT.PUSH), "monitor.connection");
        connection.setText("Connection…");
        connection.setToolTipText("Which S3 and SQS Tessera uses, and whether bucket, queues and credentials work");
        connection.addListener(SWT.Selection, e -> new ConnectionDialog(parent.getShell(), session).open());
        viewer = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        WidgetIds.tag(viewer.getTable(), "monitor.table");
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        column("Image", 160, JobRow::image);
        column("State", 90, row -> row.state().name());
        column("Rank", 50, row -> row.rank() < 0 ? "" : Integer.toString(row.rank()));
        // The reason of a failure is what a user reads first: it comes right after the state.
        column("Result or error", 430, row -> row.error() != null ? row.error()
                : row.localResult() != null ? row.localResult() : row.outputKey() == null ? "" : row.outputKey());
        column("Time", 70, row -> row.millis() == 0 ? "" : row.millis() + " ms");
        column("Pipeline", 200, JobRow::pipeline);
        column("Batch", 230, JobRow::batch);
        session.addListener(refresh);
        session.watchCluster();
        refresh();
    }

    @PreDestroy
    void dispose() {
        session.removeListener(refresh);
    }

    private void column(String title, int width, Function<JobRow, String> text) {
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.LEFT);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((JobRow) element);
            }
        });
    }

    private void refresh() {
        if (!viewer.getControl().isDisposed()) {
            cluster.setText(session.clusterSummary());
            viewer.setInput(session.jobs());
        }
    }
}
