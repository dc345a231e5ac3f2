package io.isthmus.app.config;

/**
 * One thing wrong with a configuration, attached to where it is: {@code file:line:column path: message}.
 * Line and column are 1-based; 0 when the problem has no position (a missing file, a missing key at the root).
 */
public record ConfigProblem(String file, int line, int column, String path, String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file == null ? "<config>" : file);
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        sb.append(' ');
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }
}
