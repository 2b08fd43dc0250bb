package io.leadscore.training;

import io.leadscore.training.errors.TrainingErrors;
import com.typesafe.config.Config;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * On which nights the nightly trains ({@code leadscore.training.schedule}): {@code nightly} (every night, the
 * default), {@code weekly} (on {@code weekly_on}, e.g. monday) or {@code on_drift} (the night after monitoring
 * recommended retraining). Any schedule trains when there is no champion yet. On the other nights the champion
 * scores and the summary says why no training ran.
 */
public record TrainingSchedule(Kind kind, DayOfWeek weeklyOn) {
  public enum Kind { NIGHTLY, WEEKLY, ON_DRIFT }

  /**
   * What the decision looks at.
   *
   * @param champion          the current champion's label, empty when none exists
   * @param retrainRecommended the latest monitor run before tonight recommended retraining (empty: none ran)
   */
  public record Night(LocalDate date, Optional<String> champion, Optional<Boolean> retrainRecommended) {}

  public static final String ROOT = "leadscore.training";

  public static TrainingSchedule from(Config c) {
    Config t = c.getConfig(ROOT);
    String s = t.getString("schedule").trim().toLowerCase(Locale.ROOT);
    Kind kind = switch (s) {
      case "nightly" -> Kind.NIGHTLY;
      case "weekly" -> Kind.WEEKLY;
      case "on_drift" -> Kind.ON_DRIFT;
      default -> throw TrainingErrors.of("'%s.schedule' is '%s' but must be nightly, weekly or on_drift", ROOT, s);
    };
    String day = t.getString("weekly_on").trim();
    try {
      return new TrainingSchedule(kind, DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw TrainingErrors.of("'%s.weekly_on' is '%s' but must be a day of the week, e.g. monday", ROOT, day);
    }
  }

  /** Empty when tonight trains; otherwise the reason no training runs (for the summary). */
  public Optional<String> skipReason(Night night) {
    if (kind == Kind.NIGHTLY) {
      return Optional.empty();
    }
    if (night.champion().isEmpty()) {
      return Optional.empty(); // nothing would score otherwise
    }
    String champion = night.champion().get();
    return switch (kind) {
      case WEEKLY -> night.date().getDayOfWeek() == weeklyOn ? Optional.empty() : Optional.of(String.format(
          "schedule weekly: trains on %ss, %s is a %s; %s scores", name(weeklyOn), night.date(),
          name(night.date().getDayOfWeek()), champion));
      case ON_DRIFT -> night.retrainRecommended().orElse(false) ? Optional.empty() : Optional.of(String.format(
          "schedule on_drift: %s; %s scores", night.retrainRecommended().isEmpty()
              ? "no monitor run before " + night.date() : "the last monitor run recommended no retraining", champion));
      default -> Optional.empty();
    };
  }

  private static String name(DayOfWeek d) {
    return d.name().toLowerCase(Locale.ROOT);
  }
}
