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
import org.eclipse.e4.ui.di.UISynchronize;
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
 * image in the image editor.
 */
public final class ProjectsPart {
    @Inject
    private IWorkspace workspace;
    @Inject
    private UISynchronize ui;
    @Inject
    private ImageEditors editors;

    private TreeViewer viewer;
    private final IResourceChangeListener listener = event -> {
        IFile added = lastAddedFile(event.getDelta());
        ui.asyncExec(() -> refresh(added));
    };

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new FillLayout());
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
        viewer.addDoubleClickListener(event -> {
            Object element = ((IStructuredSelection) event.getSelection()).getFirstElement();
            if (element instanceof IFile file) {
                editors.open(file.getLocation().toFile().toPath());
            } else if (element != null) {
                viewer.setExpandedState(element, !viewer.getExpandedState(element));
            }
        });
        viewer.setInput(workspace.getRoot());
        workspace.addResourceChangeListener(listener, IResourceChangeEvent.POST_CHANGE);
    }

    @PreDestroy
    void dispose() {
        workspace.removeResourceChangeListener(listener);
    }

    /** Refreshes, and brings the newest result into view so that a user sees results arrive. */
    private void refresh(IFile added) {
        if (!viewer.getControl().isDisposed()) {
            viewer.refresh();
            if (added != null && added.exists()) {
                viewer.reveal(added);
            }
        }
    }

    private static IFile lastAddedFile(IResourceDelta delta) {
        if (delta == null) {
            return null;
        }
        IFile[] last = new IFile[1];
        try {
            delta.accept(d -> {
                if (d.getKind() == IResourceDelta.ADDED && d.getResource() instanceof IFile file) {
                    last[0] = file;
                }
                return true;
            });
        } catch (CoreException e) {
            return null;
        }
        return last[0];
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
                    return java.util.Arrays.stream(container.members())
                            .filter(r -> !r.getName().startsWith(".")).toArray();
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
            return element instanceof IContainer && getChildren(element).length > 0;
        }
    }
}
