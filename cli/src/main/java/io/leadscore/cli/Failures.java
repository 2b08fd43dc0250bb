package io.leadscore.cli;

import io.leadscore.core.LeadscoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Turns a stage failure into one line a person can act on (what, where, the way out) and puts the full
 * trace in a log file: under the storage root ({@code <root>/ops/logs/}) when that is a writable local
 * folder, else in the temp dir. Known kinds: permissions and read-only storage, other I/O errors, and
 * Delta's concurrent-modification conflicts.
 */
final class Failures {
  private Failures() {}

  /** The one-line explanation of {@code e}: known kinds get their way out, others the root message. */
  static String explain(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      String name = c.getClass().getName();
      String msg = String.valueOf(c.getMessage());
      if (name.contains("ConcurrentModification") || name.contains("ConcurrentAppend")
          || name.contains("ConcurrentWrite") || name.contains("ConcurrentDelete")
          || msg.contains("DELTA_CONCURRENT")) {
        return "another writer changed a Delta table at the same time (" + Messages.firstLine(msg) + "). Run one "
            + "leadscore job per lakehouse at a time (the run lock does this for leadscore commands; check for "
            + "other writers), then run this command again: it is idempotent for its batch date";
      }
      if (c instanceof AccessDeniedException || msg.contains("Permission denied")
          || msg.contains("Read-only file system")) {
        return "cannot write " + pathOf(c) + ": " + (msg.contains("Read-only") ? "read-only file system"
            : "permission denied") + ". Make it writable for this user, or point leadscore.storage.root "
            + "(or the failing path's setting) at a writable location";
      }
      if (c instanceof FileSystemException fse) {
        return "I/O error on " + pathOf(c) + ": " + Messages.firstLine(fse.getReason() == null ? msg : fse.getReason())
            + ". Check that the path exists and that there is space, then run again";
      }
    }
    return Runner.rootMessage(e);
  }

  private static String pathOf(Throwable c) {
    if (c instanceof FileSystemException fse && fse.getFile() != null) {
      return fse.getFile();
    }
    String msg = Messages.firstLine(String.valueOf(c.getMessage()));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("((?:[a-z0-9]+:)?/[^\\s:'\"]+)").matcher(msg);
    return m.find() ? m.group(1) : msg;
  }

  /** True when {@code e} is our own message (bad input, missing table): no log file is needed. */
  static boolean expected(Throwable e) {
    return e instanceof LeadscoreException && e.getCause() == null;
  }

  /**
   * Writes the full trace of {@code e} to a log file and returns its path, or null when not even the temp dir
   * is writable. {@code root} is the storage root (local folder or URI).
   */
  static Path writeTrace(String root, String runId, String header, Throwable e) {
    StringWriter trace = new StringWriter();
    try (PrintWriter w = new PrintWriter(trace)) {
      w.println(Instant.now() + " " + header);
      e.printStackTrace(w);
    }
    String name = "leadscore-" + runId + ".log";
    if (root != null && !root.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      try {
        Path dir = Path.of(root.startsWith("file:") ? root.substring(5) : root).resolve("ops").resolve("logs");
        Files.createDirectories(dir);
        // appended: a run that fails a stage and then cannot record itself keeps both traces
        return Files.writeString(dir.resolve(name), trace.toString(), StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException | RuntimeException ignored) {
        // not writable (that may be the failure itself): the temp dir below
      }
    }
    try {
      return Files.writeString(Path.of(System.getProperty("java.io.tmpdir")).resolve(name), trace.toString(),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException | RuntimeException ignored) {
      return null;
    }
  }
}
