package io.leadscore.models.tracking;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who and what produced a run, as MLflow's standard system tags and leadscore's own: the configuration's
 * name (run names start with it), the data sources, the user, the entry point and the code's commit.
 *
 * @param configName the configuration file's name without {@code .conf} ("local", "xeducation")
 * @param source the data the run read, e.g. "xeducation: ../shared/data/leads/Leads.csv"
 */
public record RunContext(String configName, String source, String user, String entryPoint, String gitCommit) {
  /** A context for code that has no command line (tests, embedding). */
  public static RunContext unnamed(String gitCommit) {
    return new RunContext("leadscore", "unknown", System.getProperty("user.name", "unknown"), "leadscore", gitCommit);
  }

  /** MLflow's system tags plus {@code leadscore.source} and {@code leadscore.config}. */
  public Map<String, String> tags() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("mlflow.user", user);
    t.put("mlflow.source.name", entryPoint);
    t.put("mlflow.source.type", "JOB");
    t.put("mlflow.source.git.commit", gitCommit);
    t.put("leadscore.source", source);
    t.put("leadscore.config", configName);
    return t;
  }
}
