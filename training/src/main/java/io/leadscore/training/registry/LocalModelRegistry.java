package io.leadscore.training.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadscore.features.LeadscoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The registry of the embedded default: {@code <models>/registry.json} beside the model folders, on any
 * Hadoop file system (local or s3a). Written whole through a temporary file and a rename.
 */
final class LocalModelRegistry implements ModelRegistry {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The registry file's content. */
  record State(List<ModelCard> versions, List<Integer> championHistory, List<String> decisions) {}

  private final String dir;

  LocalModelRegistry(String dir) {
    this.dir = dir;
  }

  @Override
  public synchronized ModelCard register(ModelCard card) {
    State s = read();
    int v = s.versions().stream().mapToInt(ModelCard::version).max().orElse(0) + 1;
    ModelCard registered = card.withVersion(v, card.path() == null ? modelPath(v) : card.path());
    List<ModelCard> versions = new ArrayList<>(s.versions());
    versions.add(registered);
    write(new State(versions, s.championHistory(), s.decisions()));
    return registered;
  }

  @Override
  public Optional<ModelCard> champion() {
    State s = read();
    if (s.championHistory().isEmpty()) {
      return Optional.empty();
    }
    int v = s.championHistory().get(s.championHistory().size() - 1);
    return s.versions().stream().filter(c -> c.version() == v).findFirst();
  }

  @Override
  public synchronized void promote(int version, String reason) {
    State s = read();
    if (s.versions().stream().noneMatch(c -> c.version() == version)) {
      throw LeadscoreException.of("Cannot promote model version %d: the registry at %s has versions %s", version,
          dir, s.versions().stream().map(ModelCard::version).toList());
    }
    List<Integer> history = new ArrayList<>(s.championHistory());
    history.add(version);
    List<String> decisions = new ArrayList<>(s.decisions());
    decisions.add(Instant.now() + " champion := v" + version + " (" + reason + ")");
    write(new State(s.versions(), history, decisions));
  }

  @Override
  public synchronized ModelCard rollback() {
    State s = read();
    if (s.championHistory().size() < 2) {
      throw LeadscoreException.of("Nothing to roll back to: the registry at %s has %s", dir,
          s.championHistory().isEmpty() ? "no champion" : "only one champion so far (v" + s.championHistory().get(0) + ")");
    }
    List<Integer> history = new ArrayList<>(s.championHistory());
    int dropped = history.remove(history.size() - 1);
    int restored = history.get(history.size() - 1);
    List<String> decisions = new ArrayList<>(s.decisions());
    decisions.add(Instant.now() + " rollback: champion v" + dropped + " -> v" + restored);
    write(new State(s.versions(), history, decisions));
    return champion().orElseThrow();
  }

  @Override
  public List<ModelCard> versions() {
    return read().versions();
  }

  @Override
  public String modelPath(int version) {
    return dir + "/v" + version;
  }

  private Path file() {
    return new Path(dir + "/registry.json");
  }

  private FileSystem fs() throws IOException {
    return file().getFileSystem(new Configuration());
  }

  private State read() {
    try {
      FileSystem fs = fs();
      if (!fs.exists(file())) {
        return new State(List.of(), List.of(), List.of());
      }
      try (InputStream in = fs.open(file())) {
        return JSON.readValue(in, State.class);
      }
    } catch (IOException e) {
      throw new LeadscoreException("Cannot read the model registry " + file() + ": " + e.getMessage(), e);
    }
  }

  private void write(State s) {
    try {
      FileSystem fs = fs();
      Path tmp = new Path(dir + "/.registry.json.tmp");
      try (OutputStream out = fs.create(tmp, true)) {
        JSON.writeValue(out, s);
      }
      fs.delete(file(), false);
      if (!fs.rename(tmp, file())) {
        throw new IOException("rename " + tmp + " -> " + file() + " failed");
      }
    } catch (IOException e) {
      throw new LeadscoreException("Cannot write the model registry " + file() + ": " + e.getMessage(), e);
    }
  }
}
