package io.leadscore.models.score;

import io.leadscore.models.registry.LinearModel;
import io.leadscore.models.registry.Stack;
import io.leadscore.models.registry.Calibration;
import io.leadscore.models.ModelsErrors;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.features.catalog.Recoding;
import java.io.Serializable;
import java.util.List;

/**
 * A registered model in the form executors need: its name, version, arm, the feature list it was trained
 * with (from its model card), the native booster in XGBoost's UBJSON format (small enough to broadcast),
 * its own definitions of those features (levels in its codes: reasons name the level the model saw) and how
 * today's stored codes translate into its codes.
 *
 * <p>{@link ModelFit} says which fit of the version this is and carries its booster; {@link Calibration} (from the
 * card's contract) maps its probabilities, whichever fit scores.
 */
public record ScoringModel(String name, String version, String arm, List<String> features,
                           List<FeatureDefinition> definitions, Recoding recoding, ModelFit fitted,
                           Calibration calibration)
    implements Serializable {
  public static final String MODEL = "model";
  public static final String OUT_OF_FOLD = "out_of_fold";
  public static final String HOLDOUT = "holdout";

  /**
   * One fit of a version: the native booster in XGBoost's UBJSON format, and which fit it is: {@link #MODEL} (the
   * deployed model), {@link #OUT_OF_FOLD} (CV fold {@code fold}'s model, for a static export's training leads it
   * did not see) or {@link #HOLDOUT} (the evaluated fit, for holdout leads the deployed model was refitted on).
   * {@code treeLimit} is how many trees it predicts with (0 = all; a fold model stopped early keeps a few trees
   * past its best round). {@code stack} is the version's linear part and combiner ({@link Stack#NONE}: the booster
   * alone); every fit of a stacked version carries the deployed one's.
   */
  public record ModelFit(byte[] booster, String source, Integer fold, int treeLimit, Stack stack)
      implements Serializable {
    public ModelFit {
      source = source == null ? MODEL : source;
      stack = stack == null ? Stack.NONE : stack;
      if (!List.of(MODEL, OUT_OF_FOLD, HOLDOUT).contains(source) || (source.equals(OUT_OF_FOLD) != (fold != null))) {
        throw ModelsErrors.of("A model fit from source '%s' with fold %s: the source is one of %s, and only %s "
            + "has a fold; %s", source, fold, List.of(MODEL, OUT_OF_FOLD, HOLDOUT), OUT_OF_FOLD, LinearModel.DAMAGED);
      }
    }

    public ModelFit(byte[] booster, String source, Integer fold, int treeLimit) {
      this(booster, source, fold, treeLimit, Stack.NONE);
    }

    /** The deployed model's fit, predicting with every tree. */
    public static ModelFit deployed(byte[] booster) {
      return new ModelFit(booster, MODEL, null, 0);
    }
  }

  public ScoringModel {
    features = List.copyOf(features);
    definitions = definitions == null ? List.of() : List.copyOf(definitions);
    recoding = recoding == null ? Recoding.identity(features) : recoding;
    calibration = calibration == null ? Calibration.NONE : calibration;
  }

  /** Uncalibrated (a card without a calibration). */
  public ScoringModel(String name, String version, String arm, List<String> features,
                      List<FeatureDefinition> definitions, Recoding recoding, ModelFit fitted) {
    this(name, version, arm, features, definitions, recoding, fitted, Calibration.NONE);
  }

  /** The same model with {@code c} applied to its probabilities. */
  public ScoringModel calibrated(Calibration c) {
    return new ScoringModel(name, version, arm, features, definitions, recoding, fitted, c);
  }

  /** The same model with {@code s} as its linear part and combiner (a stacked card's {@code contract.stack}). */
  public ScoringModel stacked(Stack s) {
    return new ScoringModel(name, version, arm, features, definitions, recoding,
        new ModelFit(fitted.booster(), fitted.source(), fitted.fold(), fitted.treeLimit(), s), calibration);
  }

  /** The deployed model of a version. */
  public ScoringModel(String name, String version, String arm, List<String> features, byte[] booster,
                      List<FeatureDefinition> definitions, Recoding recoding) {
    this(name, version, arm, features, definitions, recoding, ModelFit.deployed(booster));
  }

  /** A model whose inputs are today's encoding, with today's definitions (benchmarks, older cards). */
  public ScoringModel(String name, String version, String arm, List<String> features, byte[] booster) {
    this(name, version, arm, features, booster, List.of(), null);
  }

  /** Another fit of the same version, with the same contract. */
  public ScoringModel fit(byte[] otherBooster, String otherSource, Integer otherFold, int trees) {
    return new ScoringModel(name, version, arm, features, definitions, recoding,
        new ModelFit(otherBooster, otherSource, otherFold, trees, fitted.stack()), calibration);
  }

  public byte[] booster() {
    return fitted.booster();
  }

  public String source() {
    return fitted.source();
  }

  public Stack stack() {
    return fitted.stack();
  }

  public Integer fold() {
    return fitted.fold();
  }

  public int treeLimit() {
    return fitted.treeLimit();
  }

  /** The key rows name their model by: the arm, and for a fit other than the deployed one, which fit. */
  public String route() {
    return route(arm, fitted.source(), fitted.fold());
  }

  /** The routes of an arm's fold models start with this, the fold number follows. */
  public static String outOfFoldPrefix(String arm) {
    return arm + "/" + OUT_OF_FOLD + "/";
  }

  public static String route(String arm, String source, Integer fold) {
    return switch (source) {
      case OUT_OF_FOLD -> outOfFoldPrefix(arm) + fold;
      case HOLDOUT -> arm + "/" + HOLDOUT;
      default -> arm;
    };
  }
}
