package io.leadscore.cli;

import io.leadscore.cli.errors.UsageException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three output formats of sql/tables/runs, without Spark. */
class ResultWriterTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static List<ObjectNode> rows(String... json) throws Exception {
    return java.util.Arrays.stream(json).map(j -> {
      try {
        return (ObjectNode) JSON.readTree(j);
      } catch (Exception e) {
        throw new IllegalArgumentException(e);
      }
    }).toList();
  }

  static String write(ResultWriter.Format f, List<String> columns, List<ObjectNode> rows, int limit) {
    StringWriter w = new StringWriter();
    ResultWriter.write(f, columns, rows.iterator(), w, limit);
    return w.toString();
  }

  @Test
  void csvQuotesDelimitersQuotesAndLineBreaksAndLeavesNullEmpty() throws Exception {
    String csv = write(ResultWriter.Format.CSV, List.of("id", "text", "n"),
        rows("{\"id\":\"a\",\"text\":\"x, \\\"y\\\"\\nz\",\"n\":1}", "{\"id\":\"b\",\"text\":null,\"n\":2.5}"), 0);
    assertEquals("id,text,n\na,\"x, \"\"y\"\"\nz\",1\nb,,2.5\n", csv);
  }

  @Test
  void aTableShowsTheLimitAndSaysThereIsMoreAndCutsLongCellsButNotTheLastColumn() throws Exception {
    String longText = "r".repeat(80);
    String t = write(ResultWriter.Format.TABLE, List.of("a", "b"),
        rows("{\"a\":\"" + longText + "\",\"b\":\"" + longText + "\"}", "{\"a\":\"x\",\"b\":[1,2]}"), 1);
    List<String> lines = t.lines().toList();
    assertEquals(4, lines.size(), t);
    assertEquals("r".repeat(57) + "...  " + longText, lines.get(2));
    assertEquals("(first 1 rows shown: --limit N for more, --format csv --out FILE for all)", lines.get(3));
    String all = write(ResultWriter.Format.TABLE, List.of("a", "b"), rows("{\"a\":\"x\",\"b\":[1,2]}"), 5);
    assertEquals(List.of("a  b", "-  -----", "x  [1,2]", "(1 row)"), all.lines().toList());
  }

  @Test
  void jsonIsOneParsableArrayEvenWhenEmpty() throws Exception {
    String json = write(ResultWriter.Format.JSON, List.of("a"), rows("{\"a\":1}", "{\"a\":[\"x\"]}"), 0);
    assertEquals("[\n{\"a\":1},\n{\"a\":[\"x\"]}\n]\n", json);
    assertEquals(0, JSON.readTree(write(ResultWriter.Format.JSON, List.of("a"), List.of(), 0)).size());
  }

  @Test
  void anUnknownFormatIsAUsageError() {
    UsageException e = assertThrows(UsageException.class, () -> ResultWriter.Format.parse("xml"));
    assertEquals("--format 'xml' is not one of table, csv, json", e.getMessage());
  }
}
