package io.leadscore.ingest.privacy.spark;

import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.SourceMapping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The tables an erasure looks at, found through the catalog ({@link Tables}): every Delta table under the
 * storage root with a {@code lead_id} column, and quarantine (matched through the bronze rows of the lead).
 * Each table is opened once; its rows about the leads are counted in one Spark job for all tables, and its
 * history on disk (files the current version no longer references) is searched only where there is any.
 */
final class EraseTargets {
  static final String ID = LeadEraser.ID;

  /**
   * A table to erase from: {@code on} matches its rows ({@code t}) to the rows of the source ({@code s}), which
   * carries the lead id as {@code _erase_id}; {@code history} is its unreferenced files (null: none).
   */
  record Target(Table table, String path, String on, Dataset<Row> current, Dataset<Row> history) {
    String name() {
      return table.tableName();
    }
  }

  private final SparkSession spark;
  private final List<SourceMapping> sources;
  final List<Target> targets = new ArrayList<>();
  private Target quarantine;
  private final List<Target> bronze = new ArrayList<>();

  EraseTargets(SparkSession spark, Tables tables, List<SourceMapping> sources) {
    this.spark = spark;
    this.sources = List.copyOf(sources);
    for (Table table : Table.values()) {
      String path = tables.path(table);
      if (!DeltaTable.isDeltaTable(spark, path)) {
        continue;
      }
      Dataset<Row> current = spark.read().format("delta").load(path);
      boolean quarantined = table == Table.QUARANTINE;
      if (!quarantined && !Arrays.asList(current.columns()).contains(LEAD_ID)) {
        continue;
      }
      Target t = new Target(table, path, quarantined
          ? "t.source_file = s._source_file AND t.row_number = s._row_number" : leadMatch(table),
          current, TableHistory.unreferencedRows(spark, path));
      if (quarantined) {
        quarantine = t;
      } else {
        targets.add(t);
      }
      if (table.layer().equals("bronze")) {
        bronze.add(t);
      }
    }
    if (quarantine != null && !bronze.isEmpty()) {
      targets.add(0, quarantine); // first: it is matched through bronze, which a rerun must still find
    }
  }

  /** The rows a target's {@code on} condition is matched against. */
  Dataset<Row> source(Target t, Dataset<Row> ids) {
    return t == quarantine ? bronzeRows(ids) : ids;
  }

  /** Rows per table and lead in the current versions: one Spark job for every table. */
  Map<String, Map<String, Long>> count(Dataset<Row> ids) {
    Dataset<Row> all = null;
    for (Target t : targets) {
      Dataset<Row> c = t.current().as("t").join(broadcast(source(t, ids).as("s")), expr(t.on()))
          .groupBy(col("s." + ID).as("_lead")).count().withColumn("_table", lit(t.name()));
      all = all == null ? c : all.unionByName(c);
    }
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    if (all != null) {
      for (Row r : all.collectAsList()) {
        out.computeIfAbsent(r.getString(2), k -> new TreeMap<>()).put(r.getString(0), r.getLong(1));
      }
    }
    return out;
  }

  /** Tables whose unreferenced files (older versions) still hold a lead: one Spark job, only over such files. */
  Set<String> historyHolders(Dataset<Row> ids) {
    Dataset<Row> all = null;
    for (Target t : targets) {
      if (t.history() == null) {
        continue;
      }
      Dataset<Row> h = t.history().as("t").join(broadcast(source(t, ids).as("s")), expr(t.on()), "left_semi")
          .limit(1).select(lit(t.name()).as("_table"));
      all = all == null ? h : all.unionByName(h);
    }
    Set<String> out = new HashSet<>();
    if (all != null) {
      all.collectAsList().forEach(r -> out.add(r.getString(0)));
    }
    return out;
  }

  /**
   * The lead's bronze rows as (lead, source file, row number), from the current versions and from the files of
   * older ones: a rerun after a crash between the bronze delete and the VACUUM still finds its quarantine rows.
   */
  private Dataset<Row> bronzeRows(Dataset<Row> ids) {
    Dataset<Row> rows = null;
    for (Target b : bronze) {
      for (Dataset<Row> d : b.history() == null ? List.of(b.current()) : List.of(b.current(), b.history())) {
        Dataset<Row> r = d.as("t").join(broadcast(ids.as("s")), expr(b.on()))
            .select(col("s." + ID).as(ID), col("t._source_file").as("_source_file"),
                col("t._row_number").as("_row_number"));
        rows = rows == null ? r : rows.unionByName(r);
      }
    }
    return rows.distinct();
  }

  /** The lead-id condition of a table; bronze ids are raw text, compared after the mapping's normalisation. */
  String leadMatch(Table table) {
    if (!table.layer().equals("bronze")) {
      return "t.lead_id = s." + ID;
    }
    List<String> forms = new ArrayList<>();
    for (SourceMapping m : sources) {
      if (Table.bronzeOf(m.silver().table()) == table) {
        m.column(LEAD_ID).ifPresent(c -> forms.add(normalised("t.lead_id", c.text().normalise())));
      }
    }
    if (forms.isEmpty()) {
      forms.add("trim(t.lead_id)");
    }
    return forms.stream().distinct().map(f -> f + " = s." + ID).reduce((a, b) -> "(" + a + " OR " + b + ")")
        .orElseThrow();
  }

  static String normalised(String column, List<String> steps) {
    String v = column;
    for (String step : steps) {
      v = step + "(" + v + ")"; // trim, lower, upper: Spark SQL functions of the same name
    }
    return v;
  }
}
