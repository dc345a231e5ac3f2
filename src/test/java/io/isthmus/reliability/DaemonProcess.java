package io.isthmus.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real daemon ({@code isthmus run --config FILE}) in its own JVM, so a test can kill it with SIGKILL at any
 * moment, as a crash or an OOM-killer would. Settings go to a properties file, secrets to environment variables;
 * everything the process prints is appended to one log file across restarts.
 */
final class DaemonProcess implements AutoCloseable {

    private static final Path PROJECT = Path.of("").toAbsolutePath();

    private final String name;
    private final Path config;
    private final Path log;
    private final Map<String, String> env;
    private final int httpPort;
    private Process process;
    private int starts;

    DaemonProcess(String name, Path dir, Map<String, String> settings, Map<String, String> env) {
        this.name = name;
        this.config = dir.resolve(name + ".properties");
        this.log = dir.resolve(name + ".log");
        this.env = Map.copyOf(env);
        this.httpPort = freePort();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("isthmus.routes.dir", PROJECT.resolve("routes").toString());
        all.put("isthmus.model.dir", PROJECT.resolve("config").toString());
        all.put("isthmus.http.host", "127.0.0.1");
        all.put("isthmus.http.port", Integer.toString(httpPort));
        // Any free port: two daemons of one test, or a restarted one, must not fight over the default admin port.
        all.put("isthmus.admin.port", "0");
        all.putAll(settings);
        StringBuilder text = new StringBuilder("# written by " + getClass().getSimpleName() + "\n");
        all.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        try {
            Files.writeString(config, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the JVM; returns at once (start-up takes a few seconds). */
    DaemonProcess start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", classpath, "io.isthmus.app.Isthmus", "run", "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("ISTHMUS_"));
        pb.environment().putAll(env);
        try {
            Files.writeString(log, "\n=== " + name + " start " + (++starts) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** SIGKILL: no shutdown hook, no flush, no rollback; waits until the process is gone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM, as systemd or docker stop send; SIGKILL if it has not stopped after 30 s. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    int httpPort() {
        return httpPort;
    }

    Path logFile() {
        return log;
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
