package io.leadscore.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.models.tracking.RunRecord;
import io.leadscore.models.tracking.RunRecorder;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code leadscore runs --json | --format csv}: the recorded runs for notebooks and scripts.
 *
 * <p>JSON keeps the structure: headline metrics, per-fold and per-grid-point series, params, tags and the
 * run's folder (its artifacts are under {@code artifacts/}). CSV is one flat row per run: series as JSON
 * arrays in one cell, params as {@code param_<name>} columns.
 */
final class RunsExport {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RunsExport() {}

  static void write(List<RunRecorder.StoredRun> runs, String runsDir, ResultWriter.Format format, Writer out) {
    List<ObjectNode> rows = new ArrayList<>();
    for (RunRecorder.StoredRun s : runs) {
      rows.add(format == ResultWriter.Format.JSON ? nested(s, runsDir) : flat(s, runsDir));
    }
    Set<String> columns = new LinkedHashSet<>();
    rows.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
    ResultWriter.write(format, List.copyOf(columns), rows.iterator(), out, Integer.MAX_VALUE);
  }

  /** Metrics logged once per fold or per grid point are series (step = fold/point); the rest are headline values. */
  static boolean isSeries(String key) {
    return key.startsWith("cv_fold_") || key.startsWith("grid_");
  }

  static ObjectNode nested(RunRecorder.StoredRun s, String runsDir) {
    RunRecord r = s.run();
    ObjectNode o = head(s, runsDir);
    ObjectNode metrics = o.putObject("metrics");
    ObjectNode series = o.putObject("series");
    metrics(r, metrics, series);
    ObjectNode params = o.putObject("params");
    new TreeMap<>(r.params()).forEach(params::put);
    ObjectNode tags = o.putObject("tags");
    new TreeMap<>(r.tags()).forEach(tags::put);
    return o;
  }

  static ObjectNode flat(RunRecorder.StoredRun s, String runsDir) {
    RunRecord r = s.run();
    ObjectNode o = head(s, runsDir);
    metrics(r, o, o);
    new TreeMap<>(r.params()).forEach((k, v) -> o.put("param_" + k, v));
    return o;
  }

  private static ObjectNode head(RunRecorder.StoredRun s, String runsDir) {
    RunRecord r = s.run();
    ObjectNode o = NODES.objectNode();
    o.put("run_id", r.id()).put("run_name", r.runName());
    o.put("started", Instant.ofEpochMilli(r.startTimeMs()).toString());
    o.put("finished", Instant.ofEpochMilli(r.endTimeMs()).toString());
    if (r.model() == null) {
      o.putNull("model_version");
    } else {
      o.put("model_version", r.model().localVersion());
    }
    o.put("promoted", r.metric("promoted") == 1.0);
    // the decision with its reason ("promoted: ..."); records before the MLflow round kept it in "decision"
    o.put("decision", r.tags().getOrDefault("decision_reason", r.tags().getOrDefault("decision", "")));
    o.put("verdict", r.tags().getOrDefault("decision", ""));
    o.put("holdout", r.tags().getOrDefault("holdout", ""));
    o.put("batch_date", r.tags().getOrDefault("batch_date", ""));
    if (s.synced()) {
      o.put("mlflow_run_id", s.delivered().runId());
    } else {
      o.putNull("mlflow_run_id");
    }
    o.put("dir", runsDir + "/" + r.id());
    return o;
  }

  private static void metrics(RunRecord r, ObjectNode headline, ObjectNode series) {
    Map<String, List<RunRecord.Metric>> byKey = new TreeMap<>();
    for (RunRecord.Metric m : r.metrics()) {
      byKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
    }
    byKey.forEach((key, values) -> {
      if (headline.has(key)) {
        return; // flat rows: "promoted" is already the boolean of the head
      }
      if (isSeries(key)) {
        ArrayNode a = series.putArray(key);
        values.stream().sorted(Comparator.comparingLong(RunRecord.Metric::step)).forEach(m -> number(a, m.value()));
      } else {
        double v = r.metric(key);
        if (Double.isNaN(v)) {
          headline.putNull(key);
        } else {
          headline.put(key, v);
        }
      }
    });
  }

  private static void number(ArrayNode a, double v) {
    if (Double.isNaN(v)) {
      a.addNull();
    } else {
      a.add(v);
    }
  }
}
