package io.tessera.ui.session;

import java.io.ByteArrayInputStream;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Puts results into the workspace: one project per batch, originals and results side by side, so
 * the project tree mirrors the bucket's {@code inputs/} and {@code results/}.
 */
final class WorkspaceResults {
    private final IWorkspace workspace;

    WorkspaceResults(IWorkspace workspace) {
        this.workspace = workspace;
    }

    /** Writes {@code content} as {@code <batch>/<folder>/<name>} (at the project's top for an empty folder) and returns the file. */
    IFile store(String batch, String folder, String name, byte[] content, IProgressMonitor monitor)
            throws CoreException {
        IFile[] result = new IFile[1];
        // One workspace operation: listeners see the project, folder and file arrive together.
        workspace.run(m -> {
            IProject project = workspace.getRoot().getProject(batch);
            if (!project.exists()) {
                project.create(m);
            }
            if (!project.isOpen()) {
                project.open(m);
            }
            IFile file;
            if (folder.isEmpty()) {
                file = project.getFile(name);
            } else {
                IFolder dir = project.getFolder(folder);
                if (!dir.exists()) {
                    dir.create(IResource.FORCE, true, m);
                }
                file = dir.getFile(name);
            }
            if (file.exists()) {
                file.setContents(new ByteArrayInputStream(content), IResource.FORCE, m);
            } else {
                file.create(new ByteArrayInputStream(content), IResource.FORCE, m);
            }
            result[0] = file;
        }, workspace.getRoot(), IWorkspace.AVOID_UPDATE, monitor);
        return result[0];
    }
}
