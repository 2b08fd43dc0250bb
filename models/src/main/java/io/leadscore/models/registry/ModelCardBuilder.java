package io.leadscore.models.registry;

import java.util.List;
import java.util.Map;

/**
 * Builds a card; name and features are required, the rest defaults to empty (no window, no metrics, no
 * contract), as for the cards tests register.
 */
public final class ModelCardBuilder {
  private int version;
  private String name;
  private String createdAt = "";
  private String path;
  private List<String> features;
  private String catalogVersion = "";
  private String trainFrom = "";
  private String trainTo = "";
  private String holdoutFrom = "";
  private long seed;
  private Map<String, Object> params = Map.of();
  private Map<String, Double> metrics = Map.of();
  private Map<String, Long> inputVersions = Map.of();
  private ModelCard.Contract contract = ModelCard.Contract.NONE;
  private Map<String, Object> fits = Map.of();
  private String decision = "";

  ModelCardBuilder() {}

  /** 0: the registry claims one at registration. */
  public ModelCardBuilder version(int v) {
    this.version = v;
    return this;
  }

  public ModelCardBuilder name(String n) {
    this.name = n;
    return this;
  }

  public ModelCardBuilder createdAt(String at) {
    this.createdAt = at;
    return this;
  }

  /** The version folder; null or empty: the registry's folder for the version. */
  public ModelCardBuilder path(String p) {
    this.path = p;
    return this;
  }

  public ModelCardBuilder features(List<String> f, String catalogVersionOfThem) {
    this.features = f;
    this.catalogVersion = catalogVersionOfThem;
    return this;
  }

  public ModelCardBuilder window(String from, String to, String holdoutFromDate) {
    this.trainFrom = from;
    this.trainTo = to;
    this.holdoutFrom = holdoutFromDate;
    return this;
  }

  public ModelCardBuilder seed(long s) {
    this.seed = s;
    return this;
  }

  public ModelCardBuilder params(Map<String, Object> p) {
    this.params = p;
    return this;
  }

  public ModelCardBuilder metrics(Map<String, Double> m) {
    this.metrics = m;
    return this;
  }

  public ModelCardBuilder inputVersions(Map<String, Long> v) {
    this.inputVersions = v;
    return this;
  }

  public ModelCardBuilder contract(ModelCard.Contract c) {
    this.contract = c;
    return this;
  }

  public ModelCardBuilder fits(Map<String, Object> f, String decisionText) {
    this.fits = f;
    this.decision = decisionText;
    return this;
  }

  public ModelCard build() {
    if (name == null || name.isEmpty()) {
      // guard: the trainer sets both before it builds a card
      throw new IllegalStateException("a model card needs the registered model's name");
    }
    if (features == null) {
      // guard: as above
      throw new IllegalStateException("model card " + name + " needs its feature list");
    }
    return new ModelCard(version, name, createdAt, path,
        new ModelCard.Provenance(features, catalogVersion, trainFrom, trainTo, holdoutFrom, seed, inputVersions),
        new ModelCard.Training(params, metrics, fits, decision), contract);
  }
}
