package io.leadscore.models.tracking;

import io.leadscore.models.ModelsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every run locally first (same content as the MLflow run), then delivers it to the tracking
 * server when one is configured. A server that is down costs nothing but a warning: the run stays
 * recorded as unsynced and {@link #sync()} delivers it later, once.
 */
public final class RunRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

  /** A recorded run and where it was delivered (null: local only so far). */
  public record StoredRun(RunRecord run, RunTracker.Delivered delivered) {
    public boolean synced() {
      return delivered != null;
    }
  }

  /**
   * What {@link #record} did: the local folder, the MLflow delivery or why there was none, and what a configured
   * tracking server still lacks (this run, earlier runs, the aliases; empty when nothing is owed or no server is
   * configured): the train stage names it under {@code problems}.
   */
  public record Outcome(String localPath, RunTracker.Delivered delivered, String note, List<String> undelivered) {
    public Outcome {
      undelivered = List.copyOf(undelivered);
    }

    public String describe() {
      return delivered != null
          ? "MLflow run " + delivered.runId() + " (experiment " + delivered.experimentId() + ")"
              + (delivered.modelVersion() == null ? "" : ", model version " + delivered.modelVersion())
              + "; local record " + localPath
          : "local record " + localPath + " (" + note + ")";
    }
  }

  /** What {@link #sync()} did. */
  public record SyncResult(int delivered, int failed, int alreadySynced, List<String> messages) {}

  private final LocalRunStore store;
  private final Optional<RunTracker> tracker;
  private final RunContext context;
  private final String registeredModel;
  private final Supplier<Map<String, Integer>> aliases;

  private RunRecorder(LocalRunStore store, Optional<RunTracker> tracker, RunContext context, String registeredModel,
                      Supplier<Map<String, Integer>> aliases) {
    this.store = store;
    this.tracker = tracker;
    this.context = context;
    this.registeredModel = registeredModel;
    this.aliases = aliases;
  }

  /** The same recorder with the system tags and run-name prefix of {@code context}. */
  public RunRecorder withContext(RunContext context) {
    return new RunRecorder(store, tracker, context, registeredModel, aliases);
  }

  /**
   * The same recorder, which after each delivery points the MLflow aliases of {@code registeredModel} at the
   * versions {@code current} names (alias -> local version, read when called: the registry's current state).
   */
  public RunRecorder withAliases(String registeredModel, Supplier<Map<String, Integer>> current) {
    return new RunRecorder(store, tracker, context, registeredModel, current);
  }

  public RunContext context() {
    return context;
  }

  /**
   * The recorder for a configured tracking URI (empty: {@code MLFLOW_TRACKING_URI} from {@code env}; both
   * empty: local records only).
   */
  public static RunRecorder forUri(String runsDir, String configuredUri, Map<String, String> env) {
    String uri = RunTracker.trackingUri(configuredUri, env);
    if (!uri.isEmpty() && !uri.startsWith("http://") && !uri.startsWith("https://")) {
      throw ModelsErrors.of("MLflow tracking URI '%s' is not http(s): leadscore speaks MLflow's REST API; leave "
          + "leadscore.mlflow.tracking_uri and MLFLOW_TRACKING_URI empty to record runs under %s only",
          RunTracker.redact(uri), runsDir);
    }
    return at(runsDir, uri.isEmpty() ? Optional.empty() : Optional.of(RunTracker.mlflow(uri)));
  }

  public static RunRecorder at(String runsDir, Optional<RunTracker> tracker) {
    return new RunRecorder(new LocalRunStore(runsDir), tracker, RunContext.unnamed("unknown"), null, null);
  }

  public Outcome record(RunRecord recorded, Map<String, byte[]> artifacts) {
    RunRecord run = recorded.withTags(context.tags()).withTags(Map.of(RunTracker.RUN_ID_TAG, recorded.id()));
    String local = store.save(run, artifacts);
    if (tracker.isEmpty()) {
      return new Outcome(local, null, "no tracking server configured; `leadscore runs sync` delivers it later",
          List.of());
    }
    try {
      RunTracker.Delivered d = tracker.get().deliver(run, path -> artifacts.get(path));
      store.markSynced(run.id(), d);
      List<String> aliasNotes;
      try {
        aliasNotes = syncAliases();
      } catch (RuntimeException e) {
        aliasNotes = List.of("aliases not updated (`leadscore runs sync` retries): " + e.getMessage());
      }
      List<String> owed = new ArrayList<>(earlierUnsynced(run.id()));
      owed.addAll(aliasNotes);
      return new Outcome(local, d, aliasNotes.isEmpty() ? "synced" : "synced; " + String.join("; ", aliasNotes),
          owed);
    } catch (RuntimeException e) {
      // whatever the tracking server or client does, the run is recorded and the nightly goes on
      LOG.warn("Run {} recorded locally only: {}", run.id(), e.getMessage());
      List<String> owed = new ArrayList<>();
      owed.add("run " + run.id() + " was not delivered (" + e.getMessage() + ")"
          + (aliases == null ? "" : "; the MLflow aliases were not moved"));
      owed.addAll(earlierUnsynced(run.id()));
      return new Outcome(local, null, "tracking server failed: " + e.getMessage()
          + "; `leadscore runs sync` delivers it later", owed);
    }
  }

  /** Recorded runs other than {@code except} that have not reached the server yet, as one line (or none). */
  private List<String> earlierUnsynced(String except) {
    // only the training runs' store (the one with aliases) is replayed by `runs sync`: a monitoring run that
    // missed the server stays local for good, so only tonight's is owed
    if (aliases == null) {
      return List.of();
    }
    try {
      List<String> ids = store.list().stream().filter(r -> !r.synced() && !r.run().id().equals(except))
          .map(r -> r.run().id()).toList();
      return ids.isEmpty() ? List.of() : List.of(ids.size() + " earlier run(s) not delivered yet: "
          + String.join(", ", ids.subList(Math.max(0, ids.size() - 5), ids.size()))
          + (ids.size() > 5 ? " (the latest 5)" : ""));
    } catch (RuntimeException e) {
      return List.of("the local run records could not be listed: " + e.getMessage());
    }
  }

  /** Delivers every unsynced run, oldest first; a delivered run is marked and never sent again. */
  public SyncResult sync() {
    RunTracker t = tracker.orElseThrow(() -> new TrackingException(
        "No tracking server: set MLFLOW_TRACKING_URI or leadscore.mlflow.tracking_uri to sync runs"));
    int delivered = 0;
    int failed = 0;
    int already = 0;
    List<String> messages = new ArrayList<>();
    for (StoredRun r : store.list()) {
      if (r.synced()) {
        already++;
        continue;
      }
      try {
        RunTracker.Delivered d = t.deliver(r.run(), path -> store.artifact(r.run().id(), path));
        store.markSynced(r.run().id(), d);
        delivered++;
        messages.add(r.run().id() + " -> MLflow run " + d.runId());
      } catch (RuntimeException e) {
        failed++;
        messages.add(r.run().id() + " failed: " + e.getMessage());
        // the server is down: the remaining runs would fail the same way
        break;
      }
    }
    if (failed == 0) {
      try {
        messages.addAll(syncAliases());
      } catch (RuntimeException e) {
        failed++;
        messages.add("aliases not updated: " + e.getMessage());
      }
    }
    return new SyncResult(delivered, failed, already, messages);
  }

  /**
   * Points each MLflow alias at the MLflow version of the local version the registry names now (a missing
   * alias is removed), so the server shows today's champion, whatever order the runs reached it in.
   * Returns what it could not do; throws when the server refuses.
   */
  public List<String> syncAliases() {
    List<String> notes = new ArrayList<>();
    if (tracker.isEmpty() || aliases == null) {
      return notes;
    }
    Map<String, Integer> current = aliases.get();
    for (String alias : List.of("champion", "challenger")) {
      Integer local = current.get(alias);
      if (local == null) {
        tracker.get().deleteAlias(registeredModel, alias);
        continue;
      }
      Optional<String> mlflowVersion = mlflowVersion(local);
      if (mlflowVersion.isPresent()) {
        tracker.get().setAlias(registeredModel, alias, mlflowVersion.get());
      } else {
        notes.add(alias + " is local v" + local + ", which has not reached MLflow yet: `leadscore runs sync` sets the alias");
      }
    }
    return notes;
  }

  /** The MLflow version the local version {@code local} of the registered model became, if it was delivered. */
  public Optional<String> mlflowVersion(int local) {
    return store.list().stream()
        .filter(r -> r.synced() && r.delivered().modelVersion() != null && r.run().model() != null
            && r.run().model().localVersion() == local
            && (registeredModel == null || registeredModel.equals(r.run().model().name())))
        .reduce((a, b) -> b).map(r -> r.delivered().modelVersion());
  }

  /** The registered model's aliases now (alias -> local version), empty without a registry. */
  public Map<String, Integer> currentAliases() {
    return aliases == null ? Map.of() : aliases.get();
  }

  /** An artifact of a recorded run (e.g. a training run's {@code plots/roc.png} for the nightly report). */
  public byte[] artifact(String runId, String path) {
    return store.artifact(runId, path);
  }

  public List<StoredRun> list() {
    return store.list();
  }

  public Optional<RunTracker> tracker() {
    return tracker;
  }

  public String dir() {
    return store.dir();
  }
}
