package io.leadscore.models.reference;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.models.ModelsErrors;
import io.leadscore.features.catalog.FeatureDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The distributions a model version carries for drift monitoring: per input, binned quantiles and a bounded
 * sample of its values, and the model's scores (probabilities) the same way. Written once beside the model
 * ({@code <version folder>/reference.json}) when the version is trained, so the monitor needs nothing but the
 * champion. Versions trained before monitoring existed have no such file.
 *
 * <p>The inputs' reference is the population the model scores: the open leads' features on the training date
 * ({@link #OPEN_LEADS}). The training rows are snapshots of leads long decided, older and further along than
 * tonight's open leads (lead age alone moves by a PSI over 0.3), so against them every night would alarm on
 * the day the model was trained. The scores' reference is the deployed model's scores of the same open leads (as
 * scoring gives them): the holdout's, from the evaluated fit and decided snapshots, moved away from tonight's by a
 * PSI of 0.5-0.7 on a quiet first night whenever the model was trained on little. Only when the features table has
 * no rows for the training date do the training rows and the holdout's scores stand in ({@link #TRAINING_ROWS}),
 * and {@code population} says so.
 *
 * @param population which rows the inputs' reference was drawn from
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReferenceDistributions(int bins, int sampleSize, Map<String, FeatureReference> features,
                                     FeatureReference scores, String population) {
  public static final String OPEN_LEADS = "open leads on the training date";
  public static final String TRAINING_ROWS = "training rows";
  public static final String FILE = "reference.json";
  /** Quantile bins per numeric input: ten is the usual PSI practice (about 10% of training rows a bin). */
  public static final int BINS = 10;
  /** Values kept per input for the KS test: enough for its p-value, small enough to keep in the model folder. */
  public static final int SAMPLE_SIZE = 2_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  public ReferenceDistributions {
    features = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
    population = population == null ? TRAINING_ROWS : population;
  }

  /** The reference from the training matrix's columns ({@link #TRAINING_ROWS}). */
  public static ReferenceDistributions of(List<FeatureDefinition> inputs, List<double[]> columns,
                                          double[] holdoutScores, int bins, int sampleSize, long seed) {
    return of(inputs, columns, TRAINING_ROWS, holdoutScores, bins, sampleSize, seed);
  }

  /**
   * Builds the reference.
   *
   * @param columns       per input (in {@code inputs} order) its values, NaN = missing
   * @param population    which rows the columns hold
   * @param scores        the deployed model's probabilities on the open leads ({@link #OPEN_LEADS}), else the
   *                      evaluated fit's on the holdout
   */
  public static ReferenceDistributions of(List<FeatureDefinition> inputs, List<double[]> columns, String population,
                                          double[] scores, int bins, int sampleSize, long seed) {
    Map<String, FeatureReference> out = new LinkedHashMap<>();
    for (int j = 0; j < inputs.size(); j++) {
      FeatureDefinition d = inputs.get(j);
      out.put(d.name(), FeatureReference.of(d.name(), d.type() == FeatureDefinition.Type.CATEGORY, columns.get(j),
          bins, sampleSize, seed + j));
    }
    return new ReferenceDistributions(bins, sampleSize, out,
        FeatureReference.of("score", false, scores, bins, sampleSize, seed - 1), population);
  }

  public static String path(String modelPath) {
    return modelPath + "/" + FILE;
  }

  /**
   * The file's text ({@link #path}). The file itself is written and read by the Spark jobs beside the model
   * (with the session's Hadoop settings, for s3a): this module stays free of the engine.
   */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw ModelsErrors.wrap("reference distributions are not serialisable: " + e.getMessage(), e);
    }
  }

  /** The reference in {@code text}, read from {@code path} (named in the error). */
  public static ReferenceDistributions fromJson(String text, String path) {
    try {
      return JSON.readValue(text, ReferenceDistributions.class);
    } catch (JsonProcessingException e) {
      throw ModelsErrors.wrap("Cannot read the reference distributions " + path + ": " + e.getOriginalMessage()
          + ". The file is written once at training time: retrain (`leadscore train`) to get a new one", e);
    }
  }
}
