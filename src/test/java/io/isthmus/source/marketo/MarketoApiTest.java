package io.isthmus.source.marketo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceMerge;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Marketo answers read without any I/O: error classification, time formats, empty pages, merges. */
class MarketoApiTest {

    private final MarketoApi api = new MarketoApi("https://123-ABC-456.mktorest.com/", List.of(1, 32),
            List.of("email"));
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void errorCodes_areClassifiedIntoWhatThePollDoes() {
        assertThat(MarketoApi.classify("601")).isEqualTo(MarketoApi.ErrorKind.TOKEN);
        assertThat(MarketoApi.classify("602")).isEqualTo(MarketoApi.ErrorKind.TOKEN);
        assertThat(MarketoApi.classify("606")).isEqualTo(MarketoApi.ErrorKind.RATE);
        assertThat(MarketoApi.classify("615")).isEqualTo(MarketoApi.ErrorKind.CONCURRENCY);
        assertThat(MarketoApi.classify("607")).isEqualTo(MarketoApi.ErrorKind.QUOTA);
        assertThat(MarketoApi.classify("611")).isEqualTo(MarketoApi.ErrorKind.TRANSIENT);
        assertThat(MarketoApi.classify("603")).isEqualTo(MarketoApi.ErrorKind.FATAL);
        assertThat(MarketoApi.classify("1003")).isEqualTo(MarketoApi.ErrorKind.FATAL);
    }

    @Test
    void activityDate_isReadInBothFormatsMarketoWrites() {
        assertThat(MarketoApi.time(json.getNodeFactory().textNode("2023-01-16T23:32:19Z")))
                .isEqualTo(Instant.parse("2023-01-16T23:32:19Z"));
        assertThat(MarketoApi.time(json.getNodeFactory().textNode("2023-01-16T23:32:19+0000")))
                .isEqualTo(Instant.parse("2023-01-16T23:32:19Z"));
        assertThat(MarketoApi.time(json.getNodeFactory().textNode("2023-01-16T18:32:19-0500")))
                .isEqualTo(Instant.parse("2023-01-16T23:32:19Z"));
    }

    @Test
    void pageWithMoreResultAndNoResultKey_isAnEmptyPageThatGoesOn() throws Exception {
        MarketoApi.ActivityPage p = api.activities(read(
                "{\"requestId\":\"1\",\"success\":true,\"nextPageToken\":\"T2\",\"moreResult\":true}"));
        assertThat(p.records()).isEmpty();
        assertThat(p.moreResult()).isTrue();
        assertThat(p.nextPageToken()).isEqualTo("T2");
    }

    @Test
    void pageWithoutNextPageToken_isMalformed() {
        assertThatThrownBy(() -> api.activities(read("{\"success\":true,\"moreResult\":false}")))
                .isInstanceOf(MalformedPageException.class).hasMessageContaining("nextPageToken");
    }

    @Test
    void refusal_isTheFirstErrorWithItsQuotedCode() throws Exception {
        MarketoApi.Refusal r = api.refusal(read(
                "{\"requestId\":\"e42b#1\",\"success\":false,\"errors\":[{\"code\":\"602\",\"message\":\"Access token expired\"}]}"));
        assertThat(r.kind()).isEqualTo(MarketoApi.ErrorKind.TOKEN);
        assertThat(r.code()).isEqualTo("602");
        assertThat(api.refusal(read("{\"success\":true}"))).isNull();
    }

    @Test
    void mergeActivity_becomesASourceMerge_andVisitUtmComesFromItsQueryParameters() throws Exception {
        MarketoApi.ActivityPage p = api.activities(read("""
                {"success":true,"nextPageToken":"T","moreResult":false,"result":[
                 {"id":1,"marketoGUID":"g1","leadId":7,"activityDate":"2024-05-01T10:00:00Z","activityTypeId":32,
                  "attributes":[{"name":"Merge ids","value":"[15, 16]"}]},
                 {"id":2,"marketoGUID":"g2","leadId":7,"activityDate":"2024-05-01T10:01:00Z","activityTypeId":1,
                  "primaryAttributeValue":"example.com/p","attributes":[{"name":"Webpage URL","value":"/p"},
                  {"name":"Query Parameters","value":"utm_source=x&utm_term=a%20b"}]}]}"""));
        assertThat(p.records().get(0)).isEqualTo(new SourceMerge("marketo", "7",
                Instant.parse("2024-05-01T10:00:00Z"), List.of("15", "16")));
        SourceActivity visit = (SourceActivity) p.records().get(1);
        assertThat(visit.asset()).isEqualTo("/p");
        assertThat(visit.utm()).isEqualTo(new SourceActivity.Utm("x", null, null, "a b", null));
    }

    @Test
    void identityUrl_masksTheSecretInLogs() {
        String url = api.identityUrl("id-1", "s3cret");
        assertThat(url).startsWith("https://123-ABC-456.mktorest.com/identity/oauth/token?");
        assertThat(io.isthmus.source.HttpCall.get("identity", url, null).toString()).doesNotContain("s3cret");
    }

    private JsonNode read(String body) throws Exception {
        return json.readTree(body);
    }
}
