package io.leadscore.features.ingest.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.features.LeadscoreException;
import io.leadscore.features.ingest.SourceMapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads an export as received: every mapped column as a string under its canonical name, unmapped
 * columns under a cleaned version of their header (schema drift), {@code _pid}/{@code _mid} from which
 * {@link Numbering} derives the 1-based row number, and {@code _parse_error} where a record could not
 * be parsed at all (malformed quotes, wrong field count, not a JSON object, undecodable bytes).
 */
final class RawReader {
  static final String CORRUPT = "_corrupt_record";
  /** JSON lines are checked for new fields on this many leading lines (a full scan would double the cost). */
  static final int DRIFT_SAMPLE_LINES = 10_000;

  /** The raw rows and what the header told about schema drift. */
  record Raw(Dataset<Row> rows, List<String> newColumns, List<String> missingColumns, boolean empty) {}

  /** The export lacks columns the mapping requires: the file fails, the other files still load. */
  static final class MissingColumns extends LeadscoreException {
    MissingColumns(String message) {
      super(message);
    }
  }

  private RawReader() {}

  static Raw read(SparkSession spark, SourceMapping m, String path) {
    return switch (m.format()) {
      case "csv" -> csv(spark, m, path);
      case "jsonl" -> jsonLines(spark, m, path);
      case "parquet" -> parquet(spark, m, path);
      default -> throw LeadscoreException.of("Unsupported format '%s' of source %s", m.format(), m.name());
    };
  }

  private static Raw csv(SparkSession spark, SourceMapping m, String path) {
    var reader = spark.read()
        .option("header", "true")
        .option("sep", m.read().delimiter())
        .option("encoding", m.read().encoding())
        .option("multiLine", Boolean.toString(m.read().multiline()))
        .option("escape", "\"")
        .option("mode", "PERMISSIVE");
    String[] header = reader.csv(path).columns();
    if (header.length == 0) {
      return emptyFile(spark, m);
    }
    List<String> names = new ArrayList<>();
    for (String h : header) {
      names.add(h.replace("\uFEFF", "").trim());
    }
    // the header's own names (Spark then has nothing to warn about), unless they repeat
    boolean unique = new java.util.HashSet<>(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList()).size()
        == names.size();
    StructType schema = new StructType();
    String[] positional = new String[header.length + 1];
    for (int i = 0; i < header.length; i++) {
      schema = schema.add(unique ? header[i] : "_c" + i, DataTypes.StringType, true);
      positional[i] = "_c" + i;
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    positional[header.length] = CORRUPT;
    Dataset<Row> df = reader.schema(schema).option("enforceSchema", "true")
        .option("columnNameOfCorruptRecord", CORRUPT).csv(path).toDF(positional);
    Map<String, Column> byHeader = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      byHeader.putIfAbsent(names.get(i), col("_c" + i));
    }
    Column parseError = when(col(CORRUPT).isNotNull(),
        concat(lit("malformed CSV record (quotes or field count): "), substring(col(CORRUPT), 1, 300)));
    return project(m, path, names, byHeader, df, parseError);
  }

  private static Raw jsonLines(SparkSession spark, SourceMapping m, String path) {
    StructType schema = new StructType();
    for (SourceMapping.Column c : m.columns()) {
      schema = schema.add(c.from(), DataTypes.StringType, true);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    Dataset<Row> lines = spark.read().text(path)
        .withColumn("_j", from_json(col("value"), schema, Map.of("mode", "PERMISSIVE",
            "columnNameOfCorruptRecord", CORRUPT)));
    Set<String> keys = new LinkedHashSet<>();
    for (Row r : lines.limit(DRIFT_SAMPLE_LINES)
        .select(explode(json_object_keys(col("value")))).distinct().collectAsList()) {
      keys.add(r.getString(0));
    }
    Map<String, Column> byField = new HashMap<>();
    for (String k : keys) {
      byField.put(k, col("_j").getField(k));
    }
    for (SourceMapping.Column c : m.columns()) {
      byField.putIfAbsent(c.from(), col("_j").getField(c.from()));
    }
    // from_json fills the corrupt-record field for malformed JSON, and yields null for a non-object line
    Column parseError = when(col("_j").isNull().or(col("_j").getField(CORRUPT).isNotNull())
            .or(not(ltrim(col("value")).startsWith("{"))),
        concat(lit("not a JSON object: "), substring(col("value"), 1, 300)))
        .when(instr(decode(encode(col("value"), "UTF-8"), "UTF-8"), "\uFFFD").gt(0),
            lit("bytes that are not valid UTF-8"));
    List<String> names = keys.isEmpty() ? m.columns().stream().map(SourceMapping.Column::from).toList()
        : new ArrayList<>(keys);
    return project(m, path, names, byField, lines, parseError);
  }

  private static Raw parquet(SparkSession spark, SourceMapping m, String path) {
    Dataset<Row> df = spark.read().parquet(path);
    List<String> names = List.of(df.columns());
    Map<String, Column> byName = new HashMap<>();
    for (String n : names) {
      byName.put(n, col("`" + n + "`").cast("string"));
    }
    return project(m, path, names, byName, df, lit(null).cast("string"));
  }

  /** Mapped columns by canonical name, unmapped ones (drift) by cleaned header; fails on missing required. */
  private static Raw project(SourceMapping m, String path, List<String> present, Map<String, Column> source,
                             Dataset<Row> df, Column parseError) {
    List<String> missingRequired = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<Column> cols = new ArrayList<>();
    Set<String> mapped = new java.util.HashSet<>();
    for (SourceMapping.Column c : m.columns()) {
      mapped.add(c.from());
      if (!source.containsKey(c.from()) || !present.contains(c.from())) {
        (c.required() ? missingRequired : missing).add(c.from());
        cols.add(lit(null).cast("string").as(c.name()));
      } else {
        cols.add(source.get(c.from()).cast("string").as(c.name()));
      }
    }
    if (!missingRequired.isEmpty()) {
      throw new MissingColumns(String.format("Export %s lacks required column(s) %s of source '%s'; its header "
          + "has %s. Fix the export, or map the columns under leadscore.sources.%s.columns (from = \"...\").",
          path, missingRequired, m.name(), present, m.name()));
    }
    Set<String> taken = new java.util.HashSet<>();
    m.columns().forEach(c -> taken.add(c.name()));
    List<String> added = new ArrayList<>();
    for (String h : present) {
      if (!mapped.contains(h) && source.containsKey(h)) {
        added.add(h);
        String clean = clean(h);
        while (!taken.add(clean)) {
          clean = "_extra_" + clean;
        }
        cols.add(source.get(h).cast("string").as(clean));
      }
    }
    cols.add(parseError.as("_parse_error"));
    cols.add(spark_partition_id().as("_pid"));
    cols.add(monotonically_increasing_id().as("_mid"));
    return new Raw(df.select(cols.toArray(new Column[0])), added, missing, false);
  }

  private static Raw emptyFile(SparkSession spark, SourceMapping m) {
    StructType schema = new StructType();
    for (SourceMapping.Column c : m.columns()) {
      schema = schema.add(c.name(), DataTypes.StringType, true);
    }
    schema = schema.add("_parse_error", DataTypes.StringType, true)
        .add("_pid", DataTypes.IntegerType, false).add("_mid", DataTypes.LongType, false);
    return new Raw(spark.createDataFrame(List.of(), schema), List.of(), List.of(), true);
  }

  /** A header as a Delta-safe column name: lower case, runs of other characters as one underscore. */
  static String clean(String header) {
    String s = header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return s.isEmpty() ? "unnamed" : s;
  }
}
