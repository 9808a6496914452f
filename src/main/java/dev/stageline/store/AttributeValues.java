package dev.stageline.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Converts lead attributes (strings, decimals, booleans) to and from DynamoDB values. */
public final class AttributeValues {

    private AttributeValues() {}

    public static AttributeValue of(Object value) {
        return switch (value) {
            case BigDecimal number -> AttributeValue.fromN(numberText(number));
            case Number number ->
                    AttributeValue.fromN(numberText(new BigDecimal(number.toString())));
            case Boolean flag -> AttributeValue.fromBool(flag);
            default -> AttributeValue.fromS(value.toString());
        };
    }

    /**
     * Plain digits where DynamoDB's 38 significant digits allow, otherwise exponent notation, so
     * that 1E+38 is sent as such rather than as 39 digits.
     */
    static String numberText(BigDecimal number) {
        String plain = number.toPlainString();
        long digits = plain.chars().filter(Character::isDigit).count();
        return digits <= 38 ? plain : number.stripTrailingZeros().toString();
    }

    public static Object value(AttributeValue value) {
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return new BigDecimal(value.n());
        }
        if (value.bool() != null) {
            return value.bool();
        }
        throw new IllegalArgumentException("unsupported attribute type: " + value.type());
    }

    public static AttributeValue ofMap(Map<String, Object> attributes) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        attributes.forEach((name, value) -> map.put(name, of(value)));
        return AttributeValue.fromM(map);
    }

    public static Map<String, Object> toMap(AttributeValue value) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (value != null && value.hasM()) {
            value.m().forEach((name, v) -> attributes.put(name, value(v)));
        }
        return attributes;
    }
}
