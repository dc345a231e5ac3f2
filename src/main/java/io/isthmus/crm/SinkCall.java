package io.isthmus.crm;

/**
 * One Salesforce REST call the sink route makes through {@code salesforce:raw}: the route copies method, path and
 * content type into the component's headers and sends {@code body}. {@code work} is what the answer settles (a
 * collections batch or a Bulk API job); {@code last}: the API budget allows no further call in this drain.
 */
public record SinkCall(String operation, String method, String path, String contentType, String body, Object work,
                       boolean last) {

    static final String JSON = "application/json";
    static final String CSV = "text/csv";

    SinkCall lastOfDrain() {
        return new SinkCall(operation, method, path, contentType, body, work, true);
    }

    @Override
    public String toString() {
        return operation + " " + method + " " + path;
    }
}
