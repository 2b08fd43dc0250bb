package io.leadscore.features.gold.spark;

import static io.leadscore.core.Columns.AS_OF_DATE;
import static io.leadscore.core.Columns.LABEL;
import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import io.leadscore.features.FeaturesErrors;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.Catalogs;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.features.catalog.FeatureDefinitionBuilder;
import io.leadscore.features.catalog.FeatureDefinition.Type;
import io.leadscore.features.catalog.Recoding;
import io.leadscore.features.gold.GoldSettings;
import io.leadscore.ingest.SourceMapping;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Features of a static labelled export (e.g. X Education): one snapshot at the batch date, its mapped
 * columns (minus key, outcome, PII and {@code exclude_from_model} unless configured otherwise) plus the
 * configured derived features. Strings become categories whose levels are learned from the data
 * deterministically (frequency, then name; rare levels "other"); booleans are categories no/yes.
 */
public final class LabelledFeatures {
  private static final String OTHER = Recoding.LEVEL_OTHER;
  private static final List<String> NO_YES = List.of("no", "yes");

  private final SparkSession spark;
  private final Tables tables;
  private final SourceMapping mapping;
  private final GoldSettings settings;

  public LabelledFeatures(SparkSession spark, Tables tables, SourceMapping mapping, GoldSettings settings) {
    this.spark = spark;
    this.tables = tables;
    this.mapping = mapping;
    this.settings = settings;
  }

  public Dataset<Row> silver() {
    return spark.read().format("delta").load(tables.path(Table.silverOf(mapping.silver().table())));
  }

  /** The model's input columns of the export, before encoding. */
  List<SourceMapping.Column> inputs() {
    Set<String> out = new HashSet<>(mapping.keyColumns());
    out.add(mapping.silver().outcome());
    out.addAll(mapping.privacy().piiHash());
    out.addAll(mapping.privacy().piiDrop());
    if (!settings.includeExcludedColumns()) {
      out.addAll(mapping.privacy().excludeFromModel());
    }
    return mapping.columns().stream().filter(c -> !out.contains(c.name()) && !c.type().equals("timestamp")).toList();
  }

  /** Learns the catalogue from the silver table: deterministic for the same rows and settings. */
  public FeatureCatalog learnCatalog(Dataset<Row> silver) {
    List<FeatureDefinition> defs = new ArrayList<>();
    for (SourceMapping.Column c : inputs()) {
      String label = label(c.name());
      FeatureDefinitionBuilder b = FeatureDefinition.builder(c.name())
          .group(mapping.privacy().excludeFromModel().contains(c.name()) ? "export (excluded: leaks or PII)"
              : "export");
      switch (c.type()) {
        case "string" -> b.type(Type.CATEGORY).levels(levels(silver, c.name()))
            .describe(label + " from the export; levels by frequency, rare ones '" + OTHER + "'")
            .reasons(label + ": {value}", label + ": {value}");
        case "boolean" -> b.type(Type.CATEGORY).levels(NO_YES).describe(label + " (no/yes) from the export")
            .reasons(label + ": {value}", label + ": {value}");
        default -> b.type(Type.NUMBER).describe(label + " from the export")
            .reasons(label + " is {value}", label + " is only {value}");
      }
      defs.add(b.build());
    }
    for (GoldSettings.Derived d : settings.derived()) {
      defs.add(FeatureDefinition.builder(d.name()).group("derived").type(Type.NUMBER)
          .describe(d.description() + " (derived: " + d.expr() + ")")
          .reasons(label(d.name()) + " is {value}", label(d.name()) + " is only {value}").build());
    }
    String signature = mapping.name() + defs.stream().map(FeatureDefinition::signature)
        .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    return Catalogs.of(String.format("labelled-%s-%08x", mapping.name(), signature.hashCode()), defs);
  }

  /** lead_id, as_of_date, the catalogue's features, label (the outcome) and days_to_convert (null). */
  public Dataset<Row> build(Dataset<Row> silver, FeatureCatalog catalog, LocalDate date) {
    String key = mapping.keyColumns().get(0);
    List<Column> out = new ArrayList<>(List.of(col(key).cast("string").as(LEAD_ID),
        lit(Date.valueOf(date)).as(AS_OF_DATE)));
    for (FeatureDefinition f : catalog.features()) {
      Column c;
      if (f.group().equals("derived")) {
        String sql = settings.derived().stream().filter(d -> d.name().equals(f.name())).findFirst()
            .orElseThrow(() -> FeaturesErrors.of("Derived feature '%s' of the catalogue is not configured "
                + "under leadscore.features.derived any more: run `leadscore features` again", f.name())).expr();
        c = expr(sql);
      } else if (f.levels().equals(NO_YES) && isBoolean(f.name())) {
        c = when(col(f.name()).isNull(), lit(null)).when(col(f.name()), 1).otherwise(0);
      } else if (f.type() == Type.CATEGORY) {
        c = LevelEncoder.index(col(f.name()), f.levels());
      } else {
        c = col(f.name());
      }
      out.add(c.cast("double").as(f.name()));
    }
    out.add(label(mapping).as(LABEL));
    out.add(lit(null).cast("double").as("days_to_convert"));
    return silver.filter(col(key).isNotNull()).select(out.toArray(new Column[0]));
  }

  /**
   * The outcome as 1.0 / 0.0 (null when unknown): a boolean or 0/1 column as it is, a string column by its
   * {@code true_values} (the mapping's start-up check makes sure a string outcome declares them).
   */
  public static Column label(SourceMapping mapping) {
    SourceMapping.Column c = mapping.columns().stream().filter(x -> x.name().equals(mapping.silver().outcome()))
        .findFirst()
        .orElseThrow(() -> FeaturesErrors.of("Source '%s': outcome column '%s' is not mapped", mapping.name(),
            mapping.silver().outcome()));
    Column v = col(c.name());
    if (c.type().equals("string")) {
      List<String> yes = c.text().trueValues().stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).toList();
      return when(v.isNull(), lit(null).cast("double"))
          .when(lower(trim(v)).isin(yes.toArray()), lit(1.0)).otherwise(lit(0.0));
    }
    return v.cast("double");
  }

  private boolean isBoolean(String column) {
    return mapping.columns().stream().anyMatch(c -> c.name().equals(column) && c.type().equals("boolean"));
  }

  private List<String> levels(Dataset<Row> silver, String column) {
    List<String> levels = new ArrayList<>();
    for (Row r : silver.filter(col(column).isNotNull()).groupBy(column).count()
        .filter(col("count").geq(settings.minLevelCount()))
        .orderBy(col("count").desc(), col(column).asc()).limit(settings.maxLevels()).collectAsList()) {
      if (!r.getString(0).equals(OTHER)) {
        levels.add(r.getString(0));
      }
    }
    levels.add(OTHER); // rare and unseen values, at training and at scoring
    return levels;
  }

  static String label(String name) {
    String s = name.replace('_', ' ');
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
