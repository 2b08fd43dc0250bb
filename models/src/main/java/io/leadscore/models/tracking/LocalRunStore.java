package io.leadscore.models.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadscore.models.ModelsErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The local record of runs under {@code <storage root>/runs} (any Hadoop file system):
 * {@code <id>/run.json}, {@code <id>/artifacts/...}, and {@code <id>/synced.json} once the run reached
 * a tracking server. A run without synced.json is what {@code runs sync} replays.
 */
final class LocalRunStore {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String dir;

  LocalRunStore(String dir) {
    this.dir = dir;
  }

  String dir() {
    return dir;
  }

  String save(RunRecord run, java.util.Map<String, byte[]> artifacts) {
    try {
      FileSystem fs = fs();
      Path runDir = new Path(dir, run.id());
      for (String a : run.artifacts()) {
        byte[] bytes = artifacts.get(a);
        if (bytes == null) {
          throw ModelsErrors.of("Run %s lists artifact '%s' but has no content for it", run.id(), a);
        }
        write(fs, new Path(runDir, "artifacts/" + a), bytes);
      }
      // run.json last: a run folder without it is an interrupted write, not a run
      write(fs, new Path(runDir, "run.json"), JSON.writeValueAsBytes(run));
      return runDir.toString();
    } catch (IOException e) {
      throw ModelsErrors.cannot("record run " + run.id() + " under " + dir, e);
    }
  }

  void markSynced(String id, RunTracker.Delivered d) {
    try {
      write(fs(), new Path(new Path(dir, id), "synced.json"), JSON.writeValueAsBytes(d));
    } catch (IOException e) {
      throw ModelsErrors.cannot("mark run " + id + " as synced under " + dir, e);
    }
  }

  /** Every recorded run, oldest first, with where it was delivered (null: not yet). */
  List<RunRecorder.StoredRun> list() {
    try {
      FileSystem fs = fs();
      Path root = new Path(dir);
      List<RunRecorder.StoredRun> out = new ArrayList<>();
      if (!fs.exists(root)) {
        return out;
      }
      for (FileStatus st : fs.listStatus(root)) {
        Path runJson = new Path(st.getPath(), "run.json");
        if (!st.isDirectory() || !fs.exists(runJson)) {
          continue;
        }
        RunRecord run = read(fs, runJson, RunRecord.class);
        Path synced = new Path(st.getPath(), "synced.json");
        RunTracker.Delivered d = fs.exists(synced) ? read(fs, synced, RunTracker.Delivered.class) : null;
        out.add(new RunRecorder.StoredRun(run, d));
      }
      out.sort(Comparator.comparingLong((RunRecorder.StoredRun r) -> r.run().startTimeMs())
          .thenComparing(r -> r.run().id()));
      return out;
    } catch (IOException e) {
      throw ModelsErrors.cannot("list recorded runs under " + dir, e);
    }
  }

  byte[] artifact(String id, String relativePath) {
    try (InputStream in = fs().open(new Path(new Path(dir, id), "artifacts/" + relativePath))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw ModelsErrors.cannot("read artifact " + relativePath + " of run " + id, e);
    }
  }

  private FileSystem fs() throws IOException {
    return new Path(dir).getFileSystem(new Configuration());
  }

  private static <T> T read(FileSystem fs, Path p, Class<T> type) throws IOException {
    try (InputStream in = fs.open(p)) {
      return JSON.readValue(in, type);
    }
  }

  private static void write(FileSystem fs, Path p, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(p, true)) {
      out.write(bytes);
    }
  }
}
