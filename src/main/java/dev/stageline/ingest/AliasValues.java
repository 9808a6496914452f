package dev.stageline.ingest;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.identity.IdentityRules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the other lead keys of a person that an event names: a string or an array of strings,
 * each a whole lead key {@code <system>:<id>} (such as {@code salesforce:003XX0000001}), since the
 * other keys of a person are usually those of other systems. Bad values refuse the event.
 */
public final class AliasValues {

    /** The most aliases one event may name. */
    public static final int MAX_ALIASES = 10;

    static final int MAX_KEY = 256;

    private AliasValues() {}

    /** The aliases at {@code pointer} of {@code item}; none when the pointer finds nothing. */
    static List<String> read(JsonNode item, JsonPointer pointer, String type) {
        JsonNode node = item.at(pointer);
        List<String> aliases = new ArrayList<>();
        if (node.isArray()) {
            if (node.size() > MAX_ALIASES) {
                throw refused(pointer + " names more than " + MAX_ALIASES + " aliases");
            }
            node.forEach(alias -> aliases.add(alias(alias, pointer)));
        } else if (!node.isMissingNode() && !node.isNull()) {
            aliases.add(alias(node, pointer));
        }
        if (aliases.isEmpty() && type.equals(IdentityRules.MERGED_TYPE)) {
            throw refused(
                    "an " + IdentityRules.MERGED_TYPE + " event must name the merged keys at "
                            + pointer);
        }
        return List.copyOf(aliases);
    }

    /** Why {@code key} cannot be a lead key of an alias, if it cannot. */
    public static Optional<String> problem(String key) {
        int colon = key.indexOf(':');
        if (colon <= 0 || colon == key.length() - 1) {
            return Optional.of(
                    "must be a whole lead key such as salesforce:003XX0000001, got '"
                            + (key.length() <= 40 ? key : key.substring(0, 40) + "...")
                            + "'");
        }
        if (key.codePointCount(0, key.length()) > MAX_KEY) {
            return Optional.of("must be at most " + MAX_KEY + " characters");
        }
        return EventValues.idProblem(key);
    }

    private static String alias(JsonNode node, JsonPointer pointer) {
        if (!node.isTextual()) {
            throw refused(pointer + " must be a lead key or an array of lead keys");
        }
        String key = node.textValue().strip();
        problem(key)
                .ifPresent(
                        problem -> {
                            throw refused("alias at " + pointer + " " + problem);
                        });
        return key;
    }

    private static RejectedRequest refused(String message) {
        return RejectedRequest.badRequest("invalid_event", message);
    }
}
