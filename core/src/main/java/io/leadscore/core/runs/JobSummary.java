package io.leadscore.core.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadscore.core.CoreErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures a command reports: printed as its summary, written as {@code --summary-json} (one JSON
 * object, for Airflow's XCom and monitoring) and appended to {@code job_runs}. Keys keep insertion order.
 */
public final class JobSummary {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final List<Problem> problems = new ArrayList<>();

  public JobSummary put(String key, Object value) {
    figures.put(key, value);
    return this;
  }

  /** Adds figures and problems of {@code other} (a stage's result) to this summary. */
  public JobSummary putAll(JobSummary other) {
    figures.putAll(other.figures);
    problems.addAll(other.problems);
    return this;
  }

  /** Adds a stage's result: its figures, and its problems attributed to {@code stage}. */
  public JobSummary putAll(JobSummary other, String stage) {
    figures.putAll(other.figures);
    other.problems.forEach(p -> problems.add(p.inStage(stage)));
    return this;
  }

  /**
   * Records a problem: the run still finishes but is {@code degraded}. This is the hook any stage uses
   * (ingest, scoring, a monitoring stage's failing alerts): the runner collects them from each stage result.
   */
  public JobSummary problem(Problem p) {
    problems.add(p);
    return this;
  }

  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  public Object get(String key) {
    return figures.get(key);
  }

  public Map<String, Object> figures() {
    return Collections.unmodifiableMap(figures);
  }

  /** The figures, then {@code problems} (always present, possibly empty) as a list of objects. */
  public String toJson() {
    try {
      Map<String, Object> all = new LinkedHashMap<>(figures);
      all.put("problems", problems);
      return JSON.writeValueAsString(all);
    } catch (JsonProcessingException e) {
      throw CoreErrors.wrap("Cannot write the run summary as JSON (a figure is not a plain value: "
          + e.getOriginalMessage() + "); LEADSCORE_DEBUG=1 prints the trace", e);
    }
  }

  public void writeJson(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".summary", ".json");
      Files.writeString(tmp, toJson());
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw CoreErrors.wrap("Cannot write --summary-json " + file + ": " + e.getMessage(), e);
    }
  }

  public static Map<String, Object> parse(String json) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = JSON.readValue(json, LinkedHashMap.class);
      return m;
    } catch (IOException e) {
      throw CoreErrors.wrap("Not a summary JSON object: " + e.getMessage(), e);
    }
  }
}
