package io.tessera.ui.parts;

import io.tessera.core.job.JobCodec;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.Operation;
import io.tessera.core.op.Parameter;
import io.tessera.core.op.PipelineStep;
import io.tessera.ui.session.TesseraSession;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/**
 * Choose operations and their parameters, build a pipeline, submit the pending images. The form
 * is generated from each operation's declared parameters; nothing here knows a particular one.
 */
public final class PalettePart {
    public static final String ID = "tessera.ui.part.palette";

    @Inject
    private TesseraSession session;

    private List<Operation> operations;
    private Combo operation;
    private Label description;
    private Composite form;
    /** Reads each parameter's value from its widget, as text, choice or flag. */
    private final Map<Parameter, java.util.function.Supplier<Object>> fields = new LinkedHashMap<>();
    private org.eclipse.swt.widgets.List pipelineList;
    private final List<PipelineStep> pipeline = new ArrayList<>();
    private Label message;

    @PostConstruct
    void create(Composite parent) {
        operations = new ArrayList<>(session.catalog().operations());
        operations.sort(java.util.Comparator.comparing((Operation op) -> op.info().category())
                .thenComparing(op -> op.info().label()));
        parent.setLayout(new GridLayout(2, false));

        new Label(parent, SWT.NONE).setText("Operation");
        operation = WidgetIds.tag(new Combo(parent, SWT.READ_ONLY | SWT.DROP_DOWN), "palette.operation");
        operation.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        operations.forEach(op -> operation.add(op.info().label()));
        operation.addListener(SWT.Selection, e -> showForm());

        description = new Label(parent, SWT.WRAP);
        description.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        form = new Composite(parent, SWT.NONE);
        form.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        form.setLayout(new GridLayout(3, false));

        Button addStep = WidgetIds.tag(new Button(parent, SWT.PUSH), "palette.addStep");
        addStep.setText("Add to pipeline");
        addStep.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false, 2, 1));
        addStep.addListener(SWT.Selection, e -> currentStep().ifPresent(step -> {
            pipeline.add(step);
            showPipeline();
        }));

        Label pipelineLabel = new Label(parent, SWT.NONE);
        pipelineLabel.setText("Pipeline (empty: the operation above alone)");
        pipelineLabel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        pipelineList = WidgetIds.tag(new org.eclipse.swt.widgets.List(parent, SWT.BORDER | SWT.SINGLE), "palette.pipeline");
        pipelineList.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        Composite files = new Composite(parent, SWT.NONE);
        files.setLayout(new org.eclipse.swt.layout.RowLayout());
        files.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        Button removeStep = WidgetIds.tag(new Button(files, SWT.PUSH), "palette.removeStep");
        removeStep.setText("Remove step");
        removeStep.addListener(SWT.Selection, e -> {
            int index = pipelineList.getSelectionIndex();
            if (index >= 0) {
                pipeline.remove(index);
                showPipeline();
            }
        });
        Button save = WidgetIds.tag(new Button(files, SWT.PUSH), "palette.save");
        save.setText("Save…");
        save.setToolTipText("Save the pipeline as a .tessera-pipeline file");
        save.addListener(SWT.Selection, e -> savePipeline());
        Button load = WidgetIds.tag(new Button(files, SWT.PUSH), "palette.load");
        load.setText("Load…");
        load.setToolTipText("Load a .tessera-pipeline file, or a result's .provenance.json to make it again");
        load.addListener(SWT.Selection, e -> loadPipeline());

        Button submit = WidgetIds.tag(new Button(parent, SWT.PUSH), "palette.submit");
        submit.setText("Submit");
        submit.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false, 2, 1));
        submit.addListener(SWT.Selection, e -> submit());

        message = WidgetIds.tag(new Label(parent, SWT.WRAP), "palette.message");
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        if (!operations.isEmpty()) {
            operation.select(0);
            showForm();
        }
    }

    private void showForm() {
        for (Control child : form.getChildren()) {
            child.dispose();
        }
        fields.clear();
        Operation op = selected();
        description.setText(op.info().description() + " (" + op.info().category() + ")");
        for (Parameter p : op.info().parameters()) {
            new Label(form, SWT.NONE).setText(p.label());
            String id = "palette.param." + p.name();
            switch (p.kind()) {
                case CHOICE -> {
                    Combo field = WidgetIds.tag(new Combo(form, SWT.READ_ONLY | SWT.DROP_DOWN), id);
                    p.choices().forEach(field::add);
                    field.select(p.choices().indexOf(p.defaultValue()));
                    field.addListener(SWT.Selection, e -> currentStep());
                    fields.put(p, field::getText);
                }
                case FLAG -> {
                    Button field = WidgetIds.tag(new Button(form, SWT.CHECK), id);
                    field.setSelection((Boolean) p.defaultValue());
                    field.addListener(SWT.Selection, e -> currentStep());
                    fields.put(p, field::getSelection);
                }
                default -> {
                    Text field = WidgetIds.tag(new Text(form, SWT.BORDER), id);
                    field.setText(Parameter.format(p.defaultValue()));
                    field.setToolTipText(p.name() + ": " + p.describe());
                    field.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
                    field.addListener(SWT.Modify, e -> currentStep());
                    fields.put(p, () -> field.getText().strip());
                }
            }
            new Label(form, SWT.NONE).setText(p.unit());
        }
        form.getParent().layout(true, true);
        currentStep();
    }

    /** The step the form describes, or empty with the problem shown under the form. */
    private java.util.Optional<PipelineStep> currentStep() {
        Operation op = selected();
        Map<String, Object> values = new LinkedHashMap<>();
        fields.forEach((parameter, value) -> values.put(parameter.name(), value.get()));
        PipelineStep step = new PipelineStep(op.id(), values);
        try {
            session.catalog().bind(step);
        } catch (InvalidPipelineException e) {
            return problem(e.getMessage());
        }
        message.setText("");
        return java.util.Optional.of(step);
    }

    private java.util.Optional<PipelineStep> problem(String text) {
        message.setText(text);
        message.getParent().layout();
        return java.util.Optional.empty();
    }

    /** Submits the pending images with the pipeline (or, when it is empty, the operation in the form). */
    public void submit() {
        List<PipelineStep> steps = new ArrayList<>(pipeline);
        if (steps.isEmpty()) {
            java.util.Optional<PipelineStep> step = currentStep();
            if (step.isEmpty()) {
                return;
            }
            steps.add(step.get());
        }
        try {
            session.submit(steps);
            message.setText("Submitted " + steps.size() + "-step pipeline; see the queue monitor.");
        } catch (IllegalArgumentException | InvalidPipelineException e) {
            message.setText(e.getMessage());
        }
        message.getParent().layout();
    }

    private void savePipeline() {
        if (pipeline.isEmpty()) {
            message.setText("add steps to the pipeline before saving it");
            return;
        }
        FileDialog dialog = new FileDialog(pipelineList.getShell(), SWT.SAVE);
        dialog.setFilterExtensions(new String[] {"*.tessera-pipeline"});
        dialog.setOverwrite(true);
        String target = dialog.open();
        if (target != null) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(target), JobCodec.encodePipeline(pipeline));
                message.setText("saved " + target);
            } catch (java.io.IOException e) {
                message.setText("cannot save " + target + ": " + e.getMessage());
            }
        }
    }

    /** Small text files: read on the UI thread without noticeable delay. */
    private void loadPipeline() {
        FileDialog dialog = new FileDialog(pipelineList.getShell(), SWT.OPEN);
        dialog.setFilterExtensions(new String[] {"*.tessera-pipeline;*.provenance.json", "*"});
        String source = dialog.open();
        if (source == null) {
            return;
        }
        try {
            List<PipelineStep> loaded = JobCodec.decodePipeline(java.nio.file.Files.readString(java.nio.file.Path.of(source)));
            session.catalog().validate(loaded);
            pipeline.clear();
            pipeline.addAll(loaded);
            showPipeline();
            message.setText("loaded " + source);
        } catch (java.io.IOException | io.tessera.core.job.ProtocolException | InvalidPipelineException e) {
            message.setText("cannot load " + source + ": " + e.getMessage());
        }
    }

    private void showPipeline() {
        pipelineList.removeAll();
        pipeline.forEach(step -> pipelineList.add(step.toString()));
    }

    private Operation selected() {
        return operations.get(Math.max(0, operation.getSelectionIndex()));
    }
}
