package io.leadscore.training.search;


import io.leadscore.training.errors.TrainingErrors;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tunable XGBoost hyper-parameters; {@code numRound} is the cap that early stopping cuts. */
public record XgbParams(int numRound, int maxDepth, double eta, double minChildWeight, double subsample,
                        double colsampleBytree, double lambda, double alpha) {

  /** Without L1 regularisation (alpha 0, XGBoost's default). */
  public XgbParams(int numRound, int maxDepth, double eta, double minChildWeight, double subsample,
                   double colsampleBytree, double lambda) {
    this(numRound, maxDepth, eta, minChildWeight, subsample, colsampleBytree, lambda, 0);
  }

  void validate() {
    if (numRound < 1 || maxDepth < 1 || !(eta > 0) || minChildWeight < 0 || !(lambda >= 0) || !(alpha >= 0)) {
      throw TrainingErrors.of("XGBoost settings must be positive: num_round=%d, max_depth=%d, eta=%s, "
          + "min_child_weight=%s, lambda=%s, alpha=%s", numRound, maxDepth, eta, minChildWeight, lambda, alpha);
    }
    if (!(subsample > 0 && subsample <= 1) || !(colsampleBytree > 0 && colsampleBytree <= 1)) {
      throw TrainingErrors.of("subsample (%s) and colsample_bytree (%s) must be in (0, 1]", subsample,
          colsampleBytree);
    }
  }

  public XgbParams with(String key, double v) {
    XgbParams p = switch (key) {
      case "max_depth" -> new XgbParams(numRound, (int) v, eta, minChildWeight, subsample, colsampleBytree, lambda, alpha);
      case "eta" -> new XgbParams(numRound, maxDepth, v, minChildWeight, subsample, colsampleBytree, lambda, alpha);
      case "min_child_weight" -> new XgbParams(numRound, maxDepth, eta, v, subsample, colsampleBytree, lambda, alpha);
      case "subsample" -> new XgbParams(numRound, maxDepth, eta, minChildWeight, v, colsampleBytree, lambda, alpha);
      case "colsample_bytree" -> new XgbParams(numRound, maxDepth, eta, minChildWeight, subsample, v, lambda, alpha);
      case "lambda" -> new XgbParams(numRound, maxDepth, eta, minChildWeight, subsample, colsampleBytree, v, alpha);
      case "alpha" -> new XgbParams(numRound, maxDepth, eta, minChildWeight, subsample, colsampleBytree, lambda, v);
      default -> throw TrainingErrors.of("Unknown XGBoost parameter '%s'", key);
    };
    p.validate();
    return p;
  }

  public XgbParams withRounds(int rounds) {
    return new XgbParams(rounds, maxDepth, eta, minChildWeight, subsample, colsampleBytree, lambda, alpha);
  }

  /**
   * The booster parameters (xgboost4j names) for a fit with the given class weight, seed and threads.
   * Verbosity 0 and verbose_eval false keep xgboost4j from printing a line per round.
   */
  public Map<String, Object> booster(double scalePosWeight, long seed, int threads) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("objective", "binary:logistic");
    m.put("tree_method", "hist");
    m.put("eval_metric", "logloss");
    m.put("max_depth", maxDepth);
    m.put("eta", eta);
    m.put("min_child_weight", minChildWeight);
    m.put("subsample", subsample);
    m.put("colsample_bytree", colsampleBytree);
    m.put("lambda", lambda);
    m.put("alpha", alpha);
    m.put("scale_pos_weight", scalePosWeight);
    m.put("seed", seed);
    m.put("nthread", threads);
    m.put("verbosity", 0);
    // xgboost4j (3.4.0) XGBoost.shouldPrint reads verbose_eval as an Integer or the String "false"; a Boolean is ignored
    m.put("verbose_eval", 0);
    return m;
  }

  /** Short label of a grid point: "max_depth=5 eta=0.05 ..." (alpha only when set: grid labels stay as they were). */
  public String label() {
    return String.format("max_depth=%d eta=%s min_child_weight=%s subsample=%s colsample_bytree=%s lambda=%s",
        maxDepth, eta, minChildWeight, subsample, colsampleBytree, lambda) + (alpha == 0 ? "" : " alpha=" + alpha);
  }
}
