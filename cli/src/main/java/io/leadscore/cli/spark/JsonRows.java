package io.leadscore.cli.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A query result as JSON objects, one per row, streamed partition by partition to the driver.
 * Spark's own {@code Row.json} does the typing (dates, timestamps, arrays of reasons, maps), so every
 * output format shows the same values.
 */
public final class JsonRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonRows() {}

  public static List<String> columns(Dataset<Row> df) {
    return Arrays.asList(df.columns());
  }

  public static Iterator<ObjectNode> of(Dataset<Row> df) {
    Iterator<Row> rows = df.toLocalIterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public ObjectNode next() {
        try {
          return (ObjectNode) JSON.readTree(rows.next().json());
        } catch (JsonProcessingException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
