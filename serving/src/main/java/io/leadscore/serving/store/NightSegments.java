package io.leadscore.serving.store;

import io.leadscore.features.gold.LeadFeatures;
import java.util.HashMap;
import java.util.Map;

/**
 * One night's segment features by segment code, taken from that night's {@code features} rows: every open lead of
 * an industry has the night's {@code industry_affinity} of it (and of a country its
 * {@code geographic_opportunity}), so the night's rows are its lookup table. A segment no open lead of the night
 * belongs to is missing, as it is in the batch for a segment without decided leads.
 */
public final class NightSegments implements LeadFeatures.Segments {
  private final Map<Double, Double> industry = new HashMap<>();
  private final Map<Double, Double> country = new HashMap<>();

  public NightSegments(Iterable<StoredLead> leads) {
    for (StoredLead l : leads) {
      put(industry, l.features().get("industry"), l.features().get("industry_affinity"));
      put(country, l.features().get("country"), l.features().get("geographic_opportunity"));
    }
  }

  /** The same lookup from a night's features columns, without building a lead's view. */
  public NightSegments(ColumnarTable features) {
    pairs(features, "industry", "industry_affinity", industry);
    pairs(features, "country", "geographic_opportunity", country);
  }

  private static void pairs(ColumnarTable features, String code, String value, Map<Double, Double> into) {
    Column c = features.column(code);
    Column v = features.column(value);
    if (c == null || v == null) {
      return;
    }
    for (int r = 0; r < features.size(); r++) {
      put(into, c.get(r), v.get(r));
    }
  }

  private static void put(Map<Double, Double> into, Object code, Object value) {
    if (code instanceof Number c && value instanceof Number v) {
      into.putIfAbsent(c.doubleValue(), v.doubleValue());
    }
  }

  @Override
  public Double industryAffinity(Double industryCode) {
    return industryCode == null ? null : industry.get(industryCode);
  }

  @Override
  public Double geographicOpportunity(Double countryCode) {
    return countryCode == null ? null : country.get(countryCode);
  }
}
