package io.leadscore.training.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadscore.training.TrainingErrors;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  static final String FILE = "registry.json";
  static final String LOCK = "registry.lock";
  private static final long LOCK_WAIT_MS = 120_000;
  private static final long LOCK_STALE_MS = 600_000;

  /** The registry file's content. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record State(List<ModelCard> versions, Map<Integer, String> status, List<Integer> championHistory,
               List<Event> history) {
    State {
      versions = versions == null ? List.of() : List.copyOf(versions);
      status = status == null ? new LinkedHashMap<>() : new LinkedHashMap<>(status);
      championHistory = championHistory == null ? List.of() : List.copyOf(championHistory);
      history = history == null ? List.of() : List.copyOf(history);
    }

    static State empty() {
      return new State(List.of(), Map.of(), List.of(), List.of());
    }

    Status statusOf(int v) {
      String s = status.get(v);
      if (s != null) {
        return Status.valueOf(s.toUpperCase(java.util.Locale.ROOT));
      }
      // a registry written before states: the last champion is champion, earlier ones retired
      if (!championHistory.isEmpty() && championHistory.get(championHistory.size() - 1) == v) {
        return Status.CHAMPION;
      }
      return championHistory.contains(v) ? Status.RETIRED : Status.CANDIDATE;
    }

    State with(int version, Status s, String reason, List<ModelCard> vs, List<Integer> champions) {
      Map<Integer, String> st = new LinkedHashMap<>(status);
      st.put(version, s.label());
      List<Event> h = new ArrayList<>(history);
      h.add(new Event(Instant.now().toString(), version, s.label(), reason));
      return new State(vs, st, champions, h);
    }
  }

  private final String dir;
  private final RegistryFiles files;
  /** Runs after the new registry content is ready and before it replaces the old one (tests inject crashes). */
  private final Runnable beforeReplace;

  LocalModelRegistry(String dir) {
    this(dir, () -> { });
  }

  LocalModelRegistry(String dir, Runnable beforeReplace) {
    this.dir = dir;
    this.files = RegistryFiles.at(dir);
    this.beforeReplace = beforeReplace;
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
        throw TrainingErrors.cannot("claim model version folder " + modelPath(v), e);
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
        throw TrainingErrors.of("Model version v%d in %s is already registered (its card.json exists): version "
            + "folders are write-once; claim a new version", v, dir);
      }
    } catch (IOException e) {
      throw TrainingErrors.cannot("write the card of model v" + v + " in " + dir, e);
    }
    update(s -> {
      if (s.versions().stream().anyMatch(c -> c.version() == v)) {
        throw TrainingErrors.of("Model version v%d is already in the registry %s", v, dir);
      }
      List<ModelCard> vs = new ArrayList<>(s.versions());
      vs.add(registered);
      return s.with(v, Status.CANDIDATE, "registered", vs, s.championHistory());
    });
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
  public Optional<ModelCard> challenger() {
    State s = read();
    return s.versions().stream().filter(c -> s.statusOf(c.version()) == Status.CHALLENGER)
        .max(Comparator.comparingInt(ModelCard::version));
  }

  @Override
  public void promote(int version, String reason) {
    update(s -> {
      requireVersion(s, version);
      State out = s;
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
      throw new IllegalArgumentException("mark takes challenger or rejected, not " + status.label()
          + ": use promote or rollback");
    }
    update(s -> {
      requireVersion(s, version);
      State out = s;
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
        throw TrainingErrors.of("Nothing to roll back to: the registry at %s has %s", dir,
            s.championHistory().isEmpty() ? "no champion" : "only one champion so far (v" + s.championHistory().get(0)
                + ")");
      }
      List<Integer> history = new ArrayList<>(s.championHistory());
      int dropped = history.remove(history.size() - 1);
      int restored = history.get(history.size() - 1);
      State out = s.with(dropped, Status.RETIRED, "rolled back to v" + restored, s.versions(), history);
      return out.with(restored, Status.CHAMPION, "restored by rollback of v" + dropped, out.versions(), history);
    });
    return champion().orElseThrow();
  }

  @Override
  public List<ModelCard> versions() {
    return read().versions();
  }

  @Override
  public Status status(int version) {
    State s = read();
    requireVersion(s, version);
    return s.statusOf(version);
  }

  @Override
  public List<Event> history() {
    return read().history();
  }

  @Override
  public String modelPath(int version) {
    return dir + "/v" + version;
  }

  private void requireVersion(State s, int version) {
    if (s.versions().stream().noneMatch(c -> c.version() == version)) {
      throw TrainingErrors.of("No model version %d in the registry at %s; it has versions %s", version, dir,
          s.versions().stream().map(ModelCard::version).toList());
    }
  }

  private int maxFolder() {
    try {
      return files.list().stream().filter(n -> n.matches("v[0-9]+")).mapToInt(n -> Integer.parseInt(n.substring(1)))
          .max().orElse(0);
    } catch (IOException e) {
      throw TrainingErrors.cannot("list the model registry folder " + dir, e);
    }
  }

  /** The state as read inside the lock (set by {@link #locked}). */
  private State current;

  private State s() {
    return current;
  }

  private void update(UnaryOperator<State> change) {
    locked(change, () -> null);
  }

  /** Under the lock: reads, applies {@code change}, writes when it changed anything, then runs {@code then}. */
  private synchronized <T> T locked(UnaryOperator<State> change, java.util.function.Supplier<T> then) {
    acquire();
    try {
      State before = readOrCreate();
      State after = change.apply(before);
      if (after != before) {
        write(after);
      }
      current = after;
      return then.get();
    } finally {
      current = null;
      release();
    }
  }

  private void acquire() {
    long deadline = System.currentTimeMillis() + LOCK_WAIT_MS;
    byte[] owner = (ProcessHandle.current().pid() + " " + Instant.now()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try {
      while (!files.createNew(LOCK, owner)) {
        if (files.exists(LOCK) && files.ageMillis(LOCK) > LOCK_STALE_MS) {
          // a trainer that died holding the lock: its change never reached registry.json, which is intact
          files.delete(LOCK);
          continue;
        }
        if (System.currentTimeMillis() > deadline) {
          throw TrainingErrors.of("The model registry %s is locked by another trainer (%s/%s, held for %d s); "
              + "wait for it to finish, or delete the lock file if no trainer is running", dir, dir, LOCK,
              files.ageMillis(LOCK) / 1000);
        }
        Thread.sleep(20 + (long) (Math.random() * 30));
      }
    } catch (IOException e) {
      throw TrainingErrors.cannot("lock the model registry " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw TrainingErrors.wrap("Interrupted while waiting for the model registry lock in " + dir, e);
    }
  }

  private void release() {
    try {
      files.delete(LOCK);
    } catch (IOException e) {
      throw TrainingErrors.cannot("release the model registry lock " + dir + "/" + LOCK, e);
    }
  }

  private State readOrCreate() {
    try {
      if (!files.exists(FILE) && versionFolders().isEmpty()) {
        write(State.empty());
      }
    } catch (IOException e) {
      throw TrainingErrors.cannot("read the model registry " + dir + "/" + FILE, e);
    }
    return read();
  }

  private List<String> versionFolders() throws IOException {
    return files.list().stream().filter(n -> n.matches("v[0-9]+")).toList();
  }

  private State read() {
    String file = dir + "/" + FILE;
    try {
      if (!files.exists(FILE)) {
        List<String> folders = versionFolders();
        if (!folders.isEmpty()) {
          throw TrainingErrors.of("The model registry %s is missing, but version folders %s exist beside it: "
              + "the registry was deleted or lost, and reading it as empty would reuse version numbers and forget "
              + "the champion. Restore %s from a backup (each v<N>/card.json holds that version's card)", file,
              folders, FILE);
        }
        return State.empty();
      }
      return JSON.readValue(files.read(FILE), State.class);
    } catch (IOException e) {
      throw TrainingErrors.wrap("The model registry " + file + " is unreadable (" + e.getMessage() + "); it is "
          + "never treated as empty: restore it from a backup (each v<N>/card.json holds that version's card)", e);
    }
  }

  private void write(State s) {
    try {
      byte[] content = JSON.writeValueAsBytes(s);
      beforeReplace.run();
      files.replace(FILE, content);
    } catch (IOException e) {
      throw TrainingErrors.cannot("write the model registry " + dir + "/" + FILE, e);
    }
  }
}
