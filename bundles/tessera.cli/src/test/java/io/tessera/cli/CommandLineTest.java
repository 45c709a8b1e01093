package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.cloud.local.LocalLayout;
import io.tessera.core.op.PipelineStep;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line as its users meet it: help for every command, the version, what a typo was
 * probably meant to be, and bash completion that completes. None of this needs a server: each case
 * ends before one would be started (and would fail if it did not, as none runs here).
 */
class CommandLineTest {
    @TempDir
    Path home;

    private record Run(int code, String out, String err) {
    }

    private Run tessera(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), home, LocalLayout.fromSystemProperty()).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandAndSubcommandAnswersHelpWithItsOptions() {
        CommandLine root = new Main(System.out, System.err, home, LocalLayout.fromSystemProperty()).commandLine();
        assertEquals(List.of("start", "process", "fetch", "up", "down", "status", "check", "dead-letters", "ops",
                "new-operation", "bench", "test", "completion").stream().sorted().toList(), root.getSubcommands().keySet().stream().sorted()
                .toList());
        for (Map.Entry<String, CommandLine> command : root.getSubcommands().entrySet()) {
            Run help = tessera(command.getKey(), "--help");
            assertEquals(Main.OK, help.code(), command.getKey() + ": " + help.err());
            assertTrue(help.out().startsWith("Usage: tessera " + command.getKey()), help.out());
            for (CommandLine.Model.OptionSpec option : command.getValue().getCommandSpec().options()) {
                assertTrue(option.hidden() || help.out().contains(option.longestName()),
                        command.getKey() + " --help lists " + option.longestName() + ":\n" + help.out());
            }
            for (String sub : command.getValue().getSubcommands().keySet()) {
                Run subHelp = tessera(command.getKey(), sub, "--help");
                assertEquals(Main.OK, subHelp.code(), subHelp.err());
                assertTrue(subHelp.out().startsWith("Usage: tessera " + command.getKey() + " " + sub), subHelp.out());
            }
        }
        Run process = tessera("process", "--help");
        for (String option : List.of("--op", "--pipeline", "--macro", "--out", "--provenance", "--overwrite", "--ranks",
                "--timeout", "FILE")) {
            assertTrue(process.out().contains(option), option + " in\n" + process.out());
        }
        Run top = tessera("--help");
        assertEquals(Main.OK, top.code());
        assertTrue(top.out().indexOf("  start ") < top.out().indexOf("  process ")
                && top.out().indexOf("  process ") < top.out().indexOf("  completion "), top.out());
    }

    @Test
    void versionNamesTheBuildAndTheJava() {
        Run version = tessera("--version");
        assertEquals(Main.OK, version.code());
        assertTrue(version.out().startsWith("tessera "), version.out());
        assertTrue(version.out().contains("Java " + Runtime.version()), version.out());
    }

    @Test
    void aTypoIsAnsweredWithWhatWasProbablyMeant() {
        Run command = tessera("proces", "a.png");
        assertEquals(Main.ERROR, command.code());
        assertTrue(command.err().contains("Did you mean") && command.err().contains("tessera process"), command.err());

        Run option = tessera("process", "--opp", "invert", "--out", home.toString(), "a.png");
        assertEquals(Main.ERROR, option.code());
        assertTrue(option.err().contains("Unknown option: '--opp'") && option.err().contains("--op"), option.err());
        assertTrue(option.err().contains("See 'tessera process --help'."), option.err());
    }

    @Test
    void processRefusesBadArgumentsBeforeAnyServerIsNeeded() throws Exception {
        Path image = Files.write(home.resolve("a.png"), new byte[] {1});
        Run noOut = tessera("process", "--op", "invert", image.toString());
        assertEquals(Main.ERROR, noOut.code());
        assertTrue(noOut.err().contains("Missing required option: '--out=DIR'"), noOut.err());

        Run noFile = tessera("process", "--op", "invert", "--out", home.resolve("out").toString());
        assertEquals(Main.ERROR, noFile.code());
        assertTrue(noFile.err().contains("Missing required parameter: 'FILE'"), noFile.err());

        Run noOp = tessera("process", "--out", home.resolve("out").toString(), image.toString());
        assertEquals(Main.ERROR, noOp.code());
        assertTrue(noOp.err().contains("the pipeline is empty"), noOp.err());

        Run badStep = tessera("process", "--op", "gaussian-blur:sigma", "--out", home.toString(), image.toString());
        assertEquals(Main.ERROR, badStep.code());
        assertTrue(badStep.err().startsWith("tessera: ") && badStep.err().contains("sigma"), badStep.err());

        Run missing = tessera("process", "--op", "invert", "--out", home.toString(), home.resolve("none.png").toString());
        assertEquals(Main.ERROR, missing.code());
        assertTrue(missing.err().contains("no such file: " + home.resolve("none.png")), missing.err());
        assertFalse(Files.exists(home.resolve("local")), "no local server was set up for a refused command");
    }

    @Test
    void benchScaleRefusesALayoutItCannotRead() {
        for (String layout : List.of("2y3", "0", "2x0", "x")) {
            Run scale = tessera("bench", "scale", "4," + layout);
            assertEquals(Main.ERROR, scale.code(), layout);
            assertTrue(scale.err().contains("'" + layout + "' is neither a worker count (24) nor ranks x slots"),
                    scale.err());
        }
        assertFalse(Files.exists(home.resolve("local")), "no local server was set up for a refused command");
    }

    @Test
    void printMacroWritesThePipelineForImageJAndProcessesNothing() throws Exception {
        Path saved = Files.writeString(home.resolve("one.tessera-pipeline"),
                io.tessera.core.job.JobCodec.encodePipeline(List.of(PipelineStep.parse("fill-holes"))));
        Run macro = tessera("process", "--op", "gaussian-blur:sigma=2", "--pipeline", saved.toString(),
                "--op", "crop:x=10,y=20,width=30,height=40", "--print-macro");
        assertEquals(Main.OK, macro.code(), macro.err());
        assertTrue(macro.out().startsWith("// ImageJ macro made by Tessera from tessera process\n"
                + "// Pipeline: gaussian-blur:sigma=2 | fill-holes | crop:"), macro.out());
        int blur = macro.out().indexOf("run(\"Gaussian Blur...\", \"sigma=2\");");
        int fill = macro.out().indexOf("run(\"Fill Holes\");");
        int crop = macro.out().indexOf("makeRectangle(10, 20, 30, 40);\nrun(\"Crop\");");
        assertTrue(blur > 0 && fill > blur && crop > fill, macro.out());
        assertTrue(macro.out().contains("// 2. binary-fill-holes"), "aliases are written as their ids:\n" + macro.out());
        assertFalse(Files.exists(home.resolve("local")), "nothing was started for a macro");

        Run withFiles = tessera("process", "--op", "invert", "--print-macro", "--out", home.toString(), "a.png");
        assertEquals(Main.ERROR, withFiles.code());
        assertTrue(withFiles.err().contains("--print-macro processes nothing: leave out --out and the files"),
                withFiles.err());
        Run empty = tessera("process", "--print-macro");
        assertEquals(Main.ERROR, empty.code());
        assertTrue(empty.err().contains("--print-macro needs the pipeline"), empty.err());
        Run badParameter = tessera("process", "--op", "threshold:lower=9,upper=1", "--print-macro");
        assertEquals(Main.ERROR, badParameter.code());
        assertTrue(badParameter.err().contains("lower=9 must not be above upper=1"), badParameter.err());
    }

    @Test
    void opAndPipelineStepsMixInTheOrderGiven() throws Exception {
        Path saved = Files.writeString(home.resolve("two.tessera-pipeline"),
                io.tessera.core.job.JobCodec.encodePipeline(List.of(PipelineStep.parse("median:radius=1"),
                        PipelineStep.parse("invert"))));
        CommandLine root = new Main(System.out, System.err, home, LocalLayout.fromSystemProperty()).commandLine();
        root.parseArgs("process", "--op", "gaussian-blur:sigma=2", "--pipeline", saved.toString(), "--op=find-edges",
                "--out", home.toString(), "a.png");
        ProcessCommand process = root.getSubcommands().get("process").getCommand();
        assertEquals(List.of("gaussian-blur:sigma=2", "median:radius=1", "invert", "find-edges"),
                process.steps().stream().map(PipelineStep::toString).toList());
    }

    @Test
    void downWithAnEmptyListStopsNothing() {
        Run run = tessera("down", "--only", "");
        assertEquals(Main.OK, run.code(), run.err());
        assertEquals("", run.out());
    }

    /** The generated script, sourced in a real bash, completes commands and options. */
    @Test
    void bashCompletionCompletesCommandsAndOptions() throws Exception {
        Run completion = tessera("completion");
        assertEquals(Main.OK, completion.code());
        Path script = Files.writeString(home.resolve("tessera.bash"), completion.out());
        assertEquals("process", complete(script, "./tessera", "pro"));
        assertEquals("--op --out --overwrite", complete(script, "./tessera", "process", "--o"));
        assertEquals("scale", complete(script, "./tessera", "bench", "sc"));
    }

    /** What bash offers for the last word, as Tab would, sorted. */
    private static String complete(Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        String program = "source '" + script + "' 2>/dev/null; COMP_WORDS=(" + line + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _complete_tessera "
                + "2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\" | sort | paste -sd' '";
        Process bash = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String printed = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        return printed;
    }
}
