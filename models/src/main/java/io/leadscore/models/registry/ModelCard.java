package io.leadscore.models.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonValue;
import io.leadscore.features.catalog.Catalogs;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.features.catalog.Recoding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model and its provenance: the feature list it was trained with (scoring takes its features
 * from here, never from current config), the catalogue version, training window, seed, parameters,
 * metrics and the Delta versions of its inputs; and its sealed contract: every input's definition with its
 * categorical levels and their codes (the model encodes raw values with these, never with today's
 * catalogue), the share of training rows that had each input, and each input's share of the total gain.
 * {@code fits} describes the evaluated fit (train only, judged on the holdout) and the deployed one.
 */
public record ModelCard(int version, String name, String createdAt, String path, Provenance provenance,
                        Training training, Contract contract) {

  /**
   * What the model was trained on: its feature list (in input order), the catalogue version, the training
   * window ({@code trainFrom} .. {@code trainTo}, the holdout from {@code holdoutFrom}), the seed and the
   * Delta versions of its inputs.
   */
  public record Provenance(List<String> features, String catalogVersion, String trainFrom, String trainTo,
                           String holdoutFrom, long seed, Map<String, Long> inputVersions) {
    public Provenance {
      features = List.copyOf(features);
      inputVersions = Map.copyOf(inputVersions);
    }
  }

  /**
   * What training made of it: the booster parameters, the headline metrics, the fits written ({@code fits}
   * describes the evaluated fit and the deployed one) and the promotion decision.
   */
  public record Training(Map<String, Object> params, Map<String, Double> metrics, Map<String, Object> fits,
                         String decision) {
    public Training {
      params = Map.copyOf(params);
      metrics = Map.copyOf(metrics);
      fits = fits == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fits));
      decision = decision == null ? "" : decision;
    }
  }

  /**
   * What the model needs from its inputs.
   *
   * @param catalog      the definitions of its inputs in input order (levels in code order)
   * @param presentShare per input, the share of training rows with a value (0 = always missing)
   * @param gainShare    per input, its share of the model's total gain
   * @param calibration  how its probabilities are calibrated (none for cards written before calibration)
   * @param stack        a stacked model's linear part and combiner on margins (none: the booster alone)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Contract(List<FeatureDefinition> catalog, Map<String, Double> presentShare,
                         Map<String, Double> gainShare,
                         @com.fasterxml.jackson.annotation.JsonInclude(value =
                             com.fasterxml.jackson.annotation.JsonInclude.Include.CUSTOM,
                             valueFilter = io.leadscore.models.registry.Calibration.OmitNone.class)
                         io.leadscore.models.registry.Calibration calibration,
                         @com.fasterxml.jackson.annotation.JsonInclude(value =
                             com.fasterxml.jackson.annotation.JsonInclude.Include.CUSTOM,
                             valueFilter = io.leadscore.models.registry.Stack.OmitNone.class)
                         io.leadscore.models.registry.Stack stack) {
    public static final Contract NONE = new Contract(List.of(), Map.of(), Map.of());

    @JsonCreator
    public Contract {
      catalog = catalog == null ? List.of() : List.copyOf(catalog);
      presentShare = presentShare == null ? Map.of() : Map.copyOf(presentShare);
      gainShare = gainShare == null ? Map.of() : Map.copyOf(gainShare);
      calibration = calibration == null ? io.leadscore.models.registry.Calibration.NONE : calibration;
      stack = stack == null ? io.leadscore.models.registry.Stack.NONE : stack;
    }

    /** Uncalibrated. */
    public Contract(List<FeatureDefinition> catalog, Map<String, Double> presentShare, Map<String, Double> gainShare) {
      this(catalog, presentShare, gainShare, null, null);
    }

    /** The booster alone (not stacked). */
    public Contract(List<FeatureDefinition> catalog, Map<String, Double> presentShare, Map<String, Double> gainShare,
                    io.leadscore.models.registry.Calibration calibration) {
      this(catalog, presentShare, gainShare, calibration, null);
    }

    /** "stacked" for a stacked model, else "xgboost" (the card's model kind). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String kind() {
      return stack.isNone() ? "xgboost" : io.leadscore.models.registry.Stack.STACKED;
    }

    /** True for a card written before contracts existed. */
    public boolean isEmpty() {
      return catalog.isEmpty();
    }
  }

  public ModelCard {
    contract = contract == null ? Contract.NONE : contract;
  }

  /** A card built field by field (training, and the cards tests register). */
  public static ModelCardBuilder builder() {
    return new ModelCardBuilder();
  }

  /** The card as stored (registry.json, card.json, the run's model_card.json): one flat object, as always. */
  @JsonValue
  ModelCardJson json() {
    return ModelCardJson.of(this);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static ModelCard fromJson(ModelCardJson json) {
    return json.card();
  }

  /** The features the model was trained with, in input order. */
  public List<String> features() {
    return provenance.features();
  }

  public String catalogVersion() {
    return provenance.catalogVersion();
  }

  /** The headline metrics ("cv_auc", "holdout_auc", "precision_at_20", ...). */
  public Map<String, Double> metrics() {
    return training.metrics();
  }

  public Map<String, Object> fits() {
    return training.fits();
  }

  /** The promotion decision made when it was trained ("promoted: ...", "challenger: ...", "rejected: ..."). */
  public String decision() {
    return training.decision();
  }

  public ModelCard withVersion(int v, String modelPath) {
    return new ModelCard(v, name, createdAt, modelPath, provenance, training, contract);
  }

  public ModelCard withContract(Contract c) {
    return new ModelCard(version, name, createdAt, path, provenance, training, c);
  }

  public ModelCard withFits(Map<String, Object> f, String decisionText) {
    return new ModelCard(version, name, createdAt, path, provenance,
        new Training(training.params(), training.metrics(), f, decisionText), contract);
  }

  /** "leadscore v3". */
  public String label() {
    return name + " v" + version;
  }

  /**
   * The model's own catalogue; for a card without a contract (trained before models were sealed), today's
   * definitions of its features, which is what such a model always used.
   */
  public FeatureCatalog ownCatalog(FeatureCatalog today) {
    if (contract.isEmpty()) {
      return today;
    }
    return Catalogs.of(catalogVersion(), contract.catalog());
  }

  /** How today's stored codes translate into this model's codes. */
  public Recoding recodingFrom(FeatureCatalog today) {
    if (contract.isEmpty()) {
      return Recoding.identity(features());
    }
    return Recoding.between(today, contract.catalog());
  }

  /**
   * A static export's out-of-fold models (recorded in {@code fits} by training).
   *
   * @param leadsPath          parquet of (lead_id, source, fold): which lead which model scores
   * @param modelsDir          {@code <k>/xgboost} is fold k's model
   * @param rounds             per fold, the trees its predictions use (its early-stopping round count)
   * @param holdoutByEvaluated holdout leads are scored by the evaluated fit (the deployed one was refitted on them)
   */
  public record OutOfFold(String leadsPath, String modelsDir, List<Integer> rounds, boolean holdoutByEvaluated) {
    public OutOfFold {
      rounds = List.copyOf(rounds);
    }

    public String modelPath(int fold) {
      return modelsDir + "/" + fold + "/xgboost";
    }
  }

  /** The out-of-fold models of a static export's training leads; empty for other models and older cards. */
  public java.util.Optional<OutOfFold> outOfFold() {
    Object leads = fits().get("out_of_fold_leads_path");
    if (leads == null || !(fits().get("out_of_fold_rounds") instanceof List<?> r)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new OutOfFold(leads.toString(), String.valueOf(fits().get("out_of_fold_models")),
        r.stream().map(x -> ((Number) x).intValue()).toList(), "evaluated".equals(fits().get("holdout_scored_by"))));
  }

  /** Where the fit judged on the holdout lives (the deployed fit for cards without a separate one). */
  public String evaluatedModelPath() {
    Object p = fits().get("evaluated_path");
    return p != null ? p.toString() : path + "/xgboost";
  }
}
