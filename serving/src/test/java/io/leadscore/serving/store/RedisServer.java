package io.leadscore.serving.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, no persistence, stopped by
 * {@link #stop} or at JVM exit at the latest.
 */
public final class RedisServer implements AutoCloseable {
  private final Process process;
  public final int port;

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static RedisServer start(Path dir) throws IOException, InterruptedException {
    io.leadscore.core.ToolsInstall.await();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.createDirectories(dir);
    Process p = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    RedisServer r = new RedisServer(p, port);
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    long until = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < until) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return r;
      } catch (IOException notYet) {
        if (!p.isAlive()) {
          throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
        }
        Thread.sleep(20);
      }
    }
    p.destroyForcibly();
    throw new IOException("redis-server did not listen on port " + port + " within 10 s");
  }

  public void stop() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
