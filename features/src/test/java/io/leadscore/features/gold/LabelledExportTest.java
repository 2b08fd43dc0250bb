package io.leadscore.features.gold;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.features.gold.spark.FeatureJob;
import io.leadscore.features.gold.spark.LeakageGuard;
import io.leadscore.ingest.SourceMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The static labelled export path on the real X Education file (found through leadscore.shared.data; the
 * test is skipped where it is absent). The silver {@code leads} table is written here from the CSV with the
 * canonical column names, so this test does not depend on the export's ingestion.
 */
class LabelledExportTest {
  static final LocalDate DATE = LocalDate.of(2026, 11, 24);
  static final String[][] COLUMNS = {
      {"Prospect ID", "lead_id", "string"}, {"Lead Number", "lead_number", "int"},
      {"Lead Origin", "lead_origin", "string"}, {"Lead Source", "lead_source", "string"},
      {"Do Not Email", "do_not_email", "boolean"}, {"Do Not Call", "do_not_call", "boolean"},
      {"Converted", "converted", "int"}, {"TotalVisits", "total_visits", "int"},
      {"Total Time Spent on Website", "time_on_website", "int"}, {"Page Views Per Visit", "page_views_per_visit", "double"},
      {"Last Activity", "last_activity", "string"}, {"Country", "country", "string"},
      {"Specialization", "specialization", "string"}, {"How did you hear about X Education", "how_heard", "string"},
      {"What is your current occupation", "occupation", "string"},
      {"What matters most to you in choosing a course", "what_matters", "string"}, {"Search", "search", "boolean"},
      {"Magazine", "magazine", "boolean"}, {"Newspaper Article", "newspaper_article", "boolean"},
      {"X Education Forums", "x_education_forums", "boolean"}, {"Newspaper", "newspaper", "boolean"},
      {"Digital Advertisement", "digital_advertisement", "boolean"},
      {"Through Recommendations", "through_recommendations", "boolean"},
      {"Receive More Updates About Our Courses", "receive_more_updates", "boolean"}, {"Tags", "tags", "string"},
      {"Lead Quality", "lead_quality", "string"},
      {"Update me on Supply Chain Content", "update_supply_chain_content", "boolean"},
      {"Get updates on DM Content", "update_dm_content", "boolean"}, {"Lead Profile", "lead_profile", "string"},
      {"City", "city", "string"}, {"Asymmetrique Activity Index", "asymmetrique_activity_index", "string"},
      {"Asymmetrique Profile Index", "asymmetrique_profile_index", "string"},
      {"Asymmetrique Activity Score", "asymmetrique_activity_score", "int"},
      {"Asymmetrique Profile Score", "asymmetrique_profile_score", "int"},
      {"I agree to pay the amount through cheque", "pay_by_cheque", "boolean"},
      {"A free copy of Mastering The Interview", "free_copy", "boolean"},
      {"Last Notable Activity", "last_notable_activity", "string"}};
  static final List<String> LEAKING = List.of("tags", "lead_quality", "lead_profile", "last_activity",
      "last_notable_activity", "asymmetrique_activity_index", "asymmetrique_profile_index",
      "asymmetrique_activity_score", "asymmetrique_profile_score", "lead_number");

  @TempDir
  static Path dir;
  static Tables tables;
  static Path conf;

  @BeforeAll
  static void silver() throws Exception {
    Path csv = Path.of(System.getProperty("leadscore.shared.data", "../shared/data"), "leads", "Leads.csv");
    Assumptions.assumeTrue(Files.isRegularFile(csv), "needs the X Education export at " + csv);
    tables = Tables.at(dir.resolve("lakehouse").toString());
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> raw = spark.read().option("header", true).option("multiLine", true).csv(csv.toString());
    Column[] cols = new Column[COLUMNS.length];
    StringBuilder mapping = new StringBuilder();
    for (int i = 0; i < COLUMNS.length; i++) {
      Column c = when(col("`" + COLUMNS[i][0] + "`").equalTo("Select"), lit(null)).otherwise(col("`" + COLUMNS[i][0] + "`"));
      cols[i] = (COLUMNS[i][2].equals("boolean") ? c.equalTo("Yes") : c.cast(COLUMNS[i][2])).as(COLUMNS[i][1]);
      // the outcome declares its 0/1 range (the mapping's start-up check requires it of an int outcome)
      mapping.append(COLUMNS[i][1]).append(COLUMNS[i][1].equals("converted") ? " { type = int, min = 0, max = 1 }"
          : " = " + COLUMNS[i][2]).append('\n');
    }
    raw.select(cols).write().format("delta").mode(SaveMode.Overwrite).save(tables.path(Table.LEADS));
    conf = dir.resolve("xeducation.conf");
    Files.writeString(conf, "leadscore.storage.root = \"" + tables.root() + "\"\n"
        + "leadscore.ingest.sources = [xeducation]\n"
        + "leadscore.sources.xeducation { group = crm, file = \"Leads.csv\", format = csv, key = [lead_id],\n"
        + "  table = leads, outcome = converted, exclude_from_model = [" + String.join(", ", LEAKING) + "]\n"
        + "  columns {\n" + mapping + "  }\n}\n"
        + "leadscore.features.derived = [{ name = time_per_visit, expr = \"time_on_website / total_visits\" }]\n");
  }

  static FeatureJob.Result run(Map<String, String> overrides) {
    var config = LeadscoreConfig.load(conf, overrides);
    SourceMapping m = SourceMapping.labelled(config).orElseThrow();
    return new FeatureJob(SparkTestSession.get(), tables, FeatureCatalog.standard(), GoldSettings.from(config))
        .runLabelled(m, DATE);
  }

  /**
   * On the real file Tags alone reaches a single-feature AUC of about 0.92 (a third of the leads have no tag),
   * below the default threshold 0.95, while the best honest column stays near 0.70: the X Education
   * configuration therefore sets the threshold to 0.90.
   */
  @Test
  void includingTheLeakingColumnsRaisesTheAlarmNamingThem() {
    FeatureJob.Result r = run(Map.of("leadscore.features.include_excluded_columns", "true",
        "leadscore.features.leakage_auc_threshold", "0.90"));
    Map<String, Double> alarms = r.leakage().alarms();
    assertTrue(alarms.containsKey("tags"), "alarms: " + alarms + "; all: " + r.leakage().auc());
    for (String a : alarms.keySet()) {
      assertTrue(LEAKING.contains(a), a + " raised an alarm but is not a known leaking column: " + alarms);
    }
    assertEquals(alarms, LeakageGuard.read(tables).orElseThrow().alarms(), "persisted for training");
  }

  @Test
  void withoutThemThereIsNoAlarmAndTheCatalogueIsTheModelsInputs() {
    FeatureJob.Result r = run(Map.of("leadscore.features.leakage_auc_threshold", "0.90"));
    assertEquals(Map.of(), r.leakage().alarms(), "all: " + r.leakage().auc());
    var config = LeadscoreConfig.load(conf, Map.of());
    FeatureCatalog used = GoldFiles.catalogForRun(config, tables);
    assertEquals(r.catalogVersion(), used.version());
    for (String leaking : LEAKING) {
      assertFalse(used.names().contains(leaking), leaking);
    }
    assertFalse(used.names().contains("converted") || used.names().contains("lead_id"));
    assertTrue(used.names().containsAll(List.of("lead_origin", "do_not_email", "total_visits", "time_per_visit")));
    assertEquals(List.of("no", "yes"), used.get("do_not_email").levels());
    assertEquals("other", used.get("lead_source").levels().get(used.get("lead_source").levels().size() - 1));

    Dataset<Row> ts = SparkTestSession.get().read().format("delta").load(tables.path(Table.TRAINING_SET));
    Dataset<Row> silver = SparkTestSession.get().read().format("delta").load(tables.path(Table.LEADS));
    assertEquals(silver.count(), ts.count());
    assertEquals(silver.filter(col("converted").equalTo(1)).count(), ts.filter(col("label").equalTo(1.0)).count());
    Dataset<Row> features = SparkTestSession.get().read().format("delta").load(tables.path(Table.FEATURES));
    assertEquals(silver.filter(col("converted").equalTo(0)).count(), features.count(),
        "scoring gets the leads that have not converted");
    // a zero denominator is missing: no visits, no time per visit
    assertEquals(0, ts.filter(col("total_visits").equalTo(0).and(col("time_per_visit").isNotNull())).count());
    assertTrue(ts.filter(col("total_visits").equalTo(0)).count() > 0);

    // deterministic: the same export gives the same catalogue and the same rows
    Map<String, Row> first = byLead(ts);
    FeatureJob.Result again = run(Map.of("leadscore.features.leakage_auc_threshold", "0.90"));
    assertEquals(r.catalogVersion(), again.catalogVersion());
    assertEquals(first, byLead(SparkTestSession.get().read().format("delta").load(tables.path(Table.TRAINING_SET))));
  }

  static Map<String, Row> byLead(Dataset<Row> d) {
    Map<String, Row> out = new LinkedHashMap<>();
    d.collectAsList().forEach(r -> out.put(r.getAs("lead_id"), r));
    return out;
  }
}
