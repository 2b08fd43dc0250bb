package io.leadscore.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A child JVM with its output in a log file; closing it stops the process (and only it). */
final class ChildJvm implements AutoCloseable {
  final String name;
  final Process process;
  final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java <jvmArgs> -cp <classpath> <main> <args>} with extra environment variables. */
  static ChildJvm start(String name, List<String> jvmArgs, String classpath, String main, List<String> args,
                        Map<String, String> env, Path logDir) throws IOException {
    return start(name, jvmArgs, classpath, main, args, env, logDir, null);
  }

  /** As above, in the working directory {@code workDir} (null: this process's). */
  static ChildJvm start(String name, List<String> jvmArgs, String classpath, String main, List<String> args,
                        Map<String, String> env, Path logDir, Path workDir) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    if (classpath != null) {
      cmd.add("-cp");
      cmd.add(classpath);
    }
    cmd.add(main);
    cmd.addAll(args);
    Path log = logDir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    pb.environment().putAll(env);
    return new ChildJvm(name, pb.start(), log);
  }

  /** Waits until something listens on the port, failing with the log's tail if the process dies first. */
  ChildJvm awaitPort(int port, long timeoutMs) throws IOException, InterruptedException {
    long until = System.currentTimeMillis() + timeoutMs;
    while (true) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return this;
      } catch (IOException e) {
        if (!process.isAlive() || System.currentTimeMillis() > until) {
          throw new IllegalStateException(name + " did not listen on port " + port + ":\n" + tail());
        }
        Thread.sleep(200);
      }
    }
  }

  /** Waits until the log contains {@code text} {@code times} times. */
  ChildJvm awaitLog(String text, int times, long timeoutMs) throws IOException, InterruptedException {
    long until = System.currentTimeMillis() + timeoutMs;
    while (count(text) < times) {
      if (!process.isAlive() || System.currentTimeMillis() > until) {
        throw new IllegalStateException(name + " never logged '" + text + "' " + times + " time(s):\n" + tail());
      }
      Thread.sleep(300);
    }
    return this;
  }

  private int count(String text) throws IOException {
    String s = Files.exists(log) ? Files.readString(log) : "";
    int n = 0;
    for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) {
      n++;
    }
    return n;
  }

  String tail() throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String classpath(List<String> entries) {
    return String.join(File.pathSeparator, entries);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
