package dev.stageline.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names one version of a model file, so that lead histories computed under different definitions
 * can be stored side by side. A revision is the model's name, {@code @}, and the first ten hex
 * digits of the SHA-256 of the file's content in a normal form: the YAML as data, with keys sorted
 * and comments, layout and quoting gone. Editing a comment keeps the revision; changing any rule,
 * stage or setting gives a new one, so that forgetting to bump a number cannot leave two meanings
 * under one name.
 *
 * <pre>{@code
 * String revision = ModelRevision.of(model, yamlText);   // "default@3f9a1c0b2d"
 * }</pre>
 */
public final class ModelRevision {

    /** How a revision is spelt; anything else is refused where a revision is read back. */
    public static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,64}@[0-9a-f]{10}");

    private static final ObjectMapper CANONICAL =
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final int MAX_NAME = 64;

    private ModelRevision() {}

    /**
     * The revision of {@code model}, loaded from {@code yamlText}. Call it with a model that {@link
     * ModelLoader} accepted, so that the text is known to be valid YAML.
     */
    public static String of(LifecycleModel model, String yamlText) {
        LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).build();
        Object data = new Load(settings).loadFromString(yamlText);
        byte[] normal;
        try {
            normal = CANONICAL.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the model cannot be put in normal form", e);
        }
        String hash = HexFormat.of().formatHex(sha256(normal)).substring(0, 10);
        return keyName(model.name()) + "@" + hash;
    }

    /** True when {@code text} is spelt as {@link #of} spells a revision. */
    public static boolean isRevision(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    /** The name as it may stand in a table key: letters, digits, dot, dash and underscore. */
    private static String keyName(String name) {
        String safe = UNSAFE.matcher(name.strip().toLowerCase(Locale.ROOT)).replaceAll("_");
        if (safe.isEmpty()) {
            return "model";
        }
        return safe.length() > MAX_NAME ? safe.substring(0, MAX_NAME) : safe;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
