package io.leadscore.training.spark;

import static io.leadscore.training.spark.TrainJobTest.copyTrainingSet;
import static io.leadscore.training.spark.TrainJobTest.settings;
import static io.leadscore.training.spark.TrainJobTest.train;
import static org.apache.spark.sql.functions.max;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.gold.PipelineFixture;
import io.leadscore.training.TrainResult;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.tracking.RunRecorder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training's engine choice on {@link TrainJobTest}'s small generated lakehouse: auto trains natively when the rows fit
 * the driver and across executors when they do not; native with too little heap fails before collecting the rows.
 * A class of its own so that the training module's two test JVMs share the work.
 */
class TrainEngineTest {
  @TempDir
  static Path dir;
  static PipelineFixture fixture;
  static final SparkSession SPARK = SparkTestSession.get();

  @BeforeAll
  static void build() {
    fixture = PipelineFixture.shared(dir.resolve("lake"), 1500);
  }

  @Test
  void autoTrainsNativelyWhenTheRowsFitTheDriverAndAcrossExecutorsWhenTheHeapShareIsTiny() {
    Tables onDriver = Tables.at(dir.resolve("auto-native").toString());
    copyTrainingSet(fixture.tables, onDriver, false);
    TrainResult n = train(onDriver, settings(Map.of()), RunRecorder.at(onDriver.runsDir(), Optional.empty()));
    assertEquals("native", n.engine().name());
    assertEquals("full", n.engine().cvMode());
    assertTrue(n.engine().reason().startsWith("engine = auto: native, "), n.engine().reason());

    // the same rows with a driver-heap share far below their size: auto goes distributed (xgboost4j-spark);
    // its CV is cut to 80% of the leads and the first grid point (the native run's only one), and says so
    Tables onCluster = Tables.at(dir.resolve("auto-distributed").toString());
    copyTrainingSet(fixture.tables, onCluster, false);
    RunRecorder recorder = RunRecorder.at(onCluster.runsDir(), Optional.empty());
    TrainResult d = train(onCluster, settings(Map.of("leadscore.training.driver_heap_share", "0.000001",
        "leadscore.training.grid.max_depth", "3, 5", "leadscore.training.distributed.cv_fraction", "0.8",
        "leadscore.training.distributed.cv_max_grid_points", "1")), recorder);
    assertEquals("distributed", d.engine().name());
    assertTrue(d.engine().reason().startsWith("engine = auto: distributed, "), d.engine().reason());
    assertEquals("sample of 80% of training leads (hash), grid: first 1 of 2 points", d.engine().cvMode());
    assertEquals(n.data().trainRows(), d.data().trainRows());
    assertEquals(n.data().holdoutRows(), d.data().holdoutRows());
    assertEquals(3, d.cv().folds().size());
    assertEquals(1, d.cv().gridPoints());
    assertEquals(n.holdout().auc(), d.holdout().auc(), 0.02, "holdout AUC native vs distributed");
    assertEquals(n.cv().auc(), d.cv().auc(), 0.03, "CV AUC native vs distributed (CV on 80% of the leads)");
    assertTrue(d.model().promoted(), d.model().decision());
    java.util.Map<String, String> params = recorder.list().get(0).run().params();
    assertEquals("distributed", params.get("engine"));
    assertEquals("auto", params.get("engine_setting"));
    assertEquals(d.engine().cvMode(), params.get("cv_mode"));

    // the same model folder: scoring loads the deployed and the evaluated fit as xgboost4j-spark models
    String path = ModelRegistry.local(onCluster.modelsDir()).champion().orElseThrow().path();
    for (String fit : List.of("/xgboost", "/evaluated/xgboost")) {
      XGBoostClassificationModel m = (XGBoostClassificationModel) XGBoostClassificationModel.load(path + fit);
      List<Double> p = m.transform(FeatureVectors.assemble(
              SPARK.read().format("delta").load(fixture.tables.path(Table.FEATURES)).limit(50),
              FeatureCatalog.standard().names()))
          .select(FeatureVectors.positiveProbability()).as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList();
      assertEquals(50, p.size());
      assertTrue(p.stream().allMatch(x -> x > 0 && x < 1), fit);
    }
  }

  @Test
  void nativeWithTooLittleHeapFailsBeforeCollectingTheRowsAndNamesTheSizesAndTheWayOut() throws Exception {
    java.util.concurrent.atomic.AtomicLong fetched = new java.util.concurrent.atomic.AtomicLong();
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          fetched.addAndGet(end.taskMetrics().resultSize());
        }
      }
    };
    Tables tables = Tables.at(dir.resolve("native-small-heap").toString());
    copyTrainingSet(fixture.tables, tables, false);
    SPARK.sparkContext().listenerBus().waitUntilEmpty();
    SPARK.sparkContext().addSparkListener(listener);
    io.leadscore.core.LeadscoreException e;
    try {
      e = org.junit.jupiter.api.Assertions.assertThrows(io.leadscore.core.LeadscoreException.class,
          () -> train(tables, settings(Map.of("leadscore.training.engine", "native",
              "leadscore.training.driver_heap_share", "0.000001")), RunRecorder.at(tables.runsDir(), Optional.empty())));
      SPARK.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      SPARK.sparkContext().removeSparkListener(listener);
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Training needs about [0-9.]+ MiB of driver heap for "
        + "(\\d+) rows x (\\d+) features \\(20 bytes a cell with 3 folds\\), above "
        + "leadscore.training.driver_heap_share=1.0E-6 of the [0-9.]+ MiB max heap \\([0-9.]+ MiB\\): give the driver "
        + "more heap \\(spark-submit --driver-memory, or -Xmx\\), or set leadscore.training.engine = distributed "
        + "\\(or auto\\)").matcher(e.getMessage());
    assertTrue(m.matches(), e.getMessage());
    long rows = Long.parseLong(m.group(1));
    assertEquals(FeatureCatalog.standard().names().size(), Integer.parseInt(m.group(2)));
    // before failing, the driver received counts and table metadata only: not the rows (4 bytes a cell at least)
    long rowBytes = rows * Integer.parseInt(m.group(2)) * 4;
    assertTrue(fetched.get() < rowBytes / 4, "fetched " + fetched.get() + " bytes, the rows are " + rowBytes);
    assertFalse(ModelRegistry.local(tables.modelsDir()).champion().isPresent());
  }
}
