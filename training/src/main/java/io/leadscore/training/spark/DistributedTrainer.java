package io.leadscore.training.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.training.errors.TrainingErrors;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.search.XgbParams;
import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.models.metrics.FoldMetrics;
import io.leadscore.training.Trainer;
import io.leadscore.training.xgb.CrossValidation;
import io.leadscore.training.xgb.NativeXgb;
import io.leadscore.training.xgb.Rows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training rows stay on the executors and xgboost4j-spark trains across them: the same lead-grouped
 * folds (the {@code _fold} column), the same early-stopping validation split ({@code _valid}, as the
 * estimator's eval dataset), fold scores computed on the executors with the early-stopped round count and
 * only (score, label, days) brought to the driver for the same metrics. Each fit's booster is copied to
 * the driver, so the model folder and everything after it are the native path's.
 *
 * <p>CV may run on a hash sample of leads and on fewer grid points ({@code leadscore.training.distributed}):
 * every Spark fit costs a barrier stage and a tracker, so a full grid is slow at small sizes.
 */
final class DistributedTrainer implements Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

  private final TrainingSettings s;
  private final Dataset<Row> train;
  private final Dataset<Row> holdoutFrame;
  private final Rows holdout;
  private final long rows;
  private final double scalePosWeight;
  private final int workers;

  DistributedTrainer(SparkSession spark, TrainingData.Loaded loaded, TrainingSettings s, double scalePosWeight) {
    this.s = s;
    this.train = loaded.frames().train().persist(StorageLevel.MEMORY_AND_DISK());
    this.holdoutFrame = loaded.frames().holdout();
    this.holdout = loaded.split().holdout();
    this.rows = loaded.split().trainRows();
    this.scalePosWeight = scalePosWeight;
    this.workers = s.engine().workers() > 0 ? s.engine().workers() : spark.sparkContext().defaultParallelism();
  }

  @Override
  public String engine() {
    return "distributed";
  }

  @Override
  public String cvMode() {
    List<XgbParams> grid = s.fit().gridPoints();
    int points = searched(grid).size();
    double f = s.engine().cvFraction();
    if (f >= 1 && points == grid.size()) {
      return "full";
    }
    List<String> parts = new ArrayList<>();
    if (f < 1) {
      parts.add(String.format(Locale.ROOT, "sample of %.0f%% of training leads (hash)", f * 100));
    }
    if (points < grid.size()) {
      parts.add("grid: first " + points + " of " + grid.size() + " points");
    }
    return String.join(", ", parts);
  }

  private List<XgbParams> searched(List<XgbParams> grid) {
    int max = s.engine().cvMaxGridPoints();
    return max > 0 && max < grid.size() ? grid.subList(0, max) : grid;
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public Map<String, Double> presentShare(List<String> features) {
    Column x = org.apache.spark.ml.functions.vector_to_array(col(FeatureVectors.COLUMN), "float64");
    Column[] shares = new Column[features.size()];
    for (int j = 0; j < shares.length; j++) {
      shares[j] = avg(when(isnan(x.getItem(j)), 0).otherwise(1));
    }
    Row r = train.agg(shares[0], java.util.Arrays.copyOfRange(shares, 1, shares.length)).first();
    Map<String, Double> out = new LinkedHashMap<>();
    for (int j = 0; j < features.size(); j++) {
      out.put(features.get(j), r.isNullAt(j) ? 0.0 : r.getDouble(j));
    }
    return out;
  }

  /** On the holdout (it is on the driver; the training rows are not). */
  @Override
  public Map<String, Double> singleFeatureAuc(FeatureCatalog catalog, List<String> features) {
    LOG.info("Single-feature AUCs computed on the holdout ({} rows): the training rows stay on the cluster",
        holdout.rows());
    return Trainer.singleFeatureAuc(holdout, catalog, features);
  }

  @Override
  public CrossValidation.Result crossValidate(List<XgbParams> grid, Function<XgbParams, Map<String, Object>> booster,
                                              io.leadscore.training.search.SearchBudget budget) {
    long start = System.nanoTime();
    Dataset<Row> cv = s.engine().cvFraction() < 1 ? train.filter(col(TrainingData.CV_PICK)) : train;
    List<CrossValidation.Point> points = new ArrayList<>();
    CrossValidation.Point best = null;
    List<XgbParams> searched = searched(grid);
    CrossValidation.OutOfFold bestOof = CrossValidation.OutOfFold.NONE;
    for (XgbParams p : searched) {
      if (!budget.mayStart()) {
        break;
      }
      long t0 = System.nanoTime();
      List<double[]> oofScores = new ArrayList<>();
      List<double[]> oofLabels = new ArrayList<>();
      List<FoldMetrics> fm = new ArrayList<>();
      List<Integer> rounds = new ArrayList<>();
      for (int k = 0; k < s.cv().folds(); k++) {
        Column inFold = col(TrainingData.FOLD).equalTo(k);
        Dataset<Row> rest = cv.filter(not(inFold));
        NativeXgb.Fit fit = sparkFit(rest.filter(not(col(TrainingData.VALID))), rest.filter(col(TrainingData.VALID)),
            p, p.numRound());
        try {
          double[][] scored = FoldScores.of(cv.filter(inFold), fit);
          fm.add(FoldMetrics.of(BinaryMetrics.of(scored[0], scored[1]), s.cv().topFraction(), scored[2]));
          rounds.add(fit.bestRounds());
          oofScores.add(scored[0]);
          oofLabels.add(scored[1]);
        } finally {
          fit.booster().dispose();
        }
      }
      CrossValidation.Point point = new CrossValidation.Point(p, fm, rounds, (System.nanoTime() - t0) / 1e9);
      points.add(point);
      budget.finished(point.seconds());
      if (best == null || point.meanAuc() > best.meanAuc()) {
        best = point;
        bestOof = CrossValidation.OutOfFold.of(oofScores, oofLabels);
      }
    }
    // no fold models on the driver: out-of-fold scores of a static export need the native engine
    return new CrossValidation.Result(points, best, points.size() * s.cv().folds(), (System.nanoTime() - start) / 1e9,
        List.of(), bestOof);
  }

  @Override
  public NativeXgb.Fit fit(XgbParams p, Map<String, Object> booster, int rounds) {
    return sparkFit(train, null, p, rounds);
  }

  @Override
  public NativeXgb.Fit refit(XgbParams p, Map<String, Object> booster, int rounds, Rows holdoutRows) {
    return sparkFit(train.unionByName(holdoutFrame), null, p, rounds);
  }

  /**
   * One xgboost4j-spark fit; with {@code valid}, it stops early on that split's log loss. The booster is
   * copied out of the Spark model (whose wrapper frees the native one when collected).
   */
  private NativeXgb.Fit sparkFit(Dataset<Row> fitRows, Dataset<Row> valid, XgbParams p, int rounds) {
    XGBoostClassifier c = XgbFactory.classifier(p.withRounds(rounds), scalePosWeight, s.cv().seed(), workers);
    c.setEvalMetric("logloss");
    // a shuffle before the barrier stage: a union (the refit's training rows + holdout) whose partition count
    // happens to equal the worker count would otherwise sit inside the barrier stage, which Spark refuses
    c.setForceRepartition(true);
    if (valid != null) {
      c.setEvalDataset(valid);
      c.setNumEarlyStoppingRounds(s.cv().earlyStoppingRounds());
    }
    try {
      XGBoostClassificationModel m = c.fit(fitRows);
      Booster b = XGBoost.loadModel(m.nativeBooster().booster().toByteArray("ubj"));
      java.lang.ref.Reference.reachabilityFence(m);
      int best = rounds;
      String attr = b.getAttr("best_iteration");
      if (valid != null && attr != null) {
        best = Integer.parseInt(attr) + 1;
      }
      return new NativeXgb.Fit(b, best);
    } catch (ml.dmlc.xgboost4j.java.XGBoostError | java.io.IOException | RuntimeException e) {
      throw TrainingErrors.wrap("xgboost4j-spark training failed (" + workers + " workers, " + p.label() + ", "
          + rounds + " rounds): " + e.getMessage() + ". Every worker is a barrier task: the cluster must run "
          + workers + " tasks at once (lower leadscore.training.distributed.workers otherwise)", e);
    }
  }

  @Override
  public void close() {
    train.unpersist();
  }
}
