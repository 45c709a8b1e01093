package io.tessera.ops.imagej;

import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import io.tessera.core.op.ImageJMacro;
import io.tessera.core.op.OperationInfo;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PixelType;
import java.util.List;
import java.util.Optional;

/**
 * One of ImageJ's Process › Binary commands that work on the shapes of a mask as a whole (Fill
 * Holes, Outline, Skeletonize, Distance Map, Watershed): only the background colour matters, which
 * the binary Options set in ImageJ and this operation's "black" flag sets here, for this image alone
 * (ranks share no preferences).
 */
abstract class BinaryShapeOperation extends FixedHaloOperation {
    private final String command;
    private final String alias;

    @Override
    public boolean takesMasksOnly() {
        return true;
    }

    /**
     * @param command ImageJ's command, e.g. {@code Fill Holes}
     * @param alias   ImageJ's name as an id, e.g. {@code fill-holes}
     */
    BinaryShapeOperation(String id, String label, String description, int halo, String command, String alias) {
        super(OperationInfo.ofAllTypes(id, label, description + " (Process › Binary › " + command + ")", "Binary",
                BinaryOperation.BLACK).accepting(PixelType.GRAY8), halo);
        this.command = command;
        this.alias = alias;
    }

    @Override
    public List<String> aliases() {
        return List.of(alias);
    }

    /** Options… sets the background colour (and, for Distance Map, an 8-bit result in place). */
    @Override
    public Optional<String> imagejMacro(ParameterValues values) {
        return Optional.of(ImageJMacro.run("Options...", ImageJMacro.options("iterations=1 count=1",
                ImageJMacro.keyword("black", values.flag(BinaryOperation.BLACK.name())), "edm=Overwrite do=Nothing"))
                + "\n" + ImageJMacro.run(command));
    }

    @Override
    public ImageProcessor apply(ImageProcessor input, ParameterValues values) {
        ByteProcessor mask = BinaryOperation.requireMask(input, info().id());
        int foreground = values.flag(BinaryOperation.BLACK.name()) ? 255 : 0;
        shape(mask, foreground, 255 - foreground);
        return mask;
    }

    abstract void shape(ByteProcessor mask, int foreground, int background);
}
