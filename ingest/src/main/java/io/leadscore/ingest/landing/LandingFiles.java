package io.leadscore.ingest.landing;

import io.leadscore.ingest.IngestErrors;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.core.runs.Problem;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Which landing files a source reads for a batch date ({@code file} may be a glob), whether its folder's
 * {@code ready_marker} is there, and which files in the landing folders no source claims.
 */
public final class LandingFiles {
  private final Configuration conf;

  public LandingFiles(Configuration conf) {
    this.conf = conf;
  }

  /** A file to ingest: where it is read from, its name, its size. */
  public record Found(String location, String name, long size) {}

  /** The files of {@code m}, sorted by name: the {@code --input} for it, or the matches in its landing folder. */
  List<Found> of(IngestSpec spec, SourceMapping m) {
    String input = spec.inputs().get(m.name());
    try {
      if (input != null) {
        Path p = new Path(input);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p) || !fs.getFileStatus(p).isFile()) {
          throw IngestErrors.of("--input %s does not exist or is not a file", input);
        }
        return List.of(new Found(input, p.getName(), fs.getFileStatus(p).getLen()));
      }
      List<Found> out = new ArrayList<>();
      for (FileStatus f : list(spec.folderOf(m).toString())) {
        if (m.matches(f.getPath().getName())) {
          out.add(new Found(f.getPath().toString(), f.getPath().getName(), f.getLen()));
        }
      }
      out.sort(java.util.Comparator.comparing(Found::name));
      return out;
    } catch (IOException e) {
      throw IngestErrors.cannotList(spec.folderOf(m), e);
    }
  }

  /**
   * True when {@code m} has no ready marker, or its marker is in the folder (waiting up to
   * {@code spec.readyWait()} for it).
   */
  boolean ready(IngestSpec spec, SourceMapping m) {
    if (m.readyMarker() == null || spec.inputs().containsKey(m.name())) {
      return true;
    }
    Path marker = new Path(spec.folderOf(m).resolve(m.readyMarker()).toString());
    Instant until = Instant.now().plus(spec.readyWait());
    try {
      FileSystem fs = marker.getFileSystem(conf);
      while (true) {
        if (fs.exists(marker)) {
          return true;
        }
        if (Instant.now().isAfter(until)) {
          return false;
        }
        Thread.sleep(Math.min(5000, Math.max(100, Duration.between(Instant.now(), until).toMillis())));
      }
    } catch (IOException e) {
      throw IngestErrors.wrap("Cannot look for the ready marker " + marker + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Files in the batch date's landing folders (of the active sources' groups) that no active source matches:
   * an export nobody reads is reported, never ignored. Hidden files ({@code .x}, {@code _x}) and ready
   * markers are not exports.
   */
  public List<Problem> unrecognised(IngestSpec spec) {
    if (!spec.inputs().isEmpty()) {
      return List.of();
    }
    Map<String, List<SourceMapping>> byFolder = new LinkedHashMap<>();
    for (SourceMapping m : spec.sources()) {
      byFolder.computeIfAbsent(spec.folderOf(m).toString(), k -> new ArrayList<>()).add(m);
    }
    List<Problem> out = new ArrayList<>();
    for (var e : byFolder.entrySet()) {
      try {
        for (FileStatus f : list(e.getKey())) {
          String name = f.getPath().getName();
          boolean marker = e.getValue().stream().anyMatch(m -> name.equals(m.readyMarker()));
          if (name.startsWith(".") || name.startsWith("_") || marker
              || e.getValue().stream().anyMatch(m -> m.matches(name))) {
            continue;
          }
          out.add(Problem.of(Problem.FILE_UNRECOGNISED, e.getKey() + "/" + name, String.format("no active source "
              + "reads this file (sources of this folder: %s), so it was not ingested. Add a source whose `file` "
              + "matches it (a glob such as \"leads*.csv\" reads several files), or move it away",
              new TreeSet<>(e.getValue().stream().map(m -> m.name() + " (" + m.file() + ")").toList()))));
        }
      } catch (IOException ex) {
        throw IngestErrors.cannotList(e.getKey(), ex);
      }
    }
    return out;
  }

  private List<FileStatus> list(String folder) throws IOException {
    Path p = new Path(folder);
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(p)) {
      return List.of();
    }
    List<FileStatus> out = new ArrayList<>();
    for (FileStatus f : fs.listStatus(p)) {
      if (f.isFile()) {
        out.add(f);
      }
    }
    return out;
  }
}
