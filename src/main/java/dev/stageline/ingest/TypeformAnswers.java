package dev.stageline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of one Typeform answer, read by its {@code type}: text-like answers as strings, {@code
 * number} as a number, {@code boolean} as a flag, {@code choice} as the chosen label and {@code
 * choices} as the chosen labels joined by {@code "; "}. Other types (payments, files with more than
 * a URL) are refused when a source maps them, so a mapping error is seen at once.
 */
final class TypeformAnswers {

    /** Answer types whose value is one string under the key of the type's name. */
    private static final List<String> TEXTS =
            List.of("text", "email", "phone_number", "url", "file_url", "date");

    private TypeformAnswers() {}

    /**
     * @param what names the answer in messages, e.g. {@code answer 'company_size'}
     * @throws RejectedRequest 400 naming the answer when its value is missing or unusable
     */
    static Object value(JsonNode answer, String what) {
        String type = answer.path("type").asText("");
        if (TEXTS.contains(type)) {
            return text(answer.path(type), what);
        }
        return switch (type) {
            case "number" -> number(answer.path("number"), what);
            case "boolean" -> flag(answer.path("boolean"), what);
            case "choice" -> choice(answer.path("choice"), what);
            case "choices" -> choices(answer.path("choices"), what);
            default ->
                    throw invalid(
                            what
                                    + " has type '"
                                    + RejectedRequest.printable(type)
                                    + "', which cannot be an attribute; map another field");
        };
    }

    /** A string that fits an attribute: bounded and free of control characters. */
    static String text(JsonNode node, String what) {
        if (!node.isTextual()) {
            throw invalid(what + " must be a string");
        }
        String text = node.textValue();
        if (text.length() > JsonSource.MAX_TEXT) {
            throw invalid(what + " is longer than " + JsonSource.MAX_TEXT + " characters");
        }
        EventValues.attributeProblem(text)
                .ifPresent(
                        problem -> {
                            throw invalid(what + " " + problem);
                        });
        return text;
    }

    static BigDecimal number(JsonNode node, String what) {
        if (!node.isNumber()) {
            throw invalid(what + " must be a number");
        }
        BigDecimal number = node.decimalValue();
        EventValues.numberProblem(number)
                .ifPresent(
                        problem -> {
                            throw invalid(what + " " + problem);
                        });
        return number;
    }

    private static Boolean flag(JsonNode node, String what) {
        if (!node.isBoolean()) {
            throw invalid(what + " must be true or false");
        }
        return node.booleanValue();
    }

    /** The chosen label, or the respondent's own text when they chose "other". */
    private static String choice(JsonNode choice, String what) {
        if (choice.hasNonNull("label")) {
            return text(choice.path("label"), what);
        }
        if (choice.hasNonNull("other")) {
            return text(choice.path("other"), what);
        }
        throw invalid(what + " holds no choice.label");
    }

    private static String choices(JsonNode choices, String what) {
        List<String> labels = new ArrayList<>();
        JsonNode given = choices.path("labels");
        if (!given.isMissingNode() && !given.isArray()) {
            throw invalid(what + " must hold choices.labels as an array");
        }
        for (JsonNode label : given) {
            labels.add(text(label, what));
        }
        if (choices.hasNonNull("other")) {
            labels.add(text(choices.path("other"), what));
        }
        if (labels.isEmpty()) {
            throw invalid(what + " holds no choices.labels");
        }
        return text(TextNode.valueOf(String.join("; ", labels)), what);
    }

    private static RejectedRequest invalid(String message) {
        return RejectedRequest.badRequest("invalid_event", message);
    }
}
