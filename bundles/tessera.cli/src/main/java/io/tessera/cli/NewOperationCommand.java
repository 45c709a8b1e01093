package io.tessera.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code new-operation ID [--dir DIR] [--package NAME]}: a plugin project that builds with the
 * Maven wrapper into a jar for the plugins folder — its pom against this build's tessera.core
 * and ImageJ, {@code bnd.bnd}, one operation class, the services file, and a test that compares
 * the operation with ImageJ. Nothing is written over: the folder must be new or empty.
 */
@Command(name = "new-operation", sortOptions = false,
        description = {"Makes a plugin project with one operation, ready to build with ./mvnw -q package.",
                "Drop its jar into ~/.tessera/plugins (or TESSERA_PLUGINS): tessera ops lists it, the workbench and "
                        + "the local cluster load it."},
        footer = {"", "Example: tessera new-operation my-add --dir my-add && cd my-add && ./mvnw -q package"})
final class NewOperationCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    /** Where the built jar goes: ~/.tessera/plugins, or the folder TESSERA_PLUGINS names. */
    private final Path pluginFolder;

    @Parameters(paramLabel = "ID", description = "the operation's id: lower-case words joined by '-', e.g. my-add")
    private String id;
    @Option(names = "--dir", paramLabel = "DIR", description = "where the project goes (default: ./ID)")
    private Path dir;
    @Option(names = "--package", paramLabel = "NAME", defaultValue = "my.tessera.ops",
            description = "the Java package and Maven group (default: ${DEFAULT-VALUE})")
    private String javaPackage;

    NewOperationCommand(PrintStream out, PrintStream err, Path pluginFolder) {
        this.out = out;
        this.err = err;
        this.pluginFolder = pluginFolder;
    }

    @Override
    public Integer call() throws IOException {
        if (!id.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("'" + id + "' is not an operation id: lower-case words joined by '-', "
                    + "starting with a letter (my-add)");
        }
        if (!javaPackage.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
            throw new IllegalArgumentException("'" + javaPackage + "' is not a Java package name (my.tessera.ops)");
        }
        Path project = dir != null ? dir : Path.of(id);
        if (Files.exists(project) && (!Files.isDirectory(project) || hasFiles(project))) {
            throw new IOException(project + " exists and is not an empty folder: nothing was written");
        }
        String className = className(id) + "Operation";
        Map<String, String> values = placeholders(className);
        Path sources = project.resolve("src/main/java").resolve(javaPackage.replace('.', '/'));
        Path tests = project.resolve("src/test/java").resolve(javaPackage.replace('.', '/'));
        write(project.resolve("pom.xml"), "pom.xml", values);
        write(project.resolve("bnd.bnd"), "bnd.bnd", values);
        write(project.resolve("README.md"), "README.md", values);
        write(sources.resolve(className + ".java"), "Operation.java", values);
        write(tests.resolve(className + "Test.java"), "OperationTest.java", values);
        Path services = project.resolve("src/main/resources/META-INF/services/io.tessera.core.op.Operation");
        Files.createDirectories(services.getParent());
        Files.writeString(services, javaPackage + "." + className + "\n");
        boolean wrapper = copyMavenWrapper(project);
        out.println("tessera: made " + project + " with the operation " + id + " (" + javaPackage + "." + className + ")");
        out.println("tessera: build it: cd " + project + " && " + (wrapper ? "./mvnw" : "mvn") + " -q package");
        out.println("tessera: then: mkdir -p " + pluginFolder + " && cp " + project.resolve("target/" + id + ".jar") + " "
                + pluginFolder + "/");
        return Main.OK;
    }

    /** {@code my-add} → {@code MyAdd}. */
    static String className(String id) {
        StringBuilder name = new StringBuilder();
        for (String word : id.split("-")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return Character.isDigit(name.charAt(0)) ? "Op" + name : name.toString();
    }

    private Map<String, String> placeholders(String className) throws IOException {
        Properties versions = new Properties();
        try (InputStream in = resource("versions.properties")) {
            versions.load(in);
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("@ID@", id);
        values.put("@CLASS@", className);
        values.put("@PACKAGE@", javaPackage);
        values.put("@PACKAGE_PATH@", javaPackage.replace('.', '/'));
        values.put("@LABEL@", label(id));
        for (String key : versions.stringPropertyNames()) {
            values.put("@" + key.toUpperCase(Locale.ROOT).replace('.', '_') + (key.equals("java.release") ? "@"
                    : "_VERSION@"), versions.getProperty(key));
        }
        return values;
    }

    /** {@code my-add} → {@code My add}. */
    private static String label(String id) {
        String words = id.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static void write(Path file, String template, Map<String, String> values) throws IOException {
        String text;
        try (InputStream in = resource(template + ".template")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        if (text.matches("(?s).*@[A-Z_]+@.*")) {
            throw new IllegalStateException(template + " has a placeholder nobody filled"); // a build mistake
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = NewOperationCommand.class.getResourceAsStream("/scaffold/" + name);
        if (in == null) {
            throw new IOException("this build of Tessera lacks its scaffold/" + name);
        }
        return in;
    }

    /**
     * The checkout's Maven wrapper, so that the project builds with the same Maven without one
     * installed; false when this Tessera has none to give (then: mvn).
     */
    private boolean copyMavenWrapper(Path project) throws IOException {
        String repo = System.getProperty("tessera.repo", System.getProperty("tessera.install", ""));
        Path script = Path.of(repo, "mvnw");
        Path properties = Path.of(repo, ".mvn/wrapper/maven-wrapper.properties");
        if (repo.isEmpty() || !Files.isRegularFile(script) || !Files.isRegularFile(properties)) {
            err.println("tessera: no Maven wrapper to copy here: build the project with Maven 3.9 (mvn)");
            return false;
        }
        Files.copy(script, project.resolve("mvnw"));
        project.resolve("mvnw").toFile().setExecutable(true);
        Files.createDirectories(project.resolve(".mvn/wrapper"));
        Files.copy(properties, project.resolve(".mvn/wrapper/maven-wrapper.properties"));
        return true;
    }

    private static boolean hasFiles(Path folder) {
        try (var entries = Files.list(folder)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
