package dev.stageline.handler;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * A DynamoDB client without a database: every table is empty, so a lead is never found, and it
 * remembers each read so a test can tell whether a request got as far as the store. Calls it does
 * not expect fail, as the interface's defaults do.
 */
final class EmptyTables implements DynamoDbClient {

    private final List<String> reads = new ArrayList<>();

    /** The tables read so far, in order, each as {@code operation table}. */
    List<String> reads() {
        return List.copyOf(reads);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        reads.add("getItem " + request.tableName());
        return GetItemResponse.builder().build();
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        reads.add("query " + request.tableName());
        throw new UnsupportedOperationException("no report is stored in EmptyTables");
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {}
}
