package io.leadscore.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM options ServeBench starts {@code leadscore serve} with: the project's own default for serve (the
 * {@code serve-jvm-flags.txt} that {@code bin/leadscore serve} reads, so the bench measures what users run),
 * {@code --heap} replacing its {@code -Xmx}, and {@code --jvm} added. A collector chosen in {@code --jvm}
 * replaces the default's: the JVM refuses two collectors at once, so {@code --jvm -XX:+UseSerialGC} compares one.
 */
final class ServeJvm {
  static final String RESOURCE = "/serve-jvm-flags.txt";

  private ServeJvm() {}

  /** The default's options with {@code heap} (null: keep the default's) and {@code extra} (null or blank: none). */
  static List<String> options(String defaults, String heap, String extra) {
    List<String> added = extra == null || extra.isBlank() ? List.of() : Arrays.asList(extra.trim().split("\\s+"));
    boolean ownCollector = added.stream().anyMatch(ServeJvm::collector);
    List<String> out = new ArrayList<>();
    for (String o : defaults.trim().split("\\s+")) {
      if (o.isEmpty() || heap != null && o.startsWith("-Xmx") || ownCollector && (collector(o) || tuning(o))) {
        continue;
      }
      out.add(o);
    }
    if (heap != null) {
      out.add("-Xmx" + heap);
    }
    out.addAll(added);
    return out;
  }

  /** The default options as the build wrote them (from the cli jar on the class path). */
  static String defaults() {
    try (InputStream in = ServeJvm.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path: build the cli module first "
            + "(mvn -pl cli -am package)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An option that selects the collector, e.g. {@code -XX:+UseZGC}. */
  private static boolean collector(String o) {
    return o.matches("-XX:\\+Use\\w*GC");
  }

  /** A collector's own tuning in the default, meaningless (or refused) once another collector is chosen. */
  private static boolean tuning(String o) {
    return o.startsWith("-XX:MaxGCPauseMillis") || o.startsWith("-XX:G1") || o.startsWith("-XX:+ZGenerational")
        || o.startsWith("-XX:ZCollectionInterval") || o.startsWith("-XX:SoftMaxHeapSize");
  }
}
