package io.leadscore.models.registry;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where models are registered, their states and which one is the champion. Version folders are write-once
 * (claimed by an atomic create-new, so two trainers never share a number); every state change is appended
 * to the history; the challenger arm takes only a version in state {@link Status#CHALLENGER}.
 */
public interface ModelRegistry {
  /** The state of a version. */
  enum Status {
    /** registered, no decision yet (or a trainer stopped before deciding) */
    CANDIDATE,
    /** scores every lead not in the challenger arm */
    CHAMPION,
    /** passed every guard but did not beat the champion significantly: may score the challenger arm */
    CHALLENGER,
    /** failed a floor, a leakage alarm or the comparison: never scores */
    REJECTED,
    /** rolled back, replaced as champion or superseded as challenger */
    RETIRED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One entry of the append-only history. */
  record Event(String at, int version, String status, String reason) {}

  /** Claims the next free version number: its folder is created here, atomically, and is this caller's alone. */
  int claim();

  /**
   * Registers a version as a {@link Status#CANDIDATE}: the card's version must be one this caller claimed
   * (0 claims one here) and returns the card as registered.
   */
  ModelCard register(ModelCard card);

  Optional<ModelCard> champion();

  /** The newest version in state challenger, if any. */
  Optional<ModelCard> challenger();

  /** Makes the given version the champion; the previous champion is retired and remembered for rollback. */
  void promote(int version, String reason);

  /** Records a decision other than promotion: {@link Status#CHALLENGER} or {@link Status#REJECTED}. */
  void mark(int version, Status status, String reason);

  /** Restores the previous champion and retires the current one; returns the restored champion. */
  ModelCard rollback();

  List<ModelCard> versions();

  Status status(int version);

  /** Every state change, oldest first. */
  List<Event> history();

  /** Where a version's model files go. */
  String modelPath(int version);

  static ModelRegistry local(String modelsDir) {
    return new LocalModelRegistry(modelsDir);
  }
}
