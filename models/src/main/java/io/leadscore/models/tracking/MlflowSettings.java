package io.leadscore.models.tracking;

import com.typesafe.config.Config;
import io.leadscore.core.config.SettingsReader;
import io.leadscore.models.ModelsErrors;

/**
 * Where runs and models are tracked ({@code leadscore.mlflow}): the tracking server, the experiment and the registered
 * model. The keys belong to this module, which does the tracking (training, monitoring and the command line read
 * them through this record).
 *
 * @param trackingUri     empty: {@code MLFLOW_TRACKING_URI}, and if that is unset too, runs are recorded locally only
 * @param experiment      the MLflow experiment of the training and monitoring runs
 * @param registeredModel the MLflow registered model that carries the {@code champion} alias
 */
public record MlflowSettings(String trackingUri, String experiment, String registeredModel) {
  public static final String ROOT = "leadscore.mlflow";

  public static MlflowSettings from(Config c) {
    SettingsReader r = SettingsReader.of(c, ROOT,
        (key, value, rule) -> ModelsErrors.of("'%s' is %s but must be %s", key, value, rule));
    return new MlflowSettings(r.string("tracking_uri"),
        r.string("experiment", String::trim, s -> !s.isEmpty(), "a name (the MLflow experiment)"),
        r.string("registered_model", String::trim, s -> !s.isEmpty(), "a name (the MLflow registered model)"));
  }
}
