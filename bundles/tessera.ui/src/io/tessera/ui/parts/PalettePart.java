package io.tessera.ui.parts;

import ij.process.ImageProcessor;
import io.tessera.core.job.JobCodec;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.Operation;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.op.PixelType;
import io.tessera.ops.imagej.UnreadableImageException;
import io.tessera.core.op.OperationCatalog;
import io.tessera.ui.session.NextBatch;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * Operations by category with a search box; the chosen one's parameter form, generated from its
 * declaration and checked as you type; a pipeline of steps that can be reordered and switched
 * off; presets saved and loaded as files; and a live preview of the pipeline on a small copy of
 * the image selected in the upload view, computed here before anything is submitted. Nothing
 * here knows a particular operation.
 */
public final class PalettePart {
    public static final String ID = "tessera.ui.part.palette";
    /** The preview works on a copy this size: quick enough to follow every keystroke. */
    private static final int PREVIEW_SIDE = 256;

    @Inject
    private NextBatch nextBatch;
    private OperationCatalog catalog;

    private ScrolledComposite scroll;
    private TreeViewer operationTree;
    private Operation operation;
    private Label description;
    private Composite form;
    /** Reads each parameter's value from its widget, as text, choice or flag. */
    private final Map<Parameter, Supplier<Object>> fields = new LinkedHashMap<>();
    private Table pipelineTable;
    private final List<PipelineStep> pipeline = new ArrayList<>();
    private Label message;
    private Canvas preview;
    private CLabel previewInfo;
    private Image previewImage;
    private Throttle previewThrottle;
    /** What the preview shows now, so that it is computed again only when one of them changes. */
    private Path previewFile;
    private List<PipelineStep> previewSteps;
    private int previewGeneration;
    /** The small copy of the preview's image, decoded once per file. */
    private volatile Map.Entry<Path, ImageProcessor> previewSource;
    private final Runnable nextBatchChanged = () -> previewThrottle.request();

    /**
     * The catalogue, before the view is made and again whenever Reload Plugins replaces it: the
     * list follows, the form stays on the operation it shows while that is still there, and
     * pipeline steps whose operation went are named.
     */
    @Inject
    void catalogue(OperationCatalog replaced) {
        catalog = replaced;
        if (operationTree == null || operationTree.getControl().isDisposed()) {
            return;
        }
        operationTree.setInput(catalog);
        String shownId = operation == null ? null : operation.id();
        List<Operation> sorted = sortedOperations();
        sorted.stream().filter(op -> op.id().equals(shownId)).findFirst()
                .or(() -> sorted.stream().findFirst()).ifPresent(this::select);
        List<String> orphans = pipeline.stream().map(PipelineStep::op).filter(id -> !catalog.knows(id)).distinct()
                .toList();
        message.setText(orphans.isEmpty() ? "" : "The pipeline uses operations no longer loaded: "
                + String.join(", ", orphans) + ". Remove those steps, or put their plugin back and reload.");
        previewSteps = null; // the same steps may now run another version of a plugin
        previewThrottle.request();
    }

    @PostConstruct
    void create(Composite view) {
        // Taller than the view often is: it scrolls rather than squeezing the pipeline and preview.
        view.setLayout(new org.eclipse.swt.layout.FillLayout());
        scroll = WidgetIds.tag(new ScrolledComposite(view, SWT.V_SCROLL), "palette.scroll");
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        Composite parent = new Composite(scroll, SWT.NONE);
        scroll.setContent(parent);
        scroll.addListener(SWT.Resize, e -> fitContent());
        parent.setLayout(new GridLayout(2, false));
        previewThrottle = new Throttle(parent.getDisplay(), 300, this::updatePreview);
        createOperationChooser(parent);

        description = WidgetIds.tag(new Label(parent, SWT.WRAP), "palette.description");
        description.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        form = new Composite(parent, SWT.NONE);
        form.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        form.setLayout(new GridLayout(3, false));
        Button addStep = WidgetIds.tag(new Button(parent, SWT.PUSH), "palette.addStep");
        addStep.setText("Add to pipeline");
        addStep.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false, 2, 1));
        addStep.addListener(SWT.Selection, e -> currentStep().ifPresent(step -> {
            pipeline.add(step);
            showPipeline(pipeline.size() - 1);
        }));

        createPipelineEditor(parent);
        createPreview(parent);

        Button submit = WidgetIds.tag(new Button(parent, SWT.PUSH), "palette.submit");
        submit.setText("Submit");
        submit.setToolTipText("Submit the images of the upload view with this pipeline (Ctrl+Enter)");
        submit.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false, 2, 1));
        submit.addListener(SWT.Selection, e -> submit());
        message = WidgetIds.tag(new Label(parent, SWT.WRAP), "palette.message");
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        nextBatch.addListener(nextBatchChanged);
        List<Operation> sorted = sortedOperations();
        if (!sorted.isEmpty()) {
            select(sorted.get(0));
        }
        fitContent();
    }

    /** The scrolled content's height for the view's width: after the form changes, it scrolls as far as needed. */
    private void fitContent() {
        Composite content = (Composite) scroll.getContent();
        int width = scroll.getClientArea().width;
        scroll.setMinSize(content.computeSize(width > 0 ? width : SWT.DEFAULT, SWT.DEFAULT));
        content.layout(true, true);
    }

    @PreDestroy
    void dispose() {
        nextBatch.removeListener(nextBatchChanged);
        if (previewImage != null) {
            previewImage.dispose();
        }
    }

    private void createOperationChooser(Composite parent) {
        Text search = WidgetIds.tag(new Text(parent, SWT.BORDER | SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL),
                "palette.search");
        search.setMessage("Search operations");
        search.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        operationTree = new TreeViewer(parent, SWT.BORDER | SWT.SINGLE);
        WidgetIds.tag(operationTree.getTree(), "palette.operations");
        // The operations and the pipeline share what height the view has beyond their minimum.
        GridData treeData = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        treeData.heightHint = 120;
        operationTree.getTree().setLayoutData(treeData);
        operationTree.setContentProvider(new Categories());
        operationTree.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                return element instanceof Operation op ? op.info().label() : (String) element;
            }
        });
        operationTree.addFilter(new ViewerFilter() {
            @Override
            public boolean select(Viewer viewer, Object parentElement, Object element) {
                String wanted = search.getText().strip().toLowerCase(Locale.ROOT);
                if (wanted.isEmpty()) {
                    return true;
                }
                if (element instanceof Operation op) {
                    return matches(op, wanted);
                }
                return sortedOperations().stream().anyMatch(op -> op.info().category().equals(element) && matches(op, wanted));
            }
        });
        operationTree.setInput(catalog);
        operationTree.addSelectionChangedListener(e -> {
            if (e.getStructuredSelection().getFirstElement() instanceof Operation op && op != operation) {
                operation = op;
                showForm();
            }
        });
        search.addListener(SWT.Modify, e -> {
            operationTree.refresh();
            operationTree.expandAll();
            // With one operation left, it is the one meant.
            List<Operation> left = sortedOperations().stream()
                    .filter(op -> matches(op, search.getText().strip().toLowerCase(Locale.ROOT))).toList();
            if (left.size() == 1) {
                select(left.get(0));
            }
        });
    }

    private static boolean matches(Operation op, String wanted) {
        return (op.info().label() + " " + op.id() + " " + String.join(" ", op.aliases()) + " "
                + op.info().description() + " " + op.info().category())
                .toLowerCase(Locale.ROOT).contains(wanted);
    }

    private void createPipelineEditor(Composite parent) {
        Label pipelineLabel = new Label(parent, SWT.WRAP);
        pipelineLabel.setText("Pipeline (empty: the operation above alone; unticked steps are skipped)");
        pipelineLabel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        pipelineTable = WidgetIds.tag(new Table(parent, SWT.BORDER | SWT.SINGLE | SWT.CHECK | SWT.FULL_SELECTION),
                "palette.pipeline");
        GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        tableData.heightHint = 80;
        pipelineTable.setLayoutData(tableData);
        pipelineTable.addListener(SWT.Selection, e -> {
            if (e.detail == SWT.CHECK) {
                previewThrottle.request();
            }
        });
        Composite buttons = new Composite(parent, SWT.NONE);
        buttons.setLayout(new RowLayout());
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        stepButton(buttons, "palette.moveUp", "Up", "Run the selected step earlier", index -> move(index, -1));
        stepButton(buttons, "palette.moveDown", "Down", "Run the selected step later", index -> move(index, 1));
        stepButton(buttons, "palette.removeStep", "Remove", "Remove the selected step", index -> {
            pipeline.remove((int) index);
            showPipeline(Math.min(index, pipeline.size() - 1));
        });
        Button save = WidgetIds.tag(new Button(buttons, SWT.PUSH), "palette.save");
        save.setText("Save…");
        save.setToolTipText("Save the pipeline as a .tessera-pipeline preset");
        save.addListener(SWT.Selection, e -> savePipeline());
        Button load = WidgetIds.tag(new Button(buttons, SWT.PUSH), "palette.load");
        load.setText("Load…");
        load.setToolTipText("Load a .tessera-pipeline preset, or a result's .provenance.json to make it again");
        load.addListener(SWT.Selection, e -> loadPipeline());
        Button macro = WidgetIds.tag(new Button(buttons, SWT.PUSH), "palette.exportMacro");
        macro.setText("ImageJ Macro…");
        macro.setToolTipText("Export as ImageJ macro: the ticked steps as an .ijm that gives the same pixels in"
                + " ImageJ or Fiji");
        macro.addListener(SWT.Selection, e -> exportMacro());
    }

    private void stepButton(Composite parent, String id, String text, String tooltip,
            java.util.function.IntConsumer action) {
        Button button = WidgetIds.tag(new Button(parent, SWT.PUSH), id);
        button.setText(text);
        button.setToolTipText(tooltip);
        button.addListener(SWT.Selection, e -> {
            int index = pipelineTable.getSelectionIndex();
            if (index >= 0 && index < pipeline.size()) {
                action.accept(index);
            }
        });
    }

    private void move(int index, int by) {
        int target = index + by;
        if (target < 0 || target >= pipeline.size()) {
            return;
        }
        boolean[] enabled = enabledSteps();
        PipelineStep step = pipeline.remove(index);
        pipeline.add(target, step);
        boolean keep = enabled[index];
        enabled[index] = enabled[target];
        enabled[target] = keep;
        showPipeline(target);
        for (int i = 0; i < enabled.length; i++) {
            pipelineTable.getItem(i).setChecked(enabled[i]);
        }
    }

    private void createPreview(Composite parent) {
        Label title = new Label(parent, SWT.NONE);
        title.setText("Preview");
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        preview = WidgetIds.tag(new Canvas(parent, SWT.BORDER | SWT.DOUBLE_BUFFERED), "palette.preview");
        GridData previewData = new GridData(SWT.CENTER, SWT.CENTER, false, false, 2, 1);
        previewData.widthHint = PREVIEW_SIDE;
        previewData.heightHint = PREVIEW_SIDE;
        preview.setLayoutData(previewData);
        preview.addPaintListener(e -> {
            if (previewImage != null) {
                Rectangle size = previewImage.getBounds();
                Rectangle area = preview.getClientArea();
                e.gc.drawImage(previewImage, (area.width - size.width) / 2, (area.height - size.height) / 2);
            }
        });
        previewInfo = WidgetIds.tag(new CLabel(parent, SWT.NONE), "palette.previewInfo");
        previewInfo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
    }

    private List<Operation> sortedOperations() {
        List<Operation> sorted = new ArrayList<>(catalog.operations());
        sorted.sort(java.util.Comparator.comparing((Operation op) -> op.info().category())
                .thenComparing(op -> op.info().label()));
        return sorted;
    }

    private void select(Operation op) {
        operationTree.setSelection(new org.eclipse.jface.viewers.StructuredSelection(op), true);
        if (operation != op) {
            operation = op;
            showForm();
        }
    }

    private void showForm() {
        for (Control child : form.getChildren()) {
            child.dispose();
        }
        fields.clear();
        description.setText(operation.info().description() + " (" + operation.info().category() + ")");
        for (Parameter p : operation.info().parameters()) {
            new Label(form, SWT.NONE).setText(p.label());
            String id = "palette.param." + p.name();
            switch (p.kind()) {
                case CHOICE -> {
                    Combo field = WidgetIds.tag(new Combo(form, SWT.READ_ONLY | SWT.DROP_DOWN), id);
                    p.choices().forEach(field::add);
                    field.select(p.choices().indexOf(p.defaultValue()));
                    field.addListener(SWT.Selection, e -> formChanged());
                    fields.put(p, field::getText);
                }
                case FLAG -> {
                    Button field = WidgetIds.tag(new Button(form, SWT.CHECK), id);
                    field.setSelection((Boolean) p.defaultValue());
                    field.addListener(SWT.Selection, e -> formChanged());
                    fields.put(p, field::getSelection);
                }
                case CODE -> {
                    codeEditor(p, id);
                    continue; // the editor takes the unit's column too
                }
                default -> {
                    Text field = WidgetIds.tag(new Text(form, SWT.BORDER), id);
                    field.setText(Parameter.format(p.defaultValue()));
                    field.setToolTipText(p.name() + ": " + p.describe());
                    field.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
                    field.addListener(SWT.Modify, e -> formChanged());
                    fields.put(p, () -> field.getText().strip());
                }
            }
            new Label(form, SWT.NONE).setText(p.unit());
        }
        fitContent();
        formChanged();
    }

    /**
     * A macro's code: several lines in the editor's fixed-width font, under its label, with a
     * button that loads an {@code .ijm} file; the preview runs it as it is typed (throttled), and
     * says where it fails.
     */
    private void codeEditor(Parameter p, String id) {
        Text field = WidgetIds.tag(new Text(form, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL), id);
        org.eclipse.swt.graphics.FontData[] base = field.getFont().getFontData();
        org.eclipse.swt.graphics.Font fixedWidth = new org.eclipse.swt.graphics.Font(field.getDisplay(), "Monospace",
                base[0].getHeight(), SWT.NORMAL);
        field.setFont(fixedWidth);
        field.addListener(SWT.Dispose, e -> fixedWidth.dispose());
        field.setText(Parameter.format(p.defaultValue()));
        field.setToolTipText(p.name() + ": " + p.describe() + "; ImageJ's macro language, run in batch mode");
        GridData data = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
        data.heightHint = field.getLineHeight() * 8;
        data.widthHint = 200;
        field.setLayoutData(data);
        field.addListener(SWT.Modify, e -> formChanged());
        fields.put(p, field::getText);
        new Label(form, SWT.NONE);
        Button open = WidgetIds.tag(new Button(form, SWT.PUSH), id + ".open");
        open.setText("Open Macro File…");
        open.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false, 2, 1));
        open.addListener(SWT.Selection, e -> {
            org.eclipse.swt.widgets.FileDialog dialog = new org.eclipse.swt.widgets.FileDialog(form.getShell(), SWT.OPEN);
            dialog.setFilterExtensions(new String[] {"*.ijm;*.txt", "*"});
            String chosen = dialog.open();
            if (chosen != null) {
                try {
                    field.setText(java.nio.file.Files.readString(Path.of(chosen)));
                } catch (IOException | java.io.UncheckedIOException ex) {
                    message.setText("cannot read " + chosen + ": " + ex.getMessage());
                }
            }
        });
    }

    private void formChanged() {
        currentStep();
        previewThrottle.request();
    }

    /** The step the form describes, or empty with the problem shown under the form. */
    private Optional<PipelineStep> currentStep() {
        Map<String, Object> values = new LinkedHashMap<>();
        fields.forEach((parameter, value) -> values.put(parameter.name(), value.get()));
        PipelineStep step = new PipelineStep(operation.id(), values);
        try {
            catalog.bind(step);
        } catch (InvalidPipelineException e) {
            message.setText(e.getMessage());
            message.getParent().layout();
            return Optional.empty();
        }
        message.setText("");
        return Optional.of(step);
    }

    /** The steps a submission runs: the ticked steps of the pipeline, or the form's step alone. */
    private Optional<List<PipelineStep>> stepsToRun() {
        if (pipeline.isEmpty()) {
            return currentStep().map(List::of);
        }
        boolean[] enabled = enabledSteps();
        List<PipelineStep> steps = new ArrayList<>();
        for (int i = 0; i < pipeline.size(); i++) {
            if (enabled[i]) {
                steps.add(pipeline.get(i));
            }
        }
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps);
    }

    private boolean[] enabledSteps() {
        boolean[] enabled = new boolean[pipeline.size()];
        for (int i = 0; i < enabled.length; i++) {
            enabled[i] = i >= pipelineTable.getItemCount() || pipelineTable.getItem(i).getChecked();
        }
        return enabled;
    }

    /** Submits the pending images with the ticked steps (or, with no pipeline, the operation in the form). */
    public void submit() {
        Optional<List<PipelineStep>> steps = stepsToRun();
        if (steps.isEmpty()) {
            if (!pipeline.isEmpty()) {
                message.setText("tick at least one step of the pipeline");
            }
            return;
        }
        try {
            checkCodeOnThePreview(steps.get());
            nextBatch.submit(steps.get());
            message.setText("Submitted " + steps.get().size() + "-step pipeline; see the queue monitor.");
        } catch (IllegalArgumentException | InvalidPipelineException e) {
            message.setText(e.getMessage());
        }
        message.getParent().layout();
    }

    /** The steps that Submit would run, as an ImageJ macro, in a dialog to copy or save it from. */
    private void exportMacro() {
        Optional<List<PipelineStep>> steps = stepsToRun();
        if (steps.isEmpty()) {
            message.setText(pipeline.isEmpty() ? "choose an operation, or add steps, to export them as a macro"
                    : "tick at least one step of the pipeline");
            message.getParent().layout();
            return;
        }
        try {
            ImageJMacroDialog.open(pipelineTable.getShell(), catalog, steps.get(), "the palette",
                    "tessera-pipeline.ijm");
        } catch (InvalidPipelineException e) {
            message.setText(e.getMessage());
            message.getParent().layout();
        }
    }

    private void savePipeline() {
        if (pipeline.isEmpty()) {
            message.setText("add steps to the pipeline before saving it");
            return;
        }
        FileDialog dialog = new FileDialog(pipelineTable.getShell(), SWT.SAVE);
        dialog.setFilterExtensions(new String[] {"*.tessera-pipeline"});
        dialog.setOverwrite(true);
        String target = dialog.open();
        if (target != null) {
            try {
                Files.writeString(Path.of(target), JobCodec.encodePipeline(stepsToRun().orElse(pipeline)));
                message.setText("saved " + target);
            } catch (IOException e) {
                message.setText("cannot save " + target + ": " + e.getMessage());
            }
        }
    }

    /** Small text files: read on the UI thread without noticeable delay. */
    private void loadPipeline() {
        FileDialog dialog = new FileDialog(pipelineTable.getShell(), SWT.OPEN);
        dialog.setFilterExtensions(new String[] {"*.tessera-pipeline;*.provenance.json", "*"});
        String source = dialog.open();
        if (source == null) {
            return;
        }
        try {
            List<PipelineStep> loaded = JobCodec.decodePipeline(Files.readString(Path.of(source)));
            catalog.validate(loaded);
            pipeline.clear();
            pipeline.addAll(loaded);
            showPipeline(0);
            message.setText("loaded " + source);
        } catch (IOException | io.tessera.core.job.ProtocolException | InvalidPipelineException e) {
            message.setText("cannot load " + source + ": " + e.getMessage());
        }
    }

    /** Shows the pipeline with every step ticked but those unticked before, and selects one. */
    private void showPipeline(int selected) {
        boolean[] enabled = enabledSteps();
        pipelineTable.removeAll();
        for (int i = 0; i < pipeline.size(); i++) {
            TableItem item = new TableItem(pipelineTable, SWT.NONE);
            item.setText((i + 1) + ". " + pipeline.get(i));
            item.setChecked(i >= enabled.length || enabled[i]);
        }
        if (selected >= 0 && selected < pipeline.size()) {
            pipelineTable.setSelection(selected);
        }
        previewThrottle.request();
    }

    /**
     * Runs the steps on a small copy of the image selected in the upload view (else its first), in
     * a Job; a newer request supersedes an older one still running. Operations that look at a
     * neighbourhood (blur radius, median) act relatively more strongly on the small copy.
     */
    private void updatePreview() {
        if (preview.isDisposed()) {
            return;
        }
        Optional<Path> file = nextBatch.previewImage();
        Optional<List<PipelineStep>> steps = stepsToRun();
        if (file.isEmpty()) {
            // No picture left of an image that left the upload view, nor a preview still coming for it.
            previewGeneration++;
            previewFile = null;
            previewSteps = null;
            if (previewImage != null) {
                previewImage.dispose();
                previewImage = null;
                preview.redraw();
            }
            preview.setData("tessera.previewSteps", null);
            previewInfo.setText("Add an image to the upload view to preview the pipeline on it");
            return;
        }
        List<PipelineStep> run = steps.orElse(List.of());
        if (file.get().equals(previewFile) && run.equals(previewSteps)) {
            return;
        }
        previewFile = file.get();
        previewSteps = run;
        int generation = ++previewGeneration;
        previewInfo.setText("Previewing " + file.get().getFileName() + " …");
        org.eclipse.swt.widgets.Display display = preview.getDisplay();
        Job job = Job.create("Previewing the pipeline", monitor -> {
            String text;
            Image image = null;
            try {
                ImageProcessor small = smallCopyOf(file.get()).duplicate();
                ImageProcessor result = small;
                int rows = 0;
                if (!run.isEmpty()) {
                    catalog.validate(run, PixelType.of(small));
                    // A macro runs in a JVM of its own, as on a rank; the rest here.
                    OperationCatalog.Outcome outcome = catalog.carriesCode(run)
                            ? io.tessera.ui.session.MacroPreview.run(small, run) : catalog.run(small, run);
                    result = outcome.image();
                    rows = outcome.tables().stream().mapToInt(t -> t.rows().size()).sum();
                }
                image = new Image(display, ScreenImages.toImageData(result));
                text = file.get().getFileName() + (run.isEmpty() ? " (no step to apply)" : " after "
                        + run.size() + " step(s), on a copy of at most " + PREVIEW_SIDE + " px")
                        + (rows == 0 ? "" : "; " + rows + " row(s) measured");
            } catch (IOException | UnreadableImageException | RuntimeException e) { // an operation that cannot take this image says why
                text = "No preview: " + e.getMessage();
            }
            Image shown = image;
            String info = text;
            Later.onUi(preview, () -> {
                if (generation != previewGeneration) {
                    if (shown != null) {
                        shown.dispose();
                    }
                    return;
                }
                if (previewImage != null) {
                    previewImage.dispose();
                }
                previewImage = shown;
                previewInfo.setText(info);
                preview.setData("tessera.previewSteps", run);
                preview.redraw();
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    /**
     * A pipeline with an ImageJ macro is run on the preview's small copy before it is sent, so that
     * code that does not parse or fails as it runs is refused here, not once per image on the cluster.
     */
    private void checkCodeOnThePreview(List<PipelineStep> steps) {
        if (!catalog.carriesCode(steps)) {
            return;
        }
        Optional<Path> file = nextBatch.previewImage();
        if (file.isEmpty()) {
            return; // nothing to submit either: the batch says so
        }
        try {
            io.tessera.ui.session.MacroPreview.run(smallCopyOf(file.get()).duplicate(), steps);
        } catch (IOException | UnreadableImageException e) {
            return; // the image's own fault, reported for it by the cluster
        } catch (InvalidPipelineException e) {
            throw new InvalidPipelineException("not submitted: on the preview of " + file.get().getFileName() + ", "
                    + e.getMessage());
        }
    }

    /** The preview's image, decoded and scaled down once per file. */
    private ImageProcessor smallCopyOf(Path file) throws IOException, UnreadableImageException {
        Map.Entry<Path, ImageProcessor> cached = previewSource;
        if (cached != null && cached.getKey().equals(file)) {
            return cached.getValue();
        }
        ImageProcessor small = ScreenImages.shrunk(ScreenImages.decode(file).getProcessor(), PREVIEW_SIDE);
        previewSource = Map.entry(file, small);
        return small;
    }

    /** Categories, then the operations in each, alphabetically. */
    private final class Categories implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            TreeMap<String, Boolean> categories = new TreeMap<>();
            sortedOperations().forEach(op -> categories.put(op.info().category(), true));
            return categories.keySet().toArray();
        }

        @Override
        public Object[] getChildren(Object parent) {
            return parent instanceof String category
                    ? sortedOperations().stream().filter(op -> op.info().category().equals(category)).toArray()
                    : new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            return element instanceof Operation op ? op.info().category() : null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof String;
        }
    }
}
