package dev.stageline.ingest;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The configured webhook sources, read from a YAML file ({@code config/sources.yaml}). Each entry
 * names its {@code kind}, which decides the keys it takes. A source that is misconfigured stops
 * start-up with a message naming the file, the source and the key, rather than failing on its first
 * request.
 */
public final class SourceCatalog {

    /** Each kind of sender and how its configuration is read; {@code json} is the default. */
    private static final Map<String, Function<SourceConfig, Source>> KINDS =
            Map.of(
                    "json", JsonSource::fromConfig,
                    "form", FormSource::fromConfig,
                    "unbounce", UnbounceSource::fromConfig,
                    "webflow", WebflowSource::fromConfig,
                    "hubspot", HubSpotSource::fromConfig,
                    "typeform", TypeformSource::fromConfig,
                    "salesforce", dev.stageline.ingest.salesforce.SalesforceSource::fromConfig,
                    "marketo", dev.stageline.ingest.marketo.MarketoSource::fromConfig);

    private final Map<String, Source> sources;

    private SourceCatalog(Map<String, Source> sources) {
        this.sources = Map.copyOf(sources);
    }

    public Optional<Source> source(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    public List<String> names() {
        return sources.keySet().stream().sorted().toList();
    }

    /** The kinds a source may name, sorted. */
    public static List<String> kinds() {
        return KINDS.keySet().stream().sorted().toList();
    }

    /**
     * Every configuration problem of every source, each prefixed with the source's name; empty when
     * all are ready to receive.
     */
    public List<String> configurationProblems(Function<String, Optional<String>> secrets) {
        return names().stream()
                .flatMap(
                        name ->
                                sources.get(name).configurationProblems(secrets).stream()
                                        .map(problem -> "source '" + name + "': " + problem))
                .toList();
    }

    /** Reads {@code classpath:name} from the jar or a file path. */
    public static SourceCatalog load(String location) {
        return parse(location, ConfigText.read(location));
    }

    /**
     * @throws IllegalArgumentException naming the file, the source and what is wrong
     */
    public static SourceCatalog parse(String file, String yaml) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(file).build()).loadFromString(yaml);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new IllegalArgumentException(
                    file + ":" + line + ": YAML syntax error: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(
                    file + ": not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<?, ?> top = map(root, file + ": the file");
        Map<?, ?> entries = map(top.get("sources"), file + ": 'sources'");
        Map<String, Source> sources = new LinkedHashMap<>();
        entries.forEach(
                (name, value) -> {
                    String where = file + ": source '" + name + "'";
                    if (!name.toString().matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                        throw new IllegalArgumentException(
                                where
                                        + ": a source name is 1 to 64 lower-case letters, digits,"
                                        + " '-' or '_', as it appears in the URL");
                    }
                    SourceConfig config =
                            new SourceConfig(name.toString(), where, map(value, where));
                    String kind = config.text("kind", "json");
                    Function<SourceConfig, Source> reader = KINDS.get(kind);
                    if (reader == null) {
                        throw config.problem(
                                "unknown kind '" + kind + "'; known: " + kinds());
                    }
                    sources.put(name.toString(), reader.apply(config));
                });
        return new SourceCatalog(sources);
    }

    private static Map<?, ?> map(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(what + " must be a mapping");
    }
}
