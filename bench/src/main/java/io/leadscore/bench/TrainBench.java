package io.leadscore.bench;

import static io.leadscore.core.Columns.LABEL;

import io.leadscore.training.search.XgbParams;
import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.training.spark.FeatureVectors;
import io.leadscore.training.spark.XgbFactory;
import io.leadscore.training.xgb.CrossValidation;
import io.leadscore.training.xgb.NativeXgb;
import io.leadscore.training.xgb.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Training speed on the same data in one run: xgboost4j-spark (one fit, and a k-fold x grid
 * CrossValidator), native xgboost4j (Booster on a DMatrix, same parameters and threads: one fit, the same
 * CV grid, and leadscore's CV with early stopping), and Spark MLlib's GBTClassifier (one fit). AUCs on
 * the same 20% test rows.
 *
 * <p>Args: [rows=200000] [features=11] [rounds=100] [folds=3] [gbtIter=rounds]. The data is synthetic
 * (a logistic mechanism with interactions and 10% missing values), so it is the same in every run.
 */
public final class TrainBench {
  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int cols = args.length > 1 ? Integer.parseInt(args[1]) : 11;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int folds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int gbtIter = args.length > 4 ? Integer.parseInt(args[4]) : rounds;
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf("TrainBench: %d rows x %d features, %d rounds, %d folds x 4 grid points; %s%n", rows, cols,
        rounds, folds, BenchSupport.machine());

    Rows all = data(rows, cols, folds);
    boolean[] isTest = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      isTest[i] = i % 5 == 0;
    }
    boolean[] isTrain = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      isTrain[i] = !isTest[i];
    }
    Rows train = all.select(isTrain);
    Rows test = all.select(isTest);
    XgbParams base = new XgbParams(rounds, 5, 0.1, 1.0, 0.9, 0.9, 1.0);
    List<XgbParams> grid = new ArrayList<>();
    for (int depth : new int[] {3, 5}) {
      for (double mcw : new double[] {1.0, 5.0}) {
        grid.add(base.with("max_depth", depth).with("min_child_weight", mcw));
      }
    }

    SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("TrainBench")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", String.valueOf(cores))
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Dataset<Row> trainDf = frame(spark, train).persist(StorageLevel.MEMORY_ONLY());
    Dataset<Row> testDf = frame(spark, test).persist(StorageLevel.MEMORY_ONLY());
    trainDf.count();
    testDf.count();

    // warm-up: native library load, Spark code paths
    NativeXgb.fit(test, null, base.withRounds(5).booster(1, 7, cores), 5, 0).booster().dispose();
    XgbFactory.classifier(base.withRounds(5), 1, 7, cores).fit(testDf);

    List<String> lines = new ArrayList<>();
    long t = System.nanoTime();
    XGBoostClassificationModel sparkModel = XgbFactory.classifier(base, 1, 7, cores).fit(trainDf);
    double sparkFit = secs(t);
    double sparkAuc = auc(sparkModel.transform(testDf), test);
    lines.add(row("xgboost4j-spark, one fit", sparkFit, 1, sparkAuc));

    t = System.nanoTime();
    XGBoostClassifier est = XgbFactory.classifier(base, 1, 7, cores);
    ParamMap[] maps = new ParamGridBuilder().addGrid(est.maxDepth(), new int[] {3, 5})
        .addGrid(est.minChildWeight(), new double[] {1.0, 5.0}).build();
    new CrossValidator().setEstimator(est).setEstimatorParamMaps(maps).setFoldCol("fold")
        .setEvaluator(new BinaryClassificationEvaluator().setLabelCol(LABEL)).setParallelism(1).fit(trainDf);
    double sparkCv = secs(t);
    int cvFits = folds * grid.size() + 1;
    lines.add(row("xgboost4j-spark, CrossValidator (" + cvFits + " fits)", sparkCv, cvFits, Double.NaN));

    t = System.nanoTime();
    NativeXgb.Fit nat = NativeXgb.fit(train, null, base.booster(1, 7, cores), rounds, 0);
    double nativeFit = secs(t);
    double nativeAuc = BinaryMetrics.of(NativeXgb.predict(nat, test), test.labels()).auc();
    nat.booster().dispose();
    lines.add(row("native xgboost4j, one fit", nativeFit, 1, nativeAuc));

    t = System.nanoTime();
    for (XgbParams p : grid) {
      for (int k = 0; k < folds; k++) {
        NativeXgb.Fit f = NativeXgb.fit(train.foldOut(k), null, p.booster(1, 7, cores), rounds, 0);
        NativeXgb.predict(f, train.foldIn(k));
        f.booster().dispose();
      }
    }
    NativeXgb.fit(train, null, base.booster(1, 7, cores), rounds, 0).booster().dispose();
    double nativeCv = secs(t);
    lines.add(row("native xgboost4j, same CV grid (" + cvFits + " fits)", nativeCv, cvFits, Double.NaN));

    t = System.nanoTime();
    CrossValidation.Result lead = new CrossValidation(folds, 20, 0.2, p -> p.booster(1, 7, cores))
        .run(train, grid);
    lead.dispose();
    NativeXgb.Fit finalFit = NativeXgb.fit(train, null, lead.best().params().withRounds(lead.best().meanRounds())
        .booster(1, 7, cores), lead.best().meanRounds(), 0);
    double leadCv = secs(t);
    double leadAuc = BinaryMetrics.of(NativeXgb.predict(finalFit, test), test.labels()).auc();
    finalFit.booster().dispose();
    lines.add(row("leadscore CV (native, early stopping, " + (lead.fits() + 1) + " fits)", leadCv, lead.fits() + 1,
        leadAuc));

    Dataset<Row> gbtTrain = frame(spark, train, -999f).persist(StorageLevel.MEMORY_ONLY());
    gbtTrain.count();
    t = System.nanoTime();
    GBTClassificationModel gbt = new GBTClassifier().setMaxIter(gbtIter).setMaxDepth(5).setStepSize(0.1)
        .setSubsamplingRate(0.9).setSeed(7).setLabelCol(LABEL).setFeaturesCol(FeatureVectors.COLUMN)
        .fit(gbtTrain);
    double gbtFit = secs(t);
    double gbtAuc = auc(gbt.transform(frame(spark, test, -999f)), test);
    lines.add(row("Spark MLlib GBTClassifier, one fit (" + gbtIter + " iter)", gbtFit, 1, gbtAuc));

    System.out.printf("%-58s %9s %9s %8s%n", "", "seconds", "s/fit", "AUC");
    lines.forEach(System.out::println);
    System.out.printf("ratios: spark fit / native fit = %.1fx; spark CV / native CV = %.1fx; spark CV / (13 x spark fit)"
        + " = %.2f; native CV / (13 x native fit) = %.2f; GBT fit / native fit = %.1fx%n", sparkFit / nativeFit,
        sparkCv / nativeCv, sparkCv / (cvFits * sparkFit), nativeCv / (cvFits * nativeFit), gbtFit / nativeFit);
    System.out.printf("peak heap %d MiB%n", BenchSupport.peakHeapMiB());
    spark.stop();
  }

  private static String row(String name, double s, int fits, double auc) {
    return String.format("%-58s %9.2f %9.2f %8s", name, s, s / fits, Double.isNaN(auc) ? "" : String.format("%.4f", auc));
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** AUC from the scored frame's own label column (its row order is not the input's). */
  private static double auc(Dataset<Row> scored, Rows test) {
    List<Row> r = scored.select(FeatureVectors.positiveProbability(), org.apache.spark.sql.functions.col(LABEL))
        .collectAsList();
    if (r.size() != test.rows()) {
      throw new IllegalStateException("scored " + r.size() + " rows of " + test.rows());
    }
    double[] p = r.stream().mapToDouble(x -> x.getDouble(0)).toArray();
    double[] y = r.stream().mapToDouble(x -> x.getDouble(1)).toArray();
    return BinaryMetrics.of(p, y).auc();
  }

  /** Synthetic rows: logistic in a few features with an interaction, 10% missing; fold = row id mod folds. */
  static Rows data(int rows, int cols, int folds) {
    Random r = new Random(42);
    float[] x = new float[rows * cols];
    float[] y = new float[rows];
    int[] fold = new int[rows];
    boolean[] valid = new boolean[rows];
    double[] days = new double[rows];
    for (int i = 0; i < rows; i++) {
      double z = -2.5;
      for (int j = 0; j < cols; j++) {
        double v = j % 3 == 0 ? r.nextInt(10) : r.nextGaussian();
        x[i * cols + j] = r.nextDouble() < 0.1 ? Float.NaN : (float) v;
        double w = j < 5 ? 0.6 / (j + 1) : 0;
        z += w * (Float.isNaN(x[i * cols + j]) ? 0 : v);
      }
      z += cols > 2 ? 0.5 * Math.max(0, x[i * cols + 1]) * Math.max(0, x[i * cols + 2]) : 0;
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1f : 0f;
      fold[i] = i % folds;
      valid[i] = r.nextDouble() < 0.15;
      days[i] = y[i] == 1f ? r.nextInt(30) : Double.NaN;
    }
    return new Rows(x, rows, cols, y, days, fold, valid);
  }

  private static Dataset<Row> frame(SparkSession spark, Rows d) {
    return frame(spark, d, Float.NaN);
  }

  /** Missing values as {@code fill} (MLlib's trees take no NaN: GBT gets them imputed). */
  private static Dataset<Row> frame(SparkSession spark, Rows d, float fill) {
    List<Row> out = new ArrayList<>(d.rows());
    for (int i = 0; i < d.rows(); i++) {
      double[] v = new double[d.cols()];
      for (int j = 0; j < d.cols(); j++) {
        float f = d.x()[i * d.cols() + j];
        v[j] = Float.isNaN(f) ? fill : f;
      }
      out.add(RowFactory.create((double) d.label()[i], d.fold()[i], Vectors.dense(v)));
    }
    StructType schema = new StructType().add(LABEL, DataTypes.DoubleType).add("fold", DataTypes.IntegerType)
        .add(FeatureVectors.COLUMN, new VectorUDT());
    return spark.createDataFrame(out, schema).repartition(Runtime.getRuntime().availableProcessors());
  }

  private TrainBench() {}

}
