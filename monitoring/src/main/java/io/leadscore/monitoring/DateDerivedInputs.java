package io.leadscore.monitoring;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model inputs that have one value per snapshot date (the quarter's days left, the month): tonight's leads
 * all share tonight's value, so any date other than the reference's differs by construction (KS 1.000 every
 * night) and says nothing about the leads. They are not drift-tested; their definition says what they are.
 * A feature is date-derived when the model's own catalogue marks it, or, for a model sealed before the mark
 * existed, when the same version of the standard catalogue does.
 */
public final class DateDerivedInputs {
  private DateDerivedInputs() {}

  /** The names among {@code inputs} that are date-derived, in input order. */
  public static List<String> of(Collection<String> inputs, List<FeatureDefinition> modelCatalog,
                                String catalogVersion) {
    Map<String, FeatureDefinition> own = new java.util.HashMap<>();
    modelCatalog.forEach(d -> own.put(d.name(), d));
    FeatureCatalog standard = FeatureCatalog.standard();
    boolean standardVersion = standard.version().equals(catalogVersion);
    return inputs.stream().filter(name -> Optional.ofNullable(own.get(name)).map(FeatureDefinition::dateDerived)
            .orElse(false) || (standardVersion && standard.find(name).map(FeatureDefinition::dateDerived).orElse(false)))
        .toList();
  }

  /** The report's note for the inputs left out. */
  public static String note(List<String> skipped) {
    return "Not drift-tested, one value per date by definition (every night differs from the reference date): "
        + String.join(", ", skipped) + ".";
  }
}
