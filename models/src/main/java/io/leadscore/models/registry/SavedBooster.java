package io.leadscore.models.registry;

import io.leadscore.models.ModelsErrors;
import java.io.IOException;

/**
 * The native booster of a saved fit, read from the folder xgboost4j-spark wrote ({@code <fit>/data/model},
 * XGBoost's own format) without Spark: what the online scorer loads. Local folders are read with plain file I/O;
 * other file systems (s3a) through Hadoop, like the registry.
 */
public final class SavedBooster {
  /** The booster file inside a saved fit's folder. */
  public static final String FILE = "data/model";

  private SavedBooster() {}

  /** The booster bytes of the fit saved in {@code fitPath} (e.g. a version's {@code xgboost} folder). */
  public static byte[] read(ModelCard card, String fitPath) {
    try {
      return RegistryFiles.at(fitPath + "/data").read("model");
    } catch (IOException e) {
      throw ModelsErrors.wrap("Cannot read the booster of model " + card.label() + " at " + fitPath + "/" + FILE
          + ": " + e + ". Check the version folder or re-train (`leadscore train`)", e);
    }
  }
}
