package io.leadscore.training;

import io.leadscore.training.errors.TrainingErrors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.leadscore.core.config.SettingsReader;
import io.leadscore.models.tracking.MlflowSettings;
import io.leadscore.training.engine.EngineSettings;
import io.leadscore.training.ensemble.EnsembleSettings;
import io.leadscore.training.promotion.LeakageSettings;
import io.leadscore.training.promotion.PromotionSettings;

/**
 * Typed, validated settings of the training module, one small record per concern. Each group reads its own keys
 * once, checks every value as it reads it, and names the key in the error. The leakage threshold and the MLflow
 * keys belong to other modules and arrive through their settings ({@code GoldSettings}, {@link MlflowSettings}).
 *
 * @param cv        folds, holdout, early stopping and the holdout's metrics ({@code leadscore.training})
 * @param fit       XGBoost's parameters, the search over them and how the fit is weighted and calibrated
 * @param engine    where training runs ({@code leadscore.training.engine}, {@code .distributed})
 * @param promotion when a new model replaces the champion ({@code leadscore.promotion})
 * @param leakage   the alarms that block promotion ({@code leadscore.leakage} and the features' AUC threshold)
 * @param mlflow    where runs and models are tracked ({@code leadscore.mlflow})
 * @param ensemble  the stacked model ({@code leadscore.training.ensemble})
 */
public record TrainingSettings(CvSettings cv, FitSettings fit, EngineSettings engine, PromotionSettings promotion,
                               LeakageSettings leakage, MlflowSettings mlflow, EnsembleSettings ensemble) {
  public static final String ROOT = "leadscore.training";

  public static TrainingSettings from(Config c) {
    try {
      SettingsReader t = reader(c, ROOT);
      TrainingSettings s = new TrainingSettings(CvSettings.from(t), FitSettings.from(t), EngineSettings.from(t),
          PromotionSettings.from(reader(c, PromotionSettings.ROOT)),
          LeakageSettings.from(c, reader(c, LeakageSettings.ROOT)), MlflowSettings.from(c),
          EnsembleSettings.from(t));
      if (s.fit.negativeSampleRate() < 1 && s.engine.engine() == EngineSettings.Engine.DISTRIBUTED) {
        throw t.bad(FitSettings.NEGATIVE_SAMPLE_RATE, s.fit.negativeSampleRate(),
            "1: the distributed engine does not sample; set it to 1 or use " + t.key(EngineSettings.KEY) + " = native");
      }
      return s;
    } catch (ConfigException e) {
      throw TrainingErrors.wrap("Bad training setting: " + e.getMessage(), e);
    }
  }

  /** A reader of one section whose bad values raise the training module's error. */
  public static SettingsReader reader(Config c, String path) {
    return SettingsReader.of(c, path, TrainingErrors::mustBe);
  }
}
