package io.leadscore.features.gold;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decision-maker likelihood (0-1) of a contact from seniority, job title and department. Seniority is the
 * strongest signal; the title stands in when seniority is unknown; the department scales the result
 * (finance and operations sign purchases more often than HR). Plain Java so it can be tested by hand.
 */
public final class DecisionMaker {
  static final Map<String, Double> SENIORITY = Map.of("intern", 0.02, "staff", 0.10, "manager", 0.35,
      "director", 0.60, "vp", 0.80, "c-level", 0.95);
  // checked in order: the first keyword found in the title decides
  static final List<Map.Entry<String, Double>> TITLE_WORDS = List.of(
      Map.entry("chief", 0.95), Map.entry("ceo", 0.95), Map.entry("cfo", 0.95), Map.entry("cto", 0.95),
      Map.entry("founder", 0.95), Map.entry("owner", 0.95), Map.entry("president", 0.85),
      Map.entry("vp", 0.80), Map.entry("vice", 0.80), Map.entry("director", 0.60), Map.entry("head", 0.60),
      Map.entry("manager", 0.35), Map.entry("lead", 0.30), Map.entry("intern", 0.02));
  static final Map<String, Double> DEPARTMENT = Map.of("finance", 1.10, "operations", 1.05, "sales", 1.0,
      "marketing", 0.95, "engineering", 0.90, "hr", 0.70);
  /** The base when only the department is known. */
  static final double UNKNOWN_ROLE = 0.25;

  private DecisionMaker() {}

  /** The likelihood, or null when seniority, title and department are all unknown. */
  public static Double likelihood(String seniority, String jobTitle, String department) {
    Double base = seniority == null ? null : SENIORITY.get(seniority.trim().toLowerCase(Locale.ROOT));
    if (base == null && jobTitle != null) {
      String t = " " + jobTitle.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", " ") + " ";
      for (Map.Entry<String, Double> w : TITLE_WORDS) {
        if (t.contains(" " + w.getKey() + " ")) {
          base = w.getValue();
          break;
        }
      }
    }
    Double scale = department == null ? null : DEPARTMENT.get(department.trim().toLowerCase(Locale.ROOT));
    if (base == null && scale == null) {
      return null;
    }
    double v = (base == null ? UNKNOWN_ROLE : base) * (scale == null ? 1.0 : scale);
    return Math.min(1.0, v);
  }
}
