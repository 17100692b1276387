package org.yizhan.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A Yizhan server in a JVM of its own, started from {@code org.yizhan.Main} as a user runs it (or as a
 * second instance behind a load balancer would be), and what it printed.
 */
public record ServerProcess(Process process, int port, Path out) {

    /**
     * Starts {@code Main} with this JVM's class path on a free port of 127.0.0.1 and the test JVM's
     * environment changed by {@code env} (a null value removes the variable). Returns once the server
     * says it is running, at most 120 s; an AssertionError carrying its output if it exits or is late.
     */
    public static ServerProcess start(Map<String, String> env) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path out = Files.createTempFile("yizhan-server", ".log");
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.yizhan.Main");
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("YIZHAN_HOST", "127.0.0.1");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        ServerProcess server = new ServerProcess(pb.start(), port, out);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.process.isAlive()) {
                throw new AssertionError("server exited with " + server.process.exitValue() + ":\n" + server.output());
            }
            if (server.output().contains("Yizhan is running at")) {
                return server;
            }
            Thread.sleep(200);
        }
        server.process.destroyForcibly();
        throw new AssertionError("server did not start in time:\n" + server.output());
    }

    public String output() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** SIGTERM, and waits for the process to end. */
    public void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
        }
        process.waitFor();
    }
}
