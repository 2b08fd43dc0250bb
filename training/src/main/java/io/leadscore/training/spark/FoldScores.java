package io.leadscore.training.spark;

import io.leadscore.training.errors.TrainingErrors;
import io.leadscore.training.xgb.NativeXgb;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Scores a held-out fold on the executors with the fit's first {@code bestRounds} trees (the Spark model's
 * transform would use every tree, past the early-stopping point) and brings back only score, label and
 * days to convert: three numbers a row.
 */
final class FoldScores implements MapPartitionsFunction<Row, byte[]> {
  private final byte[] model;
  private final int rounds;

  private FoldScores(byte[] model, int rounds) {
    this.model = model;
    this.rounds = rounds;
  }

  /** {scores, labels, days} of the rows. */
  static double[][] of(Dataset<Row> rows, NativeXgb.Fit fit) {
    byte[] model;
    try {
      model = fit.booster().toByteArray("ubj");
    } catch (XGBoostError e) {
      throw TrainingErrors.cannot("serialise the fold's booster", e);
    }
    List<byte[]> parts = rows.select(TrainingData.LABEL, TrainingData.DAYS, FeatureVectors.COLUMN)
        .mapPartitions(new FoldScores(model, fit.bestRounds()), Encoders.BINARY()).collectAsList();
    int n = parts.stream().mapToInt(p -> p.length / 24).sum();
    double[][] out = new double[3][n];
    int i = 0;
    for (byte[] p : parts) {
      ByteBuffer b = ByteBuffer.wrap(p);
      while (b.hasRemaining()) {
        out[0][i] = b.getDouble();
        out[1][i] = b.getDouble();
        out[2][i] = b.getDouble();
        i++;
      }
    }
    return out;
  }

  @Override
  public Iterator<byte[]> call(Iterator<Row> it) throws Exception {
    List<Row> rows = new ArrayList<>();
    it.forEachRemaining(rows::add);
    if (rows.isEmpty()) {
      return List.<byte[]>of().iterator();
    }
    int cols = ((Vector) rows.get(0).get(2)).size();
    float[] x = new float[rows.size() * cols];
    for (int i = 0; i < rows.size(); i++) {
      double[] v = ((Vector) rows.get(i).get(2)).toArray();
      for (int j = 0; j < cols; j++) {
        x[i * cols + j] = (float) v[j];
      }
    }
    Booster booster = XGBoost.loadModel(model);
    DMatrix d = new DMatrix(x, rows.size(), cols, Float.NaN);
    try {
      float[][] p = booster.predict(d, false, rounds);
      ByteBuffer out = ByteBuffer.allocate(rows.size() * 24);
      for (int i = 0; i < rows.size(); i++) {
        out.putDouble(p[i][0]).putDouble(rows.get(i).getDouble(0)).putDouble(rows.get(i).getDouble(1));
      }
      return List.of(out.array()).iterator();
    } finally {
      d.dispose();
      booster.dispose();
    }
  }
}
