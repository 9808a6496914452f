package dev.stageline.model;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a {@link LifecycleModel} from its YAML file and checks it, reporting every problem at once
 * with its file and line, so that a broken model is fixed in one pass. The format is described for
 * model authors in {@code docs/model.md}.
 *
 * <pre>{@code
 * LifecycleModel model = ModelLoader.load(Path.of("models/default.yaml"));
 * }</pre>
 *
 * <h2>How a file is read</h2>
 *
 * <p>The YAML is composed into a node tree rather than loaded into maps, because only nodes
 * remember the line they came from. Reading then goes in two passes. The first ({@link
 * ModelReader}, {@link StageReader}, {@link RuleReader}, {@link ConditionReader}) checks each value
 * where it stands: keys, types, durations, operators. The second ({@link ModelConsistency}) checks
 * what only the whole model can tell: that stages, fields and ids referred to exist, that every
 * stage can be reached and every rule can fire. Both passes report into one {@link ProblemLog} and
 * go on after a problem; a model is built only from a file with none.
 *
 * <p>Loading is done once at start-up; the model is immutable and may be shared by threads.
 */
public final class ModelLoader {

    /** YAML 1.2 core schema: {@code true}, {@code 12} and {@code 1.5} are typed, not text. */
    private static final CoreSchema SCHEMA = new CoreSchema();

    private ModelLoader() {}

    /**
     * Reads and checks the model in {@code file}, which must be UTF-8.
     *
     * @throws ModelException listing every problem found in the file
     * @throws UncheckedIOException when the file cannot be read
     */
    public static LifecycleModel load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + file + ": " + e, e);
        }
        return parse(file.toString(), text);
    }

    /**
     * Reads and checks a model shipped on the classpath, such as {@code models/default.yaml}.
     *
     * @throws ModelException listing every problem found in the file
     * @throws IllegalArgumentException when there is no such resource
     */
    public static LifecycleModel loadResource(String classpathName) {
        String name = classpathName.startsWith("/") ? classpathName.substring(1) : classpathName;
        try (InputStream in = ModelLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no model '" + name + "' on the classpath");
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model resource " + name + ": " + e, e);
        }
    }

    /**
     * Reads and checks the model in {@code yamlText}; {@code fileName} is only used in problems.
     *
     * @throws ModelException listing every problem found in the text
     */
    public static LifecycleModel parse(String fileName, String yamlText) {
        ProblemLog log = new ProblemLog(fileName);

        Optional<ModelDraft> draft =
                compose(fileName, yamlText, log).flatMap(root -> ModelReader.read(root, log));
        draft.ifPresent(read -> ModelConsistency.check(read, log));

        if (!log.isEmpty()) {
            throw new ModelException(log.inFileOrder());
        }
        return draft.orElseThrow().toModel();
    }

    private static Optional<Node> compose(String fileName, String yamlText, ProblemLog log) {
        LoadSettings settings = LoadSettings.builder().setLabel(fileName).setSchema(SCHEMA).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(yamlText);
        } catch (MarkedYamlEngineException e) {
            log.report(syntaxLine(e), "YAML syntax error: " + syntaxProblem(e));
            return Optional.empty();
        } catch (ReaderException e) {
            log.report(
                    lineAt(yamlText, e.getPosition()),
                    "the file holds a character YAML does"
                            + " not allow (code point "
                            + e.getCodePoint()
                            + ")");
            return Optional.empty();
        } catch (YamlEngineException e) {
            log.report(1, "YAML cannot be read: " + e.getMessage());
            return Optional.empty();
        }
        if (root.isEmpty()) {
            log.report(
                    1,
                    "the file is empty; a model needs at least name, attributes, stages"
                            + " and rules");
        }
        return root;
    }

    /** The line snakeyaml points at: where the problem is, else where its context starts. */
    private static int syntaxLine(MarkedYamlEngineException e) {
        return e.getProblemMark().or(e::getContextMark).map(Mark::getLine).orElse(0) + 1;
    }

    private static String syntaxProblem(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
        return problem + context;
    }

    /** The 1-based line of a code point offset, as a {@link ReaderException} gives one. */
    private static int lineAt(String text, int codePointOffset) {
        int end =
                text.offsetByCodePoints(
                        0, Math.min(codePointOffset, text.codePointCount(0, text.length())));
        return (int) text.substring(0, end).chars().filter(c -> c == '\n').count() + 1;
    }
}
