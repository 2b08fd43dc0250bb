package io.leadscore.features.catalog;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-encodes values stored under today's catalogue into a model's own encoding. The gold tables hold a
 * categorical feature as the index of its level in the catalogue of the run that wrote them; a labelled
 * export re-learns its levels (by frequency) every run, so the same code can name another level tomorrow.
 * A model keeps the catalogue it was trained with, and every code is translated by level name: today's
 * code -> level -> the model's code for that level (the model's {@code other} when it never saw the level,
 * missing when it has no {@code other}). Numeric features pass unchanged.
 *
 * <p>What cannot be translated is listed by {@link #problems()}: a feature the model uses that today's
 * catalogue no longer has (its column would be all missing), or a feature whose kind changed.
 */
public final class Recoding implements Serializable {
  private final List<String> features;
  private final double[][] tables;
  private final List<String> problems;

  private Recoding(List<String> features, double[][] tables, List<String> problems) {
    this.features = List.copyOf(features);
    this.tables = tables;
    this.problems = List.copyOf(problems);
  }

  /** The identity: values already are in the model's encoding. */
  public static Recoding identity(List<String> features) {
    return new Recoding(features, new double[features.size()][], List.of());
  }

  /**
   * @param today the catalogue the stored values were encoded with
   * @param model the model's own definitions, in its input order
   */
  public static Recoding between(FeatureCatalog today, List<FeatureDefinition> model) {
    List<String> names = model.stream().map(FeatureDefinition::name).toList();
    double[][] tables = new double[model.size()][];
    List<String> problems = new ArrayList<>();
    for (int k = 0; k < model.size(); k++) {
      FeatureDefinition m = model.get(k);
      FeatureDefinition t = today.find(m.name()).orElse(null);
      if (t == null) {
        problems.add(String.format("feature '%s' is not in today's catalogue (%s)", m.name(), today.version()));
        continue;
      }
      boolean modelCat = m.type() == FeatureDefinition.Type.CATEGORY;
      boolean todayCat = t.type() == FeatureDefinition.Type.CATEGORY;
      if (modelCat != todayCat) {
        problems.add(String.format("feature '%s' was %s for the model but is %s in today's catalogue (%s)",
            m.name(), m.type(), t.type(), today.version()));
        continue;
      }
      if (modelCat && !m.levels().equals(t.levels())) {
        tables[k] = table(t.levels(), m.levels());
      }
    }
    return new Recoding(names, tables, problems);
  }

  /** today's index -> the model's index, by level name. */
  static double[] table(List<String> today, List<String> model) {
    int other = model.indexOf(LEVEL_OTHER);
    double[] out = new double[today.size()];
    for (int i = 0; i < out.length; i++) {
      int j = model.indexOf(today.get(i));
      out[i] = j >= 0 ? j : other >= 0 ? other : Double.NaN;
    }
    return out;
  }

  /** The level that collects rare and unseen values of a learned catalogue. */
  public static final String LEVEL_OTHER = "other";

  /** Value {@code v} of input {@code k} (today's encoding) in the model's encoding. */
  public double apply(int k, double v) {
    double[] t = tables[k];
    if (t == null || Double.isNaN(v)) {
      return v;
    }
    int i = (int) v;
    return i >= 0 && i < t.length && i == v ? t[i] : Double.NaN;
  }

  /** True when no value changes. */
  public boolean isIdentity() {
    for (double[] t : tables) {
      if (t != null) {
        return false;
      }
    }
    return true;
  }

  /** The model's inputs, in order. */
  public List<String> features() {
    return features;
  }

  /** Why some input cannot be translated; empty when every input can. */
  public List<String> problems() {
    return problems;
  }
}
