package io.leadscore.cli;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.features.gold.GoldSettings;
import io.leadscore.features.gold.spark.FeatureJob;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.training.TrainResult;
import io.leadscore.training.TrainingSettings;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.tracking.RunRecorder;
import io.leadscore.training.TrainSpec;
import io.leadscore.training.spark.TrainJob;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reproduction on the real X Education export (skipped where the file is absent): an honest nightly
 * makes a champion; the next nightly lets the leaking columns in with the single-feature alarm raised to
 * 0.99 (Tags alone is about 0.92, under it). The leaking model must not be promoted, and the decision says
 * why. The seed promoted it as "no comparable champion" because the feature lists differed.
 */
class XEducationPromotionTest {
  static final LocalDate DATE = LocalDate.parse(XEducationExport.DATE);

  @TempDir
  Path dir;

  @Test
  void leakingColumnsLetInAfterAnHonestNightlyAreNotPromoted() throws Exception {
    Path csv = XEducationExport.csvOrSkip();
    XEducationExport.Setup setup = XEducationExport.setUp(dir, "x", "xeducation.conf");
    Path conf = setup.conf();
    Tables tables = Tables.at(setup.lakehouse().toString());
    silver(csv, tables, LeadscoreConfig.load(conf, Map.of()));

    TrainResult honest = nightly(conf, tables, Map.of());
    assertTrue(honest.model().promoted(), honest.model().decision());

    TrainResult leaky = nightly(conf, tables, Map.of("leadscore.features.include_excluded_columns", "true",
        "leadscore.features.leakage_auc_threshold", "0.99"));
    System.err.println("X Education: honest " + honest.holdout().auc() + " " + honest.model().decision() + "; leaky "
        + leaky.holdout().auc() + " " + leaky.model().decision() + " alarms " + leaky.model().leakageAlarms());
    assertFalse(leaky.model().promoted(), leaky.model().decision());
    assertTrue(leaky.model().decision().startsWith("rejected: "), leaky.model().decision());
    assertTrue(leaky.model().decision().contains("max_auc_jump")
        || leaky.model().decision().contains("leakage alarm on"),
        leaky.model().decision());
    ModelRegistry r = ModelRegistry.local(tables.modelsDir());
    assertEquals(honest.model().version(), r.champion().orElseThrow().version());
    assertEquals(ModelRegistry.Status.REJECTED, r.status(leaky.model().version()));
  }

  static TrainResult nightly(Path conf, Tables tables, Map<String, String> overrides) {
    var config = LeadscoreConfig.load(conf, overrides);
    SourceMapping m = SourceMapping.labelled(config).orElseThrow();
    SparkSession spark = SparkTestSession.get();
    FeatureJob.Result f = new FeatureJob(spark, tables, FeatureCatalog.standard(), GoldSettings.from(config))
        .runLabelled(m, DATE);
    Map<String, String> o = new HashMap<>(overrides);
    // a small grid keeps the test short; the decision does not depend on it (the ensemble stays on, as configured)
    o.putAll(XEducationExport.SMALL_GRID);
    TrainingSettings s = TrainingSettings.from(LeadscoreConfig.load(conf, o));
    return new TrainJob(spark, tables, GoldFiles.catalogForRun(config, tables), ModelRegistry.local(tables.modelsDir()),
        RunRecorder.at(tables.runsDir(), Optional.empty())).withLeakageReport(f.leakage())
        .run(new TrainSpec(s, 30, DATE.toString(), "x"));
  }

  /** Silver leads from the CSV through the project's mapping (types, "Select" as missing), not its ingestion. */
  static void silver(Path csv, Tables tables, com.typesafe.config.Config config) {
    SourceMapping m = SourceMapping.labelled(config).orElseThrow();
    Dataset<Row> raw = SparkTestSession.get().read().option("header", true).option("multiLine", true)
        .csv(csv.toString());
    Column[] cols = m.columns().stream().map(c -> {
      Column v = when(col("`" + c.from() + "`").equalTo("Select"), lit(null)).otherwise(col("`" + c.from() + "`"));
      return (c.type().equals("boolean") ? v.equalTo("Yes") : v.cast(c.type())).as(c.name());
    }).toArray(Column[]::new);
    raw.select(cols).write().format("delta").mode(SaveMode.Overwrite).save(tables.path(Table.LEADS));
  }
}
