package io.leadscore.models.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadscore.models.ModelsErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The registry of the embedded default: {@code <models>/registry.json} beside the write-once version folders
 * {@code v<N>/} (each with its {@code card.json}), on a local folder or any Hadoop file system. Changes are
 * read-modify-write under {@code registry.lock} (an atomic create-new) and the file is replaced atomically:
 * a crash at any point leaves the previous registry or the new one, never none. A registry file that is
 * missing or unreadable beside existing version folders is an error, never an empty registry.
 */
final class LocalModelRegistry implements ModelRegistry {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String dir;
  private final RegistryFiles files;
  private final RegistryLock lock;
  private final RegistryFile file;

  LocalModelRegistry(String dir) {
    this(dir, () -> { });
  }

  LocalModelRegistry(String dir, Runnable beforeReplace) {
    this.dir = dir;
    this.files = RegistryFiles.at(dir);
    this.lock = new RegistryLock(dir, files);
    this.file = new RegistryFile(dir, files, beforeReplace);
  }

  @Override
  public int claim() {
    return locked(s -> s, () -> {
      int v = Math.max(s().versions().stream().mapToInt(ModelCard::version).max().orElse(0), maxFolder()) + 1;
      try {
        while (!files.mkdirNew("v" + v)) {
          v++;
        }
      } catch (IOException e) {
        throw ModelsErrors.cannot("claim model version folder " + modelPath(v), e);
      }
      return v;
    });
  }

  @Override
  public ModelCard register(ModelCard card) {
    int v = card.version() > 0 ? card.version() : claim();
    ModelCard registered = card.withVersion(v, card.path() == null || card.path().isEmpty() ? modelPath(v)
        : card.path());
    try {
      if (!files.createNew("v" + v + "/card.json", JSON.writeValueAsBytes(registered))) {
        throw ModelsErrors.of("Model version v%d in %s is already registered (its card.json exists): version "
            + "folders are write-once; claim a new version", v, dir);
      }
    } catch (IOException e) {
      throw ModelsErrors.cannot("write the card of model v" + v + " in " + dir, e);
    }
    update(s -> {
      if (s.versions().stream().anyMatch(c -> c.version() == v)) {
        throw ModelsErrors.of("Model version v%d is already in the registry %s", v, dir);
      }
      List<ModelCard> vs = new ArrayList<>(s.versions());
      vs.add(registered);
      return s.with(v, Status.CANDIDATE, "registered", vs, s.championHistory());
    });
    return registered;
  }

  @Override
  public Optional<ModelCard> champion() {
    RegistryState s = file.read();
    if (s.championHistory().isEmpty()) {
      return Optional.empty();
    }
    int v = s.championHistory().get(s.championHistory().size() - 1);
    return s.versions().stream().filter(c -> c.version() == v).findFirst();
  }

  @Override
  public Optional<ModelCard> challenger() {
    RegistryState s = file.read();
    return s.versions().stream().filter(c -> s.statusOf(c.version()) == Status.CHALLENGER)
        .max(Comparator.comparingInt(ModelCard::version));
  }

  @Override
  public void promote(int version, String reason) {
    update(s -> {
      requireVersion(s, version);
      RegistryState out = s;
      Optional<Integer> previous = s.championHistory().isEmpty() ? Optional.empty()
          : Optional.of(s.championHistory().get(s.championHistory().size() - 1));
      if (previous.isPresent() && previous.get() != version) {
        out = out.with(previous.get(), Status.RETIRED, "replaced by v" + version, out.versions(),
            out.championHistory());
      }
      List<Integer> history = new ArrayList<>(out.championHistory());
      history.add(version);
      return out.with(version, Status.CHAMPION, reason, out.versions(), history);
    });
  }

  @Override
  public void mark(int version, Status status, String reason) {
    if (status != Status.CHALLENGER && status != Status.REJECTED) {
      // guard: a champion is made by promote or rollback, which keep the history; no command calls mark with it
      throw new IllegalArgumentException("mark takes challenger or rejected, not " + status.label()
          + ": use promote or rollback");
    }
    update(s -> {
      requireVersion(s, version);
      RegistryState out = s;
      if (status == Status.CHALLENGER) {
        for (ModelCard c : s.versions()) {
          if (c.version() != version && s.statusOf(c.version()) == Status.CHALLENGER) {
            out = out.with(c.version(), Status.RETIRED, "superseded as challenger by v" + version, out.versions(),
                out.championHistory());
          }
        }
      }
      return out.with(version, status, reason, out.versions(), out.championHistory());
    });
  }

  @Override
  public ModelCard rollback() {
    update(s -> {
      if (s.championHistory().size() < 2) {
        throw ModelsErrors.of("Nothing to roll back to: the registry at %s has %s", dir,
            s.championHistory().isEmpty() ? "no champion" : "only one champion so far (v" + s.championHistory().get(0)
                + ")");
      }
      List<Integer> history = new ArrayList<>(s.championHistory());
      int dropped = history.remove(history.size() - 1);
      int restored = history.get(history.size() - 1);
      RegistryState out = s.with(dropped, Status.RETIRED, "rolled back to v" + restored, s.versions(), history);
      return out.with(restored, Status.CHAMPION, "restored by rollback of v" + dropped, out.versions(), history);
    });
    return champion().orElseThrow();
  }

  @Override
  public List<ModelCard> versions() {
    return file.read().versions();
  }

  @Override
  public Status status(int version) {
    RegistryState s = file.read();
    requireVersion(s, version);
    return s.statusOf(version);
  }

  @Override
  public List<Event> history() {
    return file.read().history();
  }

  @Override
  public String modelPath(int version) {
    return dir + "/v" + version;
  }

  private void requireVersion(RegistryState s, int version) {
    if (s.versions().stream().noneMatch(c -> c.version() == version)) {
      throw ModelsErrors.of("No model version %d in the registry at %s; it has versions %s", version, dir,
          s.versions().stream().map(ModelCard::version).toList());
    }
  }

  private int maxFolder() {
    try {
      return files.list().stream().filter(n -> n.matches("v[0-9]+")).mapToInt(n -> Integer.parseInt(n.substring(1)))
          .max().orElse(0);
    } catch (IOException e) {
      throw ModelsErrors.cannot("list the model registry folder " + dir, e);
    }
  }

  /** The state as read inside the lock (set by {@link #locked}). */
  private RegistryState current;

  private RegistryState s() {
    return current;
  }

  private void update(UnaryOperator<RegistryState> change) {
    locked(change, () -> null);
  }

  /** Under the lock: reads, applies {@code change}, writes when it changed anything, then runs {@code then}. */
  private synchronized <T> T locked(UnaryOperator<RegistryState> change, java.util.function.Supplier<T> then) {
    lock.acquire();
    try {
      RegistryState before = file.readOrCreate();
      RegistryState after = change.apply(before);
      if (after != before) {
        file.write(after);
      }
      current = after;
      return then.get();
    } finally {
      current = null;
      lock.release();
    }
  }
}
