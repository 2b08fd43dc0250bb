package io.leadscore.models;

/**
 * The one place the models module builds its exceptions (registry, model cards, contracts, the scorer, tiers,
 * reasons, run records): every message names the bad value and the way out, and wraps the engine or I/O
 * failure it came from.
 */
public final class ModelsErrors {
  private ModelsErrors() {}

  public static ModelsException of(String format, Object... args) {
    return new ModelsException(String.format(format, args));
  }

  public static ModelsException wrap(String message, Throwable cause) {
    return new ModelsException(message, cause);
  }

  /** "Cannot action: cause": a file, folder or serialisation step that failed. */
  public static ModelsException cannot(String action, Throwable cause) {
    return wrap("Cannot " + action + ": " + cause.getMessage(), cause);
  }

  /**
   * A model that would score blind refuses to: names the model, the arm, what is wrong and why it matters,
   * and the ways out.
   */
  public static ModelsException modelRefuses(String model, String arm, String what, String why) {
    return of("Model %s (%s) refuses to score: %s (%s). Way out: restore that input (the "
        + "source column or feature, then `leadscore features` for the date), or `leadscore rollback` to a model "
        + "that does not use it, or train a model on today's catalogue (`leadscore train`)", model, arm, what, why);
  }

  /** No champion in the registry: nothing can score. */
  public static ModelsException noChampion(String modelsDir) {
    return of("No champion model in %s: run `leadscore train` first", modelsDir);
  }
}
