package io.leadscore.monitoring;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The model inputs whose values are set per date, not per lead, and so are judged by their definition instead of
 * a drift test across dates:
 * <ul>
 *   <li>date-derived inputs have one value per snapshot date (the quarter's days left, the month): tonight's leads
 *   all share tonight's value, so any date other than the reference's differs by construction (KS 1.000 every
 *   night) and says nothing about the leads;</li>
 *   <li>encodings have one value per category and date (an industry's conversion rate among the outcomes known
 *   before D): tonight's values are a handful of point masses that each night's new outcomes move a little, and a
 *   point mass that crosses a bin edge of the reference moves a whole industry at once (a quiet generated night
 *   measured PSI 2.0 and KS p &lt; 1e-6). The leads' mix over the category is what can drift, and the category's
 *   own input tests it.</li>
 * </ul>
 * A feature is marked when the model's own catalogue marks it, or, for a model sealed before the mark existed,
 * when the standard catalogue of that version (or of standard-2, whose features it marks alike) does.
 */
public final class PerDateInputs {
  private final Map<String, FeatureDefinition> own = new HashMap<>();
  private final boolean standardVersion;

  public PerDateInputs(List<FeatureDefinition> modelCatalog, String catalogVersion) {
    modelCatalog.forEach(d -> own.put(d.name(), d));
    // standard-3 only rounded two segment values: the marks of standard-2's features are the same
    this.standardVersion = FeatureCatalog.standard().version().equals(catalogVersion)
        || "standard-2".equals(catalogVersion);
  }

  /** The names among {@code inputs} that are date-derived, in input order. */
  public List<String> dateDerived(Collection<String> inputs) {
    return inputs.stream().filter(n -> marked(n, d -> d.dateDerived() ? "" : null).isPresent()).toList();
  }

  /** The names among {@code inputs} that encode a category per date, in input order, each with its category. */
  public Map<String, String> encodings(Collection<String> inputs) {
    Map<String, String> out = new LinkedHashMap<>();
    inputs.forEach(n -> marked(n, FeatureDefinition::encodes).ifPresent(c -> out.put(n, c)));
    return out;
  }

  /** Every input left out of the drift tests. */
  public List<String> skipped(Collection<String> inputs) {
    Map<String, String> enc = encodings(inputs);
    List<String> date = dateDerived(inputs);
    return inputs.stream().filter(n -> date.contains(n) || enc.containsKey(n)).toList();
  }

  /** The report's notes for the inputs left out (none when none is). */
  public List<String> notes(Collection<String> inputs) {
    List<String> out = new java.util.ArrayList<>();
    List<String> date = dateDerived(inputs);
    if (!date.isEmpty()) {
      out.add("Not drift-tested, one value per date by definition (every night differs from the reference date): "
          + String.join(", ", date) + ".");
    }
    Map<String, String> enc = encodings(inputs);
    if (!enc.isEmpty()) {
      out.add("Not drift-tested, one value per category and date by definition (each night's outcomes move every lead "
          + "of a category at once); the category's own input tests the leads' mix: " + enc.entrySet().stream()
          .map(e -> e.getKey() + " (" + e.getValue() + (inputs.contains(e.getValue()) ? "" : ", not an input of "
              + "this model: its mix is not tested") + ")").collect(Collectors.joining(", ")) + ".");
    }
    return out;
  }

  private <T> Optional<T> marked(String name, java.util.function.Function<FeatureDefinition, T> mark) {
    Optional<T> mine = Optional.ofNullable(own.get(name)).map(mark);
    if (mine.isPresent() || !standardVersion) {
      return mine;
    }
    return FeatureCatalog.standard().find(name).map(mark);
  }
}
