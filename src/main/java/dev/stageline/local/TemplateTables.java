package dev.stageline.local;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the tables that {@code template.yaml} defines, so a local run and the tests use the very
 * keys, indexes and streams that a deployment gets. Reads the CloudFormation tags ({@code !Ref},
 * {@code !GetAtt}) as plain values; the table definitions use none.
 */
public final class TemplateTables {

    private final Map<String, Object> resources;

    private TemplateTables(Map<String, Object> resources) {
        this.resources = resources;
    }

    public static TemplateTables read(Path template) {
        try {
            return parse(Files.readString(template));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
    }

    @SuppressWarnings("unchecked")
    static TemplateTables parse(String yaml) {
        LoadSettings settings = LoadSettings.builder().setLabel("template.yaml").build();
        Composer composer =
                new Composer(settings, new ParserImpl(settings, new StreamReader(settings, yaml)));
        Map<String, Object> root =
                (Map<String, Object>) plain(composer.getSingleNode().orElseThrow());
        return new TemplateTables((Map<String, Object>) root.get("Resources"));
    }

    /**
     * Creates the table of resource {@code logicalId} under {@code tableName}; an existing table of
     * that name is left as it is.
     */
    @SuppressWarnings("unchecked")
    public void create(DynamoDbClient dynamo, String logicalId, String tableName) {
        Map<String, Object> resource = (Map<String, Object>) resources.get(logicalId);
        if (resource == null || !"AWS::DynamoDB::Table".equals(resource.get("Type"))) {
            throw new IllegalArgumentException("template.yaml has no DynamoDB table " + logicalId);
        }
        Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keys(properties.get("KeySchema")))
                .attributeDefinitions(list(properties.get("AttributeDefinitions")).stream()
                        .map(TemplateTables::attribute)
                        .toList());
        if (properties.get("GlobalSecondaryIndexes") != null) {
            request.globalSecondaryIndexes(list(properties.get("GlobalSecondaryIndexes")).stream()
                    .map(TemplateTables::index)
                    .toList());
        }
        Map<String, Object> stream = (Map<String, Object>) properties.get("StreamSpecification");
        if (stream != null) {
            request.streamSpecification(
                    StreamSpecification.builder()
                            .streamEnabled(true)
                            .streamViewType((String) stream.get("StreamViewType"))
                            .build());
        }
        try {
            dynamo.createTable(request.build());
        } catch (ResourceInUseException e) {
            return;
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
    }

    private static AttributeDefinition attribute(Map<String, Object> definition) {
        return AttributeDefinition.builder()
                .attributeName(text(definition, "AttributeName"))
                .attributeType(text(definition, "AttributeType"))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static GlobalSecondaryIndex index(Map<String, Object> index) {
        Map<String, Object> projection = (Map<String, Object>) index.get("Projection");
        return GlobalSecondaryIndex.builder()
                .indexName(text(index, "IndexName"))
                .keySchema(keys(index.get("KeySchema")))
                .projection(Projection.builder()
                        .projectionType(text(projection, "ProjectionType"))
                        .build())
                .build();
    }

    private static String text(Map<String, Object> map, String key) {
        return (String) map.get(key);
    }

    private static List<KeySchemaElement> keys(Object schema) {
        return list(schema).stream()
                .map(
                        k ->
                                KeySchemaElement.builder()
                                        .attributeName((String) k.get("AttributeName"))
                                        .keyType((String) k.get("KeyType"))
                                        .build())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static Object plain(Node node) {
        return switch (node) {
            case ScalarNode scalar -> scalar.getValue();
            case SequenceNode sequence -> {
                List<Object> items = new ArrayList<>();
                sequence.getValue().forEach(item -> items.add(plain(item)));
                yield items;
            }
            case MappingNode mapping -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    map.put(String.valueOf(plain(tuple.getKeyNode())), plain(tuple.getValueNode()));
                }
                yield map;
            }
            default ->
                    throw new IllegalArgumentException(
                            "unexpected YAML node " + node.getNodeType());
        };
    }
}
