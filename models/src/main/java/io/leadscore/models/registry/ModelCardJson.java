package io.leadscore.models.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a {@link ModelCard}: the flat JSON object registry.json, each version's card.json and
 * the runs' model_card.json have always held, field names and order unchanged, so cards written by older
 * versions read back and new cards read in older ones. Only Jackson sees it; unknown fields are ignored
 * and missing ones (cards written before contracts, fits and decisions) get the card's defaults.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"version", "name", "createdAt", "path", "features", "catalogVersion", "trainFrom", "trainTo",
    "holdoutFrom", "seed", "params", "metrics", "inputVersions", "contract", "fits", "decision"})
final class ModelCardJson {
  public int version;
  public String name;
  public String createdAt;
  public String path;
  public List<String> features;
  public String catalogVersion;
  public String trainFrom;
  public String trainTo;
  public String holdoutFrom;
  public long seed;
  public Map<String, Object> params;
  public Map<String, Double> metrics;
  public Map<String, Long> inputVersions;
  public ModelCard.Contract contract;
  public Map<String, Object> fits;
  public String decision;

  static ModelCardJson of(ModelCard card) {
    ModelCardJson j = new ModelCardJson();
    j.version = card.version();
    j.name = card.name();
    j.createdAt = card.createdAt();
    j.path = card.path();
    ModelCard.Provenance p = card.provenance();
    j.features = p.features();
    j.catalogVersion = p.catalogVersion();
    j.trainFrom = p.trainFrom();
    j.trainTo = p.trainTo();
    j.holdoutFrom = p.holdoutFrom();
    j.seed = p.seed();
    ModelCard.Training t = card.training();
    j.params = t.params();
    j.metrics = t.metrics();
    j.inputVersions = p.inputVersions();
    j.contract = card.contract();
    j.fits = t.fits();
    j.decision = t.decision();
    return j;
  }

  ModelCard card() {
    return new ModelCard(version, name, createdAt, path,
        new ModelCard.Provenance(features, catalogVersion, trainFrom, trainTo, holdoutFrom, seed, inputVersions),
        new ModelCard.Training(params, metrics, fits, decision), contract);
  }
}
