package io.leadscore.cli;

import io.leadscore.cli.errors.UsageException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Writes rows (JSON objects, one per row, columns in order) as an aligned text table, CSV or a JSON
 * array. Plain Java, so `sql`, `tables` and `runs` print the same way and it is tested without Spark.
 * Rows are streamed: CSV and JSON never hold the whole result in memory.
 */
final class ResultWriter {
  /** Output formats of the query commands. */
  enum Format {
    TABLE, CSV, JSON;

    static Format parse(String s) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--format '" + s + "' is not one of table, csv, json");
      }
    }
  }

  /** A table cell longer than this is cut (except in the last column), so one long reason text does not make the table unreadable. */
  static final int MAX_CELL = 60;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultWriter() {}

  /**
   * Writes {@code rows} in {@code format}; a table shows at most {@code tableLimit} rows and says how many
   * more there were. Returns the number of rows written.
   */
  static long write(Format format, List<String> columns, Iterator<ObjectNode> rows, Writer out, int tableLimit) {
    try {
      return switch (format) {
        case TABLE -> table(columns, rows, out, tableLimit);
        case CSV -> csv(columns, rows, out);
        case JSON -> json(rows, out);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long json(Iterator<ObjectNode> rows, Writer out) throws IOException {
    // one row per line: readable, and still one JSON document (pandas: pd.DataFrame(json.loads(text)))
    out.write("[");
    long n = 0;
    while (rows.hasNext()) {
      out.write(n == 0 ? "\n" : ",\n");
      out.write(JSON.writeValueAsString(rows.next()));
      n++;
    }
    out.write("\n]\n");
    out.flush();
    return n;
  }

  private static long csv(List<String> columns, Iterator<ObjectNode> rows, Writer out) throws IOException {
    out.write(csvLine(columns));
    long n = 0;
    while (rows.hasNext()) {
      ObjectNode row = rows.next();
      List<String> cells = new ArrayList<>(columns.size());
      for (String c : columns) {
        cells.add(cell(row.get(c)));
      }
      out.write(csvLine(cells));
      n++;
    }
    out.flush();
    return n;
  }

  private static long table(List<String> columns, Iterator<ObjectNode> rows, Writer out, int limit) throws IOException {
    List<List<String>> shown = new ArrayList<>();
    boolean more = false;
    while (rows.hasNext()) {
      ObjectNode row = rows.next();
      if (shown.size() == limit) {
        more = true;
        break;
      }
      List<String> cells = new ArrayList<>(columns.size());
      for (int i = 0; i < columns.size(); i++) {
        String v = cell(row.get(columns.get(i))).replace('\n', ' ');
        // the last column is not padded, so it stays whole
        boolean cut = v.length() > MAX_CELL && i < columns.size() - 1;
        cells.add(cut ? v.substring(0, MAX_CELL - 3) + "..." : v);
      }
      shown.add(cells);
    }
    int[] width = new int[columns.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = columns.get(i).length();
      for (List<String> r : shown) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    out.write(line(columns, width));
    List<String> rules = new ArrayList<>();
    for (int w : width) {
      rules.add("-".repeat(w));
    }
    out.write(line(rules, width));
    for (List<String> r : shown) {
      out.write(line(r, width));
    }
    out.write(more
        ? "(first " + limit + " rows shown: --limit N for more, --format csv --out FILE for all)\n"
        : "(" + shown.size() + (shown.size() == 1 ? " row)\n" : " rows)\n"));
    out.flush();
    return shown.size();
  }

  private static String line(List<String> cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append("  ");
      }
      b.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + width[i] + "s", cells.get(i)));
    }
    return b.toString().stripTrailing() + "\n";
  }

  /** A cell as text: null is empty, scalars as they are, arrays/objects as compact JSON. */
  static String cell(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "";
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  /** RFC 4180: quote a field holding the delimiter, a quote or a line break; double inner quotes. */
  static String csvLine(List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String c = cells.get(i);
      if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
        b.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        b.append(c);
      }
    }
    return b.append('\n').toString();
  }
}
