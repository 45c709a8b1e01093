package io.tessera.ui.handlers;

import io.tessera.core.job.Provenance;
import io.tessera.ui.parts.Selections;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

/**
 * Delete… (project tree, Delete key): removes the selected results, folders or batch projects from
 * the workspace and the disk after asking. A result's provenance record goes with it. The bucket
 * is not touched: results stay under {@code results/<batch>/}.
 */
public final class DeleteResourcesHandler {
    @CanExecute
    boolean canExecute(@Optional @Named(IServiceConstants.ACTIVE_SELECTION) Object selection) {
        return !Selections.resources(selection).isEmpty();
    }

    @Execute
    void execute(@Optional @Named(IServiceConstants.ACTIVE_SELECTION) Object selection,
            @Named(IServiceConstants.ACTIVE_SHELL) Shell shell, IWorkspace workspace) {
        List<IResource> chosen = Selections.resources(selection);
        if (chosen.isEmpty()) {
            return;
        }
        String what = chosen.size() == 1 ? chosen.get(0).getName() : chosen.size() + " items";
        if (!MessageDialog.openConfirm(shell, "Delete", "Delete " + what + " from the workspace and the disk?\n\n"
                + "The results stay in the bucket; only this workspace's copies go.")) {
            return;
        }
        List<IResource> doomed = new ArrayList<>(chosen);
        for (IResource resource : chosen) {
            if (resource instanceof IFile file && !file.getName().endsWith(Provenance.SUFFIX)) {
                IFile record = file.getParent().getFile(IPath.fromPortableString(file.getName() + Provenance.SUFFIX));
                if (record.exists() && !doomed.contains(record)) {
                    doomed.add(record);
                }
            }
        }
        WorkspaceJob job = new WorkspaceJob("Deleting " + what) {
            @Override
            public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
                for (IResource resource : doomed) {
                    if (!resource.exists()) {
                        continue; // inside a folder deleted just before
                    }
                    if (resource instanceof IProject project) {
                        project.delete(true, true, monitor);
                    } else {
                        resource.delete(true, monitor);
                    }
                }
                return Status.OK_STATUS;
            }
        };
        job.setRule(workspace.getRoot());
        job.setUser(true);
        job.schedule();
    }
}
