package io.leadscore.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * One run per storage root at a time: a lock file ({@code <root>/ops/leadscore.lock}) created atomically,
 * recording host, pid, command, batch date and start time. A second run finds it and stops (exit 4)
 * naming the holder. A stale lock (its process is gone on this host, or it is older than
 * {@code leadscore.lock.stale_after}) is taken over with a warning.
 *
 * <p>On a local root the create is atomic ({@code O_CREAT|O_EXCL}). On {@code s3a://}, hadoop-aws 3.3.4 has
 * no atomic create-if-absent: two runs starting within the same second can both believe they hold the
 * lock. There, let one scheduler (Airflow, {@code max_active_runs=1}) be the only thing starting runs; the
 * lock still stops a run started by hand while the nightly runs.
 */
public final class RunLock implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Another live run holds the lock. */
  public static final class Held extends LeadscoreException {
    private final Map<String, Object> holder;

    Held(String message, Map<String, Object> holder) {
      super(message);
      this.holder = Map.copyOf(holder);
    }

    public Map<String, Object> holder() {
      return holder;
    }
  }

  private final String location;
  private final Map<String, Object> content;
  private final Configuration hadoop;

  private RunLock(String location, Map<String, Object> content, Configuration hadoop) {
    this.location = location;
    this.content = content;
    this.hadoop = hadoop;
  }

  /** The lock file of a storage root. */
  public static String location(Tables tables) {
    return tables.root() + "/ops/leadscore.lock";
  }

  /**
   * Takes the lock of {@code tables}' root or throws {@link Held}. {@code warn} receives the takeover
   * warning of a stale lock. I/O failures (a read-only root) surface as {@link IOException}.
   */
  public static RunLock acquire(Tables tables, String command, String batchDate, Duration staleAfter,
                                Configuration hadoop, Consumer<String> warn) throws IOException {
    String location = location(tables);
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("host", host());
    me.put("pid", ProcessHandle.current().pid());
    me.put("command", command);
    me.put("batch_date", batchDate);
    me.put("started_at", Instant.now().toString());
    byte[] bytes = JSON.writeValueAsBytes(me);
    for (int attempt = 0; attempt < 2; attempt++) {
      if (create(location, bytes, hadoop)) {
        return new RunLock(location, me, hadoop);
      }
      Map<String, Object> holder = read(location, hadoop);
      if (holder.isEmpty()) {
        // the holder may be between creating the file and writing it: look once more
        sleep();
        holder = read(location, hadoop);
      }
      String stale = staleReason(holder, staleAfter);
      if (stale == null) {
        throw new Held(String.format("another run holds the lakehouse lock %s: %s. Wait for it to finish; if "
            + "that process is gone, delete the lock file and run again", location, describe(holder)), holder);
      }
      warn.accept(String.format("leadscore: taking over a stale lakehouse lock %s (%s): %s", location, stale,
          describe(holder)));
      delete(location, hadoop);
    }
    throw new Held("another run took the lakehouse lock " + location + " while a stale lock was being replaced: "
        + describe(read(location, hadoop)), read(location, hadoop));
  }

  /** Why {@code holder} no longer holds the lock, or null when it still does. */
  static String staleReason(Map<String, Object> holder, Duration staleAfter) {
    if (holder.isEmpty()) {
      return "the lock file is empty or unreadable";
    }
    Object started = holder.get("started_at");
    try {
      if (started != null && Instant.parse(started.toString()).plus(staleAfter).isBefore(Instant.now())) {
        return "older than leadscore.lock.stale_after (" + staleAfter + ")";
      }
    } catch (java.time.format.DateTimeParseException e) {
      return "its start time is unreadable";
    }
    Object pid = holder.get("pid");
    if (host().equals(holder.get("host")) && pid instanceof Number n
        && ProcessHandle.of(n.longValue()).map(p -> !p.isAlive()).orElse(true)) {
      return "its process " + n + " is gone on this host";
    }
    return null;
  }

  static String describe(Map<String, Object> h) {
    return String.format("pid %s on host %s, command '%s' for batch date %s, started %s", h.get("pid"),
        h.get("host"), h.get("command"), h.get("batch_date"), h.get("started_at"));
  }

  public String path() {
    return location;
  }

  /** Deletes the lock if it is still this run's (a takeover by another run is left alone). */
  @Override
  public void close() {
    try {
      // compared as JSON text: numbers read back may be another boxed type than the ones written
      if (JSON.writeValueAsString(content).equals(JSON.writeValueAsString(read(location, hadoop)))) {
        delete(location, hadoop);
      }
    } catch (IOException e) {
      // the lock goes stale once this process is gone: the next run takes it over with a warning
    }
  }

  private static boolean local(String location) {
    return !location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || location.startsWith("file:");
  }

  private static Path localPath(String location) {
    return location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location);
  }

  private static boolean create(String location, byte[] bytes, Configuration hadoop) throws IOException {
    if (local(location)) {
      Path p = localPath(location);
      Files.createDirectories(p.getParent());
      try {
        Files.write(p, bytes, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
    FileSystem fs = p.getFileSystem(hadoop);
    if (fs.exists(p)) {
      return false;
    }
    try (OutputStream out = fs.create(p, false)) {
      out.write(bytes);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(String location, Configuration hadoop) throws IOException {
    byte[] bytes;
    try {
      if (local(location)) {
        bytes = Files.readAllBytes(localPath(location));
      } else {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
        try (InputStream in = p.getFileSystem(hadoop).open(p)) {
          bytes = in.readAllBytes();
        }
      }
    } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
      return Map.of();
    }
    try {
      return JSON.readValue(new String(bytes, StandardCharsets.UTF_8), LinkedHashMap.class);
    } catch (IOException e) {
      return Map.of();
    }
  }

  private static void delete(String location, Configuration hadoop) throws IOException {
    if (local(location)) {
      Files.deleteIfExists(localPath(location));
    } else {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      p.getFileSystem(hadoop).delete(p, false);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
