package io.leadscore.serving.store;

import static io.leadscore.core.Columns.ACTION;
import static io.leadscore.core.Columns.ARM;
import static io.leadscore.core.Columns.AS_OF_DATE;
import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.MODEL_VERSION;
import static io.leadscore.core.Columns.PROBABILITY;
import static io.leadscore.core.Columns.REASONS;
import static io.leadscore.core.Columns.SCORE;
import static io.leadscore.core.Columns.SCORE_DATE;
import static io.leadscore.core.Columns.TIER;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The online view of the last night, read from the gold tables without Spark: each open lead's latest
 * {@code features} row, its {@code lead_scores} row of the latest score date, and its consent (the latest
 * profiling change ingested: an opt-out blocks it, as scoring's {@code Consent.blockedAtRun} decides; consent
 * expiry is the nightly's to apply). Erased leads are in none of these tables, so they are unknown here too.
 */
public final class Lakehouse implements EmbeddedStore.Source {
  /** The versions of the three tables read: a different triple means a new night (or an erasure) to reload. */
  public record Versions(long features, long scores, long consent) {}

  /**
   * The leads by id (as loaded: held column by column, {@link NightLeads}), the night's feature date, and the
   * versions they were read at.
   */
  public record Night(Map<String, StoredLead> leads, LocalDate featureDate, Versions versions) {}

  /** The {@code lead_scores} columns a lead's nightly score is read from ({@link #nightly}). */
  private static final List<String> SCORE_COLUMNS = List.of(LEAD_ID, PROBABILITY, SCORE, TIER, REASONS,
      ACTION, "model_name", MODEL_VERSION, ARM, "score_source", "score_fold");

  private final DeltaReader reader;
  private final Tables tables;

  public Lakehouse(DeltaReader reader, Tables tables) {
    this.reader = reader;
    this.tables = tables;
  }

  @Override
  public Versions versions() {
    return new Versions(reader.version(tables.path(Table.FEATURES)), reader.version(tables.path(Table.LEAD_SCORES)),
        reader.version(tables.path(Table.CONSENT)));
  }

  @Override
  public Night load() {
    Versions versions = versions();
    // column by column straight from the kernel's batches: a map per row (about 2.4 KiB a lead) made a 1M-lead
    // start allocation and GC bound (178 s); the columns hold a lead in about 100 bytes and a lead's view is
    // built when it is asked for. Every file of the two tables is read on its own, the largest first, on as many
    // threads as there are cores, so that each core is busy to the end (two tables on two threads left one
    // idle while the longer one finished)
    String featuresPath = tables.path(Table.FEATURES);
    String scoresPath = tables.path(Table.LEAD_SCORES);
    String featureNight = reader.latestPartition(featuresPath, AS_OF_DATE);
    String scoreNight = versions.scores() < 0 ? null : reader.latestPartition(scoresPath, SCORE_DATE);
    List<DeltaReader.FileRead> files = new java.util.ArrayList<>(featureNight == null ? List.of()
        : reader.files(featuresPath, AS_OF_DATE, featureNight, null, true));
    int featureFiles = files.size();
    if (scoreNight != null) {
      files.addAll(reader.files(scoresPath, SCORE_DATE, scoreNight, SCORE_COLUMNS, true));
    }
    List<ColumnarTable> parts;
    Map<String, String> blocked;
    try (FileReads reads = new FileReads(files, LEAD_ID)) {
      blocked = versions.consent() >= 0 ? blocked() : Map.of();
      parts = reads.join();
    }
    // the scores are tied to their features rows by NightLeads: they need no index of their own
    ColumnarTable features = ColumnarTable.concat(featureNight, true, parts.subList(0, featureFiles));
    ColumnarTable scores = ColumnarTable.concat(scoreNight, false, parts.subList(featureFiles, parts.size()));
    LocalDate featureDate = features.partition() == null ? null : LocalDate.parse(features.partition());
    LocalDate scoreDate = scores.partition() == null ? null : LocalDate.parse(scores.partition());
    return new Night(new NightLeads(features, featureDate, scores, scoreDate, blocked), featureDate, versions);
  }

  /**
   * Only the night's scores of the leads that may be profiled (no features): the fallback of a service whose
   * store is remote, small enough to keep in memory.
   */
  public Map<String, LeadScore> scores() {
    Map<String, LeadScore> scores = new HashMap<>();
    String scoresPath = tables.path(Table.LEAD_SCORES);
    if (reader.version(scoresPath) < 0) {
      return scores;
    }
    String scoreDate = reader.latestPartition(scoresPath, SCORE_DATE);
    if (scoreDate != null) {
      reader.rows(scoresPath, SCORE_DATE, scoreDate, row -> scores.put((String) row.get(LEAD_ID),
          nightly(row, LocalDate.parse(scoreDate))));
    }
    if (reader.version(tables.path(Table.CONSENT)) >= 0) {
      scores.keySet().removeAll(blocked().keySet());
    }
    return scores;
  }

  /**
   * The latest night's {@code lead_scores}: that night's date, every lead it scored with its probability, and the
   * version that scored each arm.
   */
  public record NightScores(LocalDate date, List<String> leadIds, double[] probabilities,
                            Map<String, String> versions) {}

  /** The latest night's scores, as the tier rule needs them; null when no night was scored yet. */
  public NightScores nightScores() {
    return nightScores(true);
  }

  /**
   * As {@link #nightScores()}; without {@code ids} the lead ids are not read ({@code leadIds} is empty): the tier
   * rule needs only the probabilities, and 1M ids cost a second of start-up and their garbage.
   */
  public NightScores nightScores(boolean ids) {
    String scoresPath = tables.path(Table.LEAD_SCORES);
    if (reader.version(scoresPath) < 0) {
      return null;
    }
    String scoreDate = reader.latestPartition(scoresPath, SCORE_DATE);
    if (scoreDate == null) {
      return null;
    }
    // primitive columns from the kernel's batches: no map and no boxed probability per scored lead
    String[][] leadIds = {new String[ids ? 1024 : 0]};
    double[][] p = {new double[1024]};
    int[] n = {0};
    Map<String, String> versions = new HashMap<>();
    reader.batches(scoresPath, SCORE_DATE, scoreDate, ids ? List.of(LEAD_ID, PROBABILITY, ARM,
            MODEL_VERSION) : List.of(PROBABILITY, ARM, MODEL_VERSION), (batch, selected) -> {
          var schema = batch.getSchema();
          var id = ids ? batch.getColumnVector(schema.indexOf(LEAD_ID)) : null;
          var prob = batch.getColumnVector(schema.indexOf(PROBABILITY));
          var arm = batch.getColumnVector(schema.indexOf(ARM));
          var version = batch.getColumnVector(schema.indexOf(MODEL_VERSION));
          String lastArm = null;
          String lastVersion = null;
          for (int i = 0; i < batch.getSize(); i++) {
            if (selected != null && (selected.isNullAt(i) || !selected.getBoolean(i))) {
              continue;
            }
            if (n[0] == p[0].length) {
              p[0] = java.util.Arrays.copyOf(p[0], n[0] * 2);
              leadIds[0] = ids ? java.util.Arrays.copyOf(leadIds[0], n[0] * 2) : leadIds[0];
            }
            if (ids) {
              leadIds[0][n[0]] = id.getString(i);
            }
            p[0][n[0]++] = prob.getDouble(i);
            String a = arm.isNullAt(i) ? null : arm.getString(i);
            String v = version.isNullAt(i) ? null : version.getString(i);
            // a night has one version an arm: put it once per run of equal rows, not once per lead
            if (!java.util.Objects.equals(a, lastArm) || !java.util.Objects.equals(v, lastVersion)) {
              versions.put(a, v);
              lastArm = a;
              lastVersion = v;
            }
          }
        });
    return new NightScores(LocalDate.parse(scoreDate), java.util.Arrays.asList(java.util.Arrays.copyOf(leadIds[0],
        ids ? n[0] : 0)),
        java.util.Arrays.copyOf(p[0], n[0]), versions);
  }

  /** The version of {@code lead_scores} (-1: none): a new version may mean a new night's tier rule. */
  public long scoresVersion() {
    return reader.version(tables.path(Table.LEAD_SCORES));
  }

  @SuppressWarnings("unchecked")
  static LeadScore nightly(Map<String, Object> row, LocalDate date) {
    List<String> reasons = row.get(REASONS) == null ? List.of() : (List<String>) row.get(REASONS);
    return new LeadScore(((Number) row.get(PROBABILITY)).doubleValue(), ((Number) row.get(SCORE)).intValue(),
        (String) row.get(TIER), reasons, (String) row.getOrDefault(ACTION, ""),
        new ModelRef((String) row.get("model_name"), (String) row.get(MODEL_VERSION), (String) row.get(ARM)),
        date, route(row));
  }

  /** The batch's route of the row (which fit scored it), as {@code ScoringModel.route} names it. */
  static String route(Map<String, Object> row) {
    Object source = row.get("score_source");
    Object fold = row.get("score_fold");
    return io.leadscore.models.score.ScoringModel.route((String) row.get(ARM), source == null
        ? io.leadscore.models.score.ScoringModel.MODEL : source.toString(),
        fold == null ? null : ((Number) fold).intValue());
  }

  /** Leads whose latest profiling (or "all") change is an opt-out, normalised as ingest's consent mapping does. */
  private Map<String, String> blocked() {
    Map<String, Instant> at = new HashMap<>();
    Map<String, String> status = new HashMap<>();
    reader.rows(tables.path(Table.CONSENT), null, null, row -> {
      String channel = norm(row.get("channel"));
      String s = norm(row.get("status"));
      Object when = row.get("changed_at");
      if (!(channel.equals("profiling") || channel.equals("all")) || !(s.equals("opt_in") || s.equals("opt_out"))
          || !(when instanceof Instant t)) {
        return;
      }
      String id = (String) row.get(LEAD_ID);
      Instant prev = at.get(id);
      // latest change wins; at the same instant opt_out wins (the batch orders by status descending)
      if (prev == null || t.isAfter(prev) || (t.equals(prev) && s.compareTo(status.get(id)) > 0)) {
        at.put(id, t);
        status.put(id, s);
      }
    });
    Map<String, String> out = new HashMap<>();
    status.forEach((id, s) -> {
      if (s.equals("opt_out")) {
        out.put(id, "opted out");
      }
    });
    return out;
  }

  private static String norm(Object v) {
    return v == null ? "" : v.toString().trim().toLowerCase(Locale.ROOT).replaceAll("[-_\\s]+", "_");
  }
}
