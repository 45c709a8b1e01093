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
 * The workspace as a tree: a project per batch, filled as results arrive. Double-click opens an
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
                return ((IResource) element).getName();
            }
        });
        viewer.setComparator(new ViewerComparator());
        // Hidden names (.project, .settings) are Eclipse's, not results; a filter also applies to rows added later.
        viewer.addFilter(new org.eclipse.jface.viewers.ViewerFilter() {
            @Override
            public boolean select(org.eclipse.jface.viewers.Viewer v, Object parentElement, Object element) {
                return !((IResource) element).getName().startsWith(".");
            }
        });
        viewer.addDoubleClickListener(event -> {
            Object element = ((IStructuredSelection) event.getSelection()).getFirstElement();
            if (element instanceof IFile file) {
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
    }

    @PreDestroy
    void dispose() {
        workspace.removeResourceChangeListener(listener);
    }

    private void execute(String commandId) {
        handlers.executeHandler(commands.createCommand(commandId, null));
    }

    /** Adds and removes the rows of what changed, and brings the newest result into view. */
    private void applyChanges() {
        if (viewer.getControl().isDisposed()) {
            return;
        }
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

    private static final class WorkspaceContent implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return getChildren(input);
        }

        @Override
        public Object[] getChildren(Object parent) {
            if (parent instanceof IContainer container && container.isAccessible()) {
                try {
                    return container.members();
                } catch (CoreException e) {
                    return new Object[0];
                }
            }
            return new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            return ((IResource) element).getParent();
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof IContainer && java.util.Arrays.stream(getChildren(element))
                    .anyMatch(r -> !((IResource) r).getName().startsWith("."));
        }
    }
}
