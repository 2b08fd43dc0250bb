package io.leadscore.monitoring;

import io.leadscore.core.Tables;
import io.leadscore.core.runs.Problem;
import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.models.reference.ReferenceDistributions;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Monitor step 1: the champion and the training reference that drift is measured against. Plain Java (the
 * registry and one file), so it lives outside the {@code spark} package with the monitor's other plain logic.
 */
public final class FindReference {
  /**
   * The champion (empty: none) and its reference distributions (empty: none, or a champion trained before
   * monitoring existed), with the problems and notes that follow from what is missing.
   */
  public record ChampionReference(Optional<ModelCard> champion, Optional<ReferenceDistributions> reference,
                           List<Problem> problems, List<String> notes) {
    /** The champion's version as the tables and the summary spell it ("" without a champion). */
    public String version() {
      return champion.map(c -> String.valueOf(c.version())).orElse("");
    }
  }

  private final Tables tables;
  private final ModelRegistry registry;

  public FindReference(Tables tables, ModelRegistry registry) {
    this.tables = tables;
    this.registry = registry;
  }

  public ChampionReference run() {
    List<Problem> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Optional<ModelCard> champion = registry.champion();
    Optional<ReferenceDistributions> reference = champion.map(c -> ReferenceDistributions.path(c.path()))
        .flatMap(p -> GoldFiles.read(p).map(text -> ReferenceDistributions.fromJson(text, p)));
    if (champion.isEmpty()) {
      problems.add(Problem.of(Problem.MONITOR_NO_CHAMPION, tables.modelsDir(), "no champion model: nothing to "
          + "monitor. Run `leadscore train` first"));
    } else if (reference.isEmpty()) {
      problems.add(Problem.of(Problem.MONITOR_NO_REFERENCE, champion.get().label(), "the champion has no reference "
          + "distributions (it was trained before monitoring existed): feature and score drift are not measured. "
          + "Retrain (`leadscore train`) to get a champion that carries them"));
    }
    if (reference.isPresent() && ReferenceDistributions.TRAINING_ROWS.equals(reference.get().population())) {
      notes.add("Feature drift is measured against " + champion.get().label() + "'s training rows (its training "
          + "date had no features): inputs that differ between decided and open leads, such as lead age, read as "
          + "drift. A model trained in a nightly carries the open leads of its training date instead.");
    }
    return new ChampionReference(champion, reference, List.copyOf(problems), List.copyOf(notes));
  }
}
