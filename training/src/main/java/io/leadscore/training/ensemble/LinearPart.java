package io.leadscore.training.ensemble;

import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.models.score.LinearModel;
import io.leadscore.training.xgb.Rows;
import java.util.List;

/**
 * The stacked model's logistic regression fitted on rows held on the driver: each input standardised by its
 * weighted mean and standard deviation over the rows that have it. A missing value reads as the input's mean
 * (its term is 0, it moves nothing: XGBoost learns what missingness means, and the catalogue's {@code _missing}
 * indicator inputs give the regression the fact as an input of its own), except for inputs the catalogue reads
 * as zero when missing ({@code missing: zero}), which read as 0 as they do everywhere else.
 */
public final class LinearPart {
  private LinearPart() {}

  public static LinearModel fit(Rows rows, List<FeatureDefinition> definitions, double l2) {
    int d = rows.cols();
    double[] center = new double[d];
    double[] scale = new double[d];
    double[] fill = new double[d];
    for (int j = 0; j < d; j++) {
      double sw = 0;
      double s = 0;
      double ss = 0;
      for (int i = 0; i < rows.rows(); i++) {
        float v = rows.x()[i * d + j];
        if (!Float.isNaN(v)) {
          double w = rows.weightOf(i);
          sw += w;
          s += w * v;
          ss += w * v * (double) v;
        }
      }
      center[j] = sw > 0 ? s / sw : 0;
      double var = sw > 0 ? ss / sw - center[j] * center[j] : 0;
      // a constant (or never present) input: scale 1 keeps its z at 0 rather than dividing by nothing
      scale[j] = var > 1e-12 ? Math.sqrt(var) : 1;
      fill[j] = definitions.get(j).missing() == FeatureDefinition.Missing.ZERO ? 0 : center[j];
    }
    LinearModel standardise = new LinearModel(center, scale, fill, new double[d], 0);
    float[] x = rows.x();
    double[] beta = LogisticFit.fit(rows.rows(), d, (i, out) -> {
      for (int j = 0; j < d; j++) {
        out[j] = standardise.z(j, x[i * d + j]);
      }
    }, rows.labels(), rows.weight(), l2);
    double[] coef = new double[d];
    System.arraycopy(beta, 1, coef, 0, d);
    return new LinearModel(center, scale, fill, coef, beta[0]);
  }

  /** Each row's margin. */
  public static double[] margins(LinearModel m, Rows rows) {
    double[] out = new double[rows.rows()];
    double[] row = new double[rows.cols()];
    for (int i = 0; i < out.length; i++) {
      copyRow(rows, i, row);
      out[i] = m.margin(row, 0);
    }
    return out;
  }

  static void copyRow(Rows rows, int i, double[] out) {
    for (int j = 0; j < rows.cols(); j++) {
      out[j] = rows.x()[i * rows.cols() + j];
    }
  }
}
