package io.leadscore.models.registry;

import io.leadscore.models.ModelsErrors;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;

/**
 * A logistic regression on standardised inputs, in a model's input order: input j adds
 * {@code coef[j] * (x_j - center[j]) / scale[j]} to the margin, and a missing input reads as {@code fill[j]}.
 * Training sets {@code fill} to the input's training mean (its term is then 0: a missing value moves nothing, as
 * for XGBoost's learnt default it is the booster's job, and the catalogue's {@code _missing} indicator inputs carry
 * the fact of missingness as inputs of their own) or to 0 for inputs the catalogue says read missing as zero.
 *
 * <p>A categorical input's value is a level code, whose order means nothing to a line: {@code levels[j]}, when
 * present, maps code c to {@code levels[j][c]} (the level's smoothed log-odds among the fit's training rows) before
 * standardising, its last entry for a code the fit never saw. Models without it (null) read codes as numbers.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LinearModel(double[] center, double[] scale, double[] fill, double[] coef, double intercept,
                          @JsonInclude(JsonInclude.Include.NON_NULL) double[][] levels) implements Serializable {

  /** The way out when a saved model does not hold together. */
  public static final String DAMAGED = "the saved model is damaged; train a new one (`leadscore train`) or roll back "
      + "(`leadscore rollback`)";

  @JsonCreator
  public LinearModel {
    int n = coef.length;
    if (center.length != n || scale.length != n || fill.length != n || (levels != null && levels.length != n)) {
      throw ModelsErrors.of("A linear model needs as many centers, scales, fills and level tables as coefficients "
          + "(%d), not %d/%d/%d/%s: %s", n, center.length, scale.length, fill.length,
          levels == null ? "none" : levels.length, DAMAGED);
    }
    for (double s : scale) {
      if (!(s > 0)) {
        throw ModelsErrors.of("A linear model's scales must be > 0, not %s: %s", s, DAMAGED);
      }
    }
  }

  /** Every input read as a number. */
  public LinearModel(double[] center, double[] scale, double[] fill, double[] coef, double intercept) {
    this(center, scale, fill, coef, intercept, null);
  }

  public int width() {
    return coef.length;
  }

  /** Input j's standardised value ({@code fill} when missing). */
  public double z(int j, double x) {
    double v = Double.isNaN(x) ? fill[j] : encoded(j, x);
    return (v - center[j]) / scale[j];
  }

  /** Input j's present value as the line reads it: a level code through its table, anything else as it is. */
  public double encoded(int j, double x) {
    return encoded(levels == null ? null : levels[j], x);
  }

  /** A present value through a level table (null: as it is); a code the table lacks reads as its last entry. */
  public static double encoded(double[] table, double x) {
    if (table == null) {
      return x;
    }
    int code = (int) x;
    return code == x && code >= 0 && code < table.length - 1 ? table[code] : table[table.length - 1];
  }

  /** Input j's term of the margin. */
  public double term(int j, double x) {
    return coef[j] * z(j, x);
  }

  /** The margin (log-odds) of the row starting at {@code offset} of {@code x}. */
  public double margin(double[] x, int offset) {
    double m = intercept;
    for (int j = 0; j < coef.length; j++) {
      m += term(j, x[offset + j]);
    }
    return m;
  }
}
