package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.ingest.IngestErrors;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.landing.FileScan;
import java.util.ArrayList;
import java.util.HashMap;
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
 * the 1-based row number is derived, {@code _parse_error} where a record could not be parsed at all
 * (malformed quotes, wrong field count, not a JSON object, undecodable bytes) and then {@code _raw_record},
 * the whole record as received. The CSV header comes from {@link FileScan}'s pass over the bytes.
 */
final class RawReader {
  static final String CORRUPT = "_corrupt_record";

  /** The raw rows and what the header told about schema drift. */
  record Raw(Dataset<Row> rows, List<String> newColumns, List<String> missingColumns, boolean empty) {}

  private RawReader() {}

  /**
   * @param spread the partitions a file read by fewer tasks (a gzip file) is spread over before its records
   *               are parsed, where the format allows it (JSON lines: parsing is most of the cost)
   */
  static Raw read(SparkSession spark, SourceMapping m, String path, FileScan.Facts facts, int spread) {
    return switch (m.format()) {
      case "csv" -> csv(spark, m, path, facts);
      case "jsonl" -> jsonLines(spark, m, path, facts, spread);
      case "parquet" -> parquet(spark, m, path);
      default -> throw IngestErrors.of("Unsupported format '%s' of source %s", m.format(), m.name());
    };
  }

  private static Raw csv(SparkSession spark, SourceMapping m, String path, FileScan.Facts facts) {
    java.nio.charset.Charset charset = facts.encoding().charset();
    var reader = spark.read()
        .option("header", "true")
        .option("sep", m.read().delimiter())
        .option("encoding", charset.name())
        .option("multiLine", Boolean.toString(m.read().multiline()))
        .option("escape", "\"")
        .option("mode", "PERMISSIVE");
    if (charset.name().startsWith("UTF-16")) {
      // Hadoop's line reader splits on the byte 0x0A; in UTF-16 the separator must be given in its encoding
      reader = reader.option("lineSep", "\n");
    }
    // the header from the independent pass: no Spark job just to read one line, and the same in any encoding
    String[] header = facts.counts().fields().toArray(new String[0]);
    if (header.length == 0) {
      return emptyFile(spark, m);
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < header.length; i++) {
      header[i] = header[i].replace("\uFEFF", "").replace("\r", "");
      names.add(header[i].trim());
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
    // an odd number of quotes: a quote left open at the end of the record (one record per line unless multiline)
    Column openQuote = size(split(col(CORRUPT), "\"")).mod(2).equalTo(0);
    Column parseError = when(col(CORRUPT).isNotNull(), when(openQuote,
            lit("malformed CSV record: a quote is left open at the end of the record" + (m.read().multiline() ? ""
                : " (multiline = false: one record per line)")))
        .otherwise(lit("malformed CSV record (quotes or field count)")));
    return project(m, path, names, byHeader, df, parseError, col(CORRUPT));
  }

  /**
   * Every top-level key of the file comes from the independent pass ({@link FileScan}: all lines, not a sample),
   * so a key first seen on any line is parsed, kept in bronze and reported as drift.
   */
  private static Raw jsonLines(SparkSession spark, SourceMapping m, String path, FileScan.Facts facts, int spread) {
    List<String> keys = facts.counts().fields();
    StructType schema = new StructType();
    Set<String> inSchema = new java.util.HashSet<>();
    for (SourceMapping.Column c : m.columns()) {
      schema = schema.add(c.from(), DataTypes.StringType, true);
      inSchema.add(c.from());
    }
    Map<String, String> lowered = new HashMap<>();
    inSchema.forEach(n -> lowered.put(n.toLowerCase(Locale.ROOT), n));
    for (String k : keys) {
      String twin = lowered.putIfAbsent(k.toLowerCase(Locale.ROOT), k);
      if (twin != null && !twin.equals(k)) {
        // Spark resolves fields without regard to case: the two could not be told apart
        throw IngestErrors.fileFailure("Export %s has the keys '%s' and '%s', which differ only in case; they "
            + "cannot be kept apart. Fix the export (one spelling per key)", path, twin, k);
      }
      if (inSchema.add(k)) {
        // read as text whatever its JSON type (an object or array keeps its JSON), like every raw column
        schema = schema.add(k, DataTypes.StringType, true);
      }
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    // the row numbers are fixed at the read (input partition and position); a gzip file is read by one task, so
    // its lines are spread over every core before they are parsed (hash of the position: no sort, unlike a
    // round-robin repartition)
    Dataset<Row> text = spark.read().text(path)
        .select(col("value"), spark_partition_id().as("_pid"), monotonically_increasing_id().as("_mid"));
    if (text.rdd().getNumPartitions() < spread) {
      text = text.repartition(spread, col("_mid"));
    }
    Dataset<Row> lines = text
        .withColumn("_j", from_json(col("value"), schema, Map.of("mode", "PERMISSIVE",
            "columnNameOfCorruptRecord", CORRUPT)));
    Map<String, Column> byField = new HashMap<>();
    for (String k : inSchema) {
      byField.put(k, col("_j").getField(k));
    }
    // from_json fills the corrupt-record field for malformed JSON, and yields null for a non-object line
    Column parseError = when(col("_j").isNull().or(col("_j").getField(CORRUPT).isNotNull())
            .or(not(ltrim(col("value")).startsWith("{"))),
        lit("not a JSON object"));
    if (facts.mayBeUndecodable()) {
      // decoding every line again is costly: only when the file has bytes beyond ASCII
      parseError = parseError.when(instr(decode(encode(col("value"), "UTF-8"), "UTF-8"), "\uFFFD").gt(0),
          lit("bytes that are not valid UTF-8"));
    }
    List<String> names = keys.isEmpty() ? m.columns().stream().map(SourceMapping.Column::from).toList() : keys;
    return project(m, path, names, byField, lines, parseError, when(parseError.isNotNull(), col("value")));
  }

  private static Raw parquet(SparkSession spark, SourceMapping m, String path) {
    Dataset<Row> df = spark.read().parquet(path);
    List<String> names = List.of(df.columns());
    Map<String, Column> byName = new HashMap<>();
    for (String n : names) {
      byName.put(n, col("`" + n + "`").cast("string"));
    }
    return project(m, path, names, byName, df, lit(null).cast("string"), lit(null).cast("string"));
  }

  /** Mapped columns by canonical name, unmapped ones (drift) by cleaned header; fails on missing required. */
  private static Raw project(SourceMapping m, String path, List<String> present, Map<String, Column> source,
                             Dataset<Row> df, Column parseError, Column rawRecord) {
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
      // the file fails, the other files still load
      throw IngestErrors.fileFailure("Export %s lacks required column(s) %s of source '%s'; its header "
          + "has %s. Fix the export, or map the columns under leadscore.sources.%s.columns (from = \"...\").",
          path, missingRequired, m.name(), present, m.name());
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
    // the whole record as received when it could not be parsed: bronze keeps it, nothing is cut
    cols.add(rawRecord.cast("string").as("_raw_record"));
    boolean numbered = List.of(df.columns()).contains("_mid");
    cols.add(numbered ? col("_pid") : spark_partition_id().as("_pid"));
    cols.add(numbered ? col("_mid") : monotonically_increasing_id().as("_mid"));
    return new Raw(df.select(cols.toArray(new Column[0])), added, missing, false);
  }

  private static Raw emptyFile(SparkSession spark, SourceMapping m) {
    StructType schema = new StructType();
    for (SourceMapping.Column c : m.columns()) {
      schema = schema.add(c.name(), DataTypes.StringType, true);
    }
    schema = schema.add("_parse_error", DataTypes.StringType, true).add("_raw_record", DataTypes.StringType, true)
        .add("_pid", DataTypes.IntegerType, false).add("_mid", DataTypes.LongType, false);
    return new Raw(spark.createDataFrame(List.of(), schema), List.of(), List.of(), true);
  }

  /** A header as a Delta-safe column name: lower case, runs of other characters as one underscore. */
  static String clean(String header) {
    String s = header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return s.isEmpty() ? "unnamed" : s;
  }
}
