package io.isthmus.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.function.BiConsumer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Salesforce that answers the token and collections-upsert calls and only counts: calls, records, and, for the
 * records a listener asks about, when they arrived. Holds no records, so it never becomes the bottleneck.
 */
final class CountingSalesforce implements AutoCloseable {

    private final WireMockServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final BiConsumer<String, JsonNode> onRecord;

    CountingSalesforce(BiConsumer<String, JsonNode> onRecord) {
        this.onRecord = onRecord;
        server = new WireMockServer(options().dynamicPort().containerThreads(8).disableRequestJournal()
                .extensions(new Upsert()));
        server.start();
        server.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"00Dbench!token\",\"instance_url\":\"" + server.baseUrl()
                        + "\",\"id\":\"" + server.baseUrl() + "/id/00D5g0000040000EAA/0055g00000AbCdEAAV\","
                        + "\"token_type\":\"Bearer\",\"issued_at\":\"1714557600123\",\"signature\":\"c2ln\"}")));
        server.stubFor(patch(urlPathMatching("/services/data/v[0-9.]+/composite/sobjects/Lead/.+"))
                .willReturn(aResponse().withTransformers("counting-upsert")));
    }

    String baseUrl() {
        return server.baseUrl();
    }

    long calls() {
        return calls.get();
    }

    long records() {
        return records.get();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Upsert implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "counting-upsert";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            long call = calls.incrementAndGet();
            StringBuilder out = new StringBuilder("[");
            try {
                JsonNode body = json.readTree(event.getRequest().getBodyAsString());
                int i = 0;
                for (JsonNode r : body.path("records")) {
                    records.incrementAndGet();
                    onRecord.accept(r.path("Isthmus_Buyer_Id__c").asText(), r);
                    out.append(i++ == 0 ? "" : ",").append("{\"id\":\"00Q5g").append(String.format("%013d", call * 1000 + i))
                            .append("\",\"success\":true,\"errors\":[],\"created\":true}");
                }
            } catch (Exception e) {
                return new ResponseDefinitionBuilder().withStatus(400)
                        .withBody("[{\"message\":\"bad JSON\",\"errorCode\":\"JSON_PARSER_ERROR\"}]").build();
            }
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                    .withHeader("Sforce-Limit-Info", "api-usage=" + call + "/5000000").withBody(out.append(']').toString())
                    .build();
        }
    }
}
