package io.leadscore.scoring;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns per-lead SHAP contributions into sentences from the catalogue's reason templates: the largest
 * positive drivers first, then the largest negative ones, at most {@code limit} in all.
 */
public final class ReasonText implements Serializable {
  private final List<FeatureDefinition> features;
  private final int limit;

  public ReasonText(FeatureCatalog catalog, List<String> modelFeatures, int limit) {
    this.features = modelFeatures.stream().map(catalog::get).toList();
    this.limit = limit;
  }

  /** @param contributions one per feature (a trailing bias term is ignored); values the lead's feature values */
  public List<String> reasons(double[] contributions, double[] values) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      if (contributions[i] != 0) {
        idx.add(i);
      }
    }
    List<Integer> up = idx.stream().filter(i -> contributions[i] > 0)
        .sorted(Comparator.comparingDouble(i -> -contributions[i])).toList();
    List<Integer> down = idx.stream().filter(i -> contributions[i] < 0)
        .sorted(Comparator.comparingDouble(i -> contributions[i])).toList();
    List<String> out = new ArrayList<>();
    for (List<Integer> side : List.of(up, down)) {
      for (int i : side) {
        if (out.size() == limit) {
          return out;
        }
        out.add(features.get(i).reason(values[i], contributions[i] > 0));
      }
    }
    return out;
  }
}
