package io.leadscore.bench;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@link ScoreBench}'s leads and model: synthetic feature values, a model trained on them, a frame of them. */
final class ScoreBenchData {
  private ScoreBenchData() {}

  /** Feature values of plausible ranges per type, ~10% missing, categories within their levels. */
  static float[] synthetic(FeatureCatalog catalog, int n, long seed) {
    List<String> names = catalog.names();
    int w = names.size();
    Random r = new Random(seed);
    float[] x = new float[n * w];
    for (int k = 0; k < w; k++) {
      FeatureDefinition f = catalog.get(names.get(k));
      for (int i = 0; i < n; i++) {
        float v = switch (f.type()) {
          case CATEGORY -> r.nextInt(Math.max(1, f.levels().size()));
          case RATIO -> r.nextFloat();
          case DAYS -> r.nextInt(120);
          case COUNT -> (float) Math.floor(-Math.log(1 - r.nextDouble()) * 4);
          default -> (float) (r.nextGaussian() * 10);
        };
        x[i * w + k] = r.nextInt(10) == 0 ? Float.NaN : v;
      }
    }
    return x;
  }

  /** A model of the requested size trained on 50k synthetic rows with a known mechanism. */
  static Booster train(FeatureCatalog catalog, int rounds, int depth, int cores) throws Exception {
    int m = 50_000;
    int w = catalog.names().size();
    float[] x = synthetic(catalog, m, 5);
    float[] y = new float[m];
    Random r = new Random(9);
    for (int i = 0; i < m; i++) {
      double z = -1;
      for (int k = 0; k < Math.min(w, 6); k++) {
        float v = x[i * w + k];
        z += Float.isNaN(v) ? 0 : (k % 2 == 0 ? 0.3 : -0.2) * Math.tanh(v / 5);
      }
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z * 3)) ? 1 : 0;
    }
    DMatrix d = new DMatrix(x, m, w, Float.NaN);
    d.setLabel(y);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("tree_method", "hist");
    params.put("max_depth", depth);
    params.put("eta", 0.1);
    params.put("nthread", cores);
    params.put("verbosity", 0);
    Booster b = XGBoost.train(d, params, rounds, new HashMap<>(), null, null);
    d.dispose();
    return b;
  }

  static Dataset<Row> frame(SparkSession spark, List<String> names, float[] x, int n) {
    int w = names.size();
    StructType schema = new StructType().add(io.leadscore.core.Columns.LEAD_ID, DataTypes.StringType, false);
    StructType s = schema;
    for (String f : names) {
      s = s.add(f, DataTypes.DoubleType, true);
    }
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object[] v = new Object[w + 1];
      v[0] = "L" + i;
      for (int k = 0; k < w; k++) {
        float f = x[i * w + k];
        v[k + 1] = Float.isNaN(f) ? null : (double) f;
      }
      rows.add(RowFactory.create(v));
    }
    return spark.createDataFrame(rows, s);
  }
}
