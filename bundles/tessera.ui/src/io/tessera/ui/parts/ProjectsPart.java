package io.tessera.ui.parts;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.e4.core.commands.ECommandService;
import org.eclipse.e4.core.commands.EHandlerService;
import org.eclipse.e4.ui.workbench.modeling.ESelectionService;
import org.eclipse.e4.ui.services.EMenuService;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;

/**
 * The workspace as a tree: a project per batch, filled as results arrive, named with its progress
 * while it runs ("lab_run-… (37/100)"), results in natural order (img-2 before img-10); a result's
 * provenance record is shown as its properties, not as a file beside it; inputs that got no
 * result (failed, cancelled) are listed under "without a result" with the reason. Double-click opens an
 * image in the image editor; the context menu (and Delete, Ctrl+C, Ctrl+R on the tree) opens, runs
 * again, copies paths and deletes, through the same commands as the main menu.
 */
public final class ProjectsPart {
    public static final String ID = "tessera.ui.part.projects";
    static final String POPUP_ID = "tessera.ui.popup.projects";

    @Inject
    private IWorkspace workspace;
    @Inject
    private ImageEditors editors;
    @Inject
    private ESelectionService selection;
    @Inject
    private EMenuService menus;
    @Inject
    private ECommandService commands;
    @Inject
    private EHandlerService handlers;
    @Inject
    private io.tessera.ui.session.JobBoard board;
    /** Each batch's progress as the monitor last knew it, by project name; read on the UI thread. */
    private java.util.Map<String, io.tessera.ui.session.BatchProgress> progress = java.util.Map.of();
    /** The jobs of each batch that ended without a result, by project name; read on the UI thread. */
    private java.util.Map<String, java.util.List<io.tessera.ui.session.JobRow>> unfinished = java.util.Map.of();
    /** The same rows by job: the tree sorts and labels them one by one, thousands of times for a big batch. */
    private java.util.Map<String, io.tessera.ui.session.JobRow> unfinishedByJob = java.util.Map.of();

    /** A batch's inputs without a result, as a node of its project: rows of the monitor, not files. */
    record Unfinished(String batch) {
    }

    /** One input without a result, and why. */
    record Missing(String batch, String jobId) {
    }
    private final Runnable jobsChanged = () -> this.throttle.request();

    private TreeViewer viewer;
    /**
     * Results arrive in bursts (a batch of thousands finishing). Changes are gathered and applied
     * at most every {@value #REFRESH_MILLIS} ms, and only as what they are — rows added where
     * resources were added, removed where removed — because rebuilding the tree makes GTK measure
     * every row again, which at hundreds of rows stalls the window.
     */
    private static final int REFRESH_MILLIS = 500;
    private record Change(IResource resource, boolean added) {
    }
    private final java.util.concurrent.ConcurrentLinkedQueue<Change> changes = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private Throttle throttle;
    private final IResourceChangeListener listener = event -> {
        if (event.getDelta() == null) {
            return;
        }
        try {
            event.getDelta().accept(delta -> {
                switch (delta.getKind()) {
                    case IResourceDelta.ADDED -> changes.add(new Change(delta.getResource(), true));
                    case IResourceDelta.REMOVED -> changes.add(new Change(delta.getResource(), false));
                    default -> {
                        return true;
                    }
                }
                return false; // an added or removed folder's members come with it
            });
        } catch (CoreException e) {
            return;
        }
        if (!changes.isEmpty()) {
            throttle.request();
        }
    };

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new FillLayout());
        throttle = new Throttle(parent.getDisplay(), REFRESH_MILLIS, this::applyChanges);
        viewer = new TreeViewer(parent, SWT.BORDER | SWT.MULTI);
        WidgetIds.tag(viewer.getTree(), "projects.tree");
        viewer.setContentProvider(new WorkspaceContent());
        viewer.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                if (element instanceof Unfinished node) {
                    return "without a result (" + unfinished.getOrDefault(node.batch(), java.util.List.of()).size() + ")";
                }
                if (element instanceof Missing missing) {
                    io.tessera.ui.session.JobRow row = unfinishedByJob.get(missing.jobId());
                    return row == null ? missing.jobId()
                            : row.image() + " — " + row.state() + (row.error() == null ? "" : ": " + row.error());
                }
                IResource resource = (IResource) element;
                return resource instanceof org.eclipse.core.resources.IProject project
                        ? project.getName() + progressOf(project.getName()) : resource.getName();
            }
        });
        viewer.setComparator(new ViewerComparator(io.tessera.core.batch.NaturalOrder.INSTANCE) {
            @Override
            public int category(Object element) {
                return element instanceof Unfinished ? 1 : 0; // after the results folder
            }

            @Override
            public int compare(org.eclipse.jface.viewers.Viewer v, Object a, Object b) {
                if (category(a) != category(b)) {
                    return Integer.compare(category(a), category(b));
                }
                // By name, not by label: a project's progress must not move it.
                return io.tessera.core.batch.NaturalOrder.INSTANCE.compare(nameOf(a), nameOf(b));
            }
        });
        // Hidden names (.project, .settings) are Eclipse's, not results; a provenance record is shown
        // as its result's properties. A filter also applies to rows added later.
        viewer.addFilter(new org.eclipse.jface.viewers.ViewerFilter() {
            @Override
            public boolean select(org.eclipse.jface.viewers.Viewer v, Object parentElement, Object element) {
                if (!(element instanceof IResource resource)) {
                    return true;
                }
                return !resource.getName().startsWith(".")
                        && !(resource instanceof IFile file && Selections.isProvenance(file));
            }
        });
        viewer.addDoubleClickListener(event -> {
            Object element = ((IStructuredSelection) event.getSelection()).getFirstElement();
            if (element instanceof IFile file && Selections.isTable(file)) {
                // measurements.csv: the user's spreadsheet (the Measurements view shows it too)
                org.eclipse.swt.program.Program.launch(file.getLocation().toOSString());
            } else if (element instanceof IFile file) {
                editors.open(file.getLocation().toFile().toPath());
            } else if (element != null) {
                viewer.setExpandedState(element, !viewer.getExpandedState(element));
            }
        });
        viewer.addSelectionChangedListener(event -> selection.setSelection(event.getStructuredSelection()));
        menus.registerContextMenu(viewer.getControl(), POPUP_ID);
        viewer.getControl().addListener(SWT.KeyDown, event -> {
            if (event.keyCode == SWT.DEL) {
                execute("tessera.command.deleteResources");
            } else if ((event.stateMask & SWT.MOD1) != 0 && event.keyCode == 'c') {
                execute("tessera.command.copyPath");
            }
        });
        viewer.setInput(workspace.getRoot());
        workspace.addResourceChangeListener(listener, IResourceChangeEvent.POST_CHANGE);
        board.addListener(jobsChanged);
    }

    @PreDestroy
    void dispose() {
        workspace.removeResourceChangeListener(listener);
        board.removeListener(jobsChanged);
    }

    /** " (37/100)" while a batch runs, " (98/100, 2 failed)" once it ended with failures, else nothing. */
    private String progressOf(String project) {
        io.tessera.ui.session.BatchProgress batch = progress.get(project);
        if (batch == null) {
            return "";
        }
        boolean running = batch.done() + batch.failed() + batch.cancelled() < batch.jobs();
        String without = (batch.failed() > 0 ? ", " + batch.failed() + " failed" : "")
                + (batch.cancelled() > 0 ? ", " + batch.cancelled() + " cancelled" : "");
        return running || !without.isEmpty() ? " (" + batch.done() + "/" + batch.jobs() + without + ")" : "";
    }

    /** What a node is called for sorting: a resource's name, a missing input's image. */
    private String nameOf(Object element) {
        if (element instanceof IResource resource) {
            return resource.getName();
        }
        if (element instanceof Missing missing) {
            io.tessera.ui.session.JobRow row = unfinishedByJob.get(missing.jobId());
            return row == null ? missing.jobId() : row.image();
        }
        return "";
    }

    /**
     * Relabels the projects whose batch moved since the last time, and adds the inputs that ended
     * without a result under their project (a few rows, added as they come: no project is rebuilt).
     */
    private void relabelProjects() {
        java.util.List<io.tessera.ui.session.JobRow> rows = board.jobs();
        java.util.Map<String, java.util.List<io.tessera.ui.session.JobRow>> noResult = new java.util.HashMap<>();
        java.util.Map<String, io.tessera.ui.session.JobRow> byJob = new java.util.HashMap<>();
        for (io.tessera.ui.session.JobRow row : rows) {
            if (row.state() == io.tessera.core.job.JobState.FAILED || row.state() == io.tessera.core.job.JobState.CANCELLED) {
                noResult.computeIfAbsent(row.batch(), b -> new java.util.ArrayList<>()).add(row);
                byJob.put(row.jobId(), row);
            }
        }
        java.util.Map<String, java.util.List<io.tessera.ui.session.JobRow>> shownBefore = unfinished;
        unfinished = noResult;
        unfinishedByJob = byJob;
        noResult.forEach((batch, missing) -> {
            org.eclipse.core.resources.IProject project = workspace.getRoot().getProject(batch);
            if (!project.exists()) {
                return;
            }
            java.util.List<io.tessera.ui.session.JobRow> before = shownBefore.getOrDefault(batch, java.util.List.of());
            Unfinished node = new Unfinished(batch);
            if (before.isEmpty()) {
                viewer.add(project, node);
            } else if (before.size() != missing.size()) {
                viewer.update(node, null);
            }
            java.util.Set<String> known = new java.util.HashSet<>();
            before.forEach(row -> known.add(row.jobId()));
            Object[] added = missing.stream().filter(row -> !known.contains(row.jobId()))
                    .map(row -> new Missing(batch, row.jobId())).toArray();
            if (added.length > 0) {
                viewer.add(node, added);
            }
        });
        java.util.Map<String, io.tessera.ui.session.BatchProgress> now = new java.util.HashMap<>();
        for (io.tessera.ui.session.BatchProgress batch : io.tessera.ui.session.BatchProgress.of(rows)) {
            now.put(batch.batch(), batch);
        }
        java.util.Map<String, io.tessera.ui.session.BatchProgress> before = progress;
        progress = now;
        for (String batch : now.keySet()) {
            if (!now.get(batch).equals(before.get(batch))) {
                org.eclipse.core.resources.IProject project = workspace.getRoot().getProject(batch);
                if (project.exists()) {
                    viewer.update(project, null);
                }
            }
        }
    }

    private void execute(String commandId) {
        handlers.executeHandler(commands.createCommand(commandId, null));
    }

    /** Adds and removes the rows of what changed, and brings the newest result into view. */
    private void applyChanges() {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        relabelProjects();
        IFile newest = null;
        for (Change change; (change = changes.poll()) != null;) {
            IResource resource = change.resource();
            if (!change.added()) {
                viewer.remove(resource);
            } else if (resource.exists()) {
                viewer.add(resource.getParent(), resource);
                if (resource instanceof IFile file && !Selections.isProvenance(file)) {
                    newest = file;
                }
            }
        }
        if (newest != null && newest.exists()) {
            viewer.reveal(newest);
        }
    }

    private final class WorkspaceContent implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return getChildren(input);
        }

        @Override
        public Object[] getChildren(Object parent) {
            if (parent instanceof Unfinished node) {
                return unfinished.getOrDefault(node.batch(), java.util.List.of()).stream()
                        .map(row -> new Missing(node.batch(), row.jobId())).toArray();
            }
            if (parent instanceof IContainer container && container.isAccessible()) {
                try {
                    IResource[] members = container.members();
                    if (container instanceof org.eclipse.core.resources.IProject project
                            && unfinished.containsKey(project.getName())) {
                        Object[] withNode = java.util.Arrays.copyOf(members, members.length + 1, Object[].class);
                        withNode[members.length] = new Unfinished(project.getName());
                        return withNode;
                    }
                    return members;
                } catch (CoreException e) {
                    return new Object[0];
                }
            }
            return new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            if (element instanceof Unfinished node) {
                return workspace.getRoot().getProject(node.batch());
            }
            if (element instanceof Missing missing) {
                return new Unfinished(missing.batch());
            }
            return ((IResource) element).getParent();
        }

        @Override
        public boolean hasChildren(Object element) {
            if (element instanceof Unfinished) {
                return true;
            }
            return element instanceof IContainer && java.util.Arrays.stream(getChildren(element))
                    .anyMatch(r -> !(r instanceof IResource resource) || !resource.getName().startsWith("."));
        }
    }
}
