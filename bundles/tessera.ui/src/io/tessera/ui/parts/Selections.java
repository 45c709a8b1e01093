package io.tessera.ui.parts;

import io.tessera.core.job.Provenance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.viewers.IStructuredSelection;

/** What the project tree's selection means to the commands that act on it. */
public final class Selections {
    private Selections() {
    }

    /** The workspace resources selected, in order; empty for anything else. */
    public static List<IResource> resources(Object selection) {
        List<IResource> found = new ArrayList<>();
        if (selection instanceof IStructuredSelection structured) {
            for (Object element : structured.toList()) {
                if (element instanceof IResource resource && resource.exists()) {
                    found.add(resource);
                }
            }
        }
        return found;
    }

    /**
     * The results Tessera made among the selection, on disk: selected images with a provenance
     * record beside them, and those inside selected folders and projects.
     */
    public static List<Path> results(Object selection) {
        Set<Path> found = new LinkedHashSet<>();
        for (IResource resource : resources(selection)) {
            collectResults(resource, found);
        }
        return List.copyOf(found);
    }

    /** The selected files that are images (not provenance records, not tables), for the editor. */
    public static List<Path> images(Object selection) {
        return resources(selection).stream().filter(r -> r instanceof IFile && !isProvenance(r) && !isTable(r))
                .map(r -> r.getLocation().toFile().toPath()).toList();
    }

    private static void collectResults(IResource resource, Set<Path> found) {
        if (resource instanceof IContainer container) {
            try {
                for (IResource member : container.members()) {
                    collectResults(member, found);
                }
            } catch (CoreException e) {
                // a closed or vanished folder holds nothing to run
            }
        } else if (resource instanceof IFile file) {
            IFile result = isProvenance(file) ? file.getParent().getFile(org.eclipse.core.runtime.IPath
                    .fromPortableString(file.getName().substring(0, file.getName().length() - Provenance.SUFFIX.length())))
                    : file;
            IFile record = result.getParent().getFile(org.eclipse.core.runtime.IPath
                    .fromPortableString(result.getName() + Provenance.SUFFIX));
            if (result.exists() && record.exists()) {
                found.add(result.getLocation().toFile().toPath());
            }
        }
    }

    /** A table (a batch's measurements.csv), not an image. */
    static boolean isTable(IResource resource) {
        return resource.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    }

    static boolean isProvenance(IResource resource) {
        return resource.getName().endsWith(Provenance.SUFFIX);
    }
}
