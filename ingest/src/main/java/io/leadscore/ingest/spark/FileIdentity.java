package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.landing.FileScan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A file is identified by name + size + content checksum (bronze's {@code _source_file}, {@code _file_size},
 * {@code _file_checksum}): the same name with other content is a corrected re-delivery, not "already
 * ingested". Bronze written before checksums were recorded identifies by name alone.
 */
final class FileIdentity {
  private FileIdentity() {}

  /**
   * What bronze knows of a file name.
   *
   * @param ingested the recorded name under which this exact content was ingested, else null
   * @param earlier  recorded names of other content delivered under the same name
   */
  record Seen(String ingested, List<String> earlier) {}

  static Seen lookup(SparkSession spark, String bronzePath, String name, String sha256) {
    if (!DeltaTable.isDeltaTable(spark, bronzePath)) {
      return new Seen(null, List.of());
    }
    Dataset<Row> bronze = spark.read().format("delta").load(bronzePath);
    boolean hasChecksum = Arrays.asList(bronze.columns()).contains("_file_checksum");
    Dataset<Row> same = bronze.filter(col("_source_file").equalTo(name)
        .or(col("_source_file").startsWith(name + "#")));
    List<Row> seen = (hasChecksum ? same.select(col("_source_file"), col("_file_checksum"))
        : same.select(col("_source_file"), org.apache.spark.sql.functions.lit(null).cast("string")))
        .distinct().collectAsList();
    List<String> earlier = new ArrayList<>();
    for (Row r : seen) {
      if (r.isNullAt(1) || sha256.equals(r.getString(1))) {
        return new Seen(r.getString(0), List.of());
      }
      earlier.add(r.getString(0));
    }
    earlier.sort(null);
    return new Seen(null, earlier);
  }

  /** Where the parser's and the independent count most likely part: the first record spanning lines. */
  static String whereTheyDisagree(FileScan.Facts facts, SourceMapping m) {
    if (facts.counts() == null) {
      return "(Parquet: the footer's row count)";
    }
    if (!facts.counts().openQuote().isEmpty()) {
      return "from " + facts.counts().openQuote().get(0) + " on, where a quote is left open";
    }
    if (!facts.counts().overlong().isEmpty()) {
      return "from " + facts.counts().overlong().get(0) + " on";
    }
    return "somewhere in its " + facts.counts().lines() + " lines (no record spans lines: check for bytes the "
        + "parser treats as line breaks, e.g. a lone carriage return, or an encoding other than "
        + m.read().encoding() + ")";
  }
}
