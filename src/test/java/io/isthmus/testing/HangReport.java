package io.isthmus.testing;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.PreInterruptCallback;
import org.junit.jupiter.api.extension.PreInterruptContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test times out, says where it stood. The test output goes to files under target/surefire-reports, which a
 * CI log does not show; so the frames of the stuck thread are put into the failure message itself (one line, the
 * line Maven prints under "Results"), and every thread's stack is written to the test's output beside it.
 * Registered for all tests through META-INF/services and junit-platform.properties.
 */
public final class HangReport implements PreInterruptCallback, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(HangReport.class);
    private static final int FRAMES = 40;

    @Override
    public void beforeThreadInterrupt(PreInterruptContext context, ExtensionContext extension) {
        Thread stuck = context.getThreadToInterrupt();
        StackTraceElement[] frames = stuck.getStackTrace();
        extension.getStore(NS).put("frames", Arrays.stream(frames)
                .takeWhile(f -> !f.getClassName().startsWith("jdk.internal.reflect."))
                .limit(FRAMES)
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName()
                        + ":" + f.getLineNumber())
                .collect(Collectors.joining(" <- ")));
        StringBuilder all = new StringBuilder("Threads when " + extension.getDisplayName() + " timed out:\n");
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            all.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState()).append('\n');
            for (StackTraceElement f : e.getValue()) {
                all.append("    at ").append(f).append('\n');
            }
        }
        System.err.println(all);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext extension, Throwable thrown) throws Throwable {
        String frames = extension.getStore(NS).get("frames", String.class);
        if (thrown instanceof TimeoutException && frames != null) {
            AssertionError e = new AssertionError(thrown.getMessage() + "; stuck at " + frames, thrown);
            e.setStackTrace(thrown.getStackTrace());
            throw e;
        }
        throw thrown;
    }
}
