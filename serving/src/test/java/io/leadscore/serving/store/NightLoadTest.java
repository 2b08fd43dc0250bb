package io.leadscore.serving.store;

import static org.junit.jupiter.api.Assertions.*;

import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How a night is loaded fast, without Spark or files: columns sealed chunk by chunk, text read as its bytes, a
 * night's files read apart and joined, and the scores tied to their leads' features rows. Each must give exactly
 * what the row-by-row reader gave.
 */
class NightLoadTest {
  static final LocalDate NIGHT = LocalDate.of(2026, 12, 6);

  @Test
  void columnsSealedChunkByChunkGiveEveryValueBackBitForBit() {
    Map<String, DataType> schema = new LinkedHashMap<>();
    schema.put("lead_id", StringType.STRING);
    schema.put("mixed", DoubleType.DOUBLE);
    schema.put("wide", LongType.LONG);
    schema.put("fold", IntegerType.INTEGER);
    int n = 3 * NumberColumns.CHUNK + 17;
    Random r = new Random(7);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> m = new java.util.HashMap<>();
      m.put("lead_id", "L" + i);
      int chunk = i / NumberColumns.CHUNK;
      // each chunk narrows differently: small counts, floats, any double, values only a long holds
      double d = chunk == 0 ? r.nextInt(100) : chunk == 1 ? r.nextFloat() : chunk == 2 ? r.nextGaussian()
          : (double) (1L << 40) + i;
      if (i % 11 != 0) {
        m.put("mixed", i == 5 ? -0.0 : d);
      }
      if (i % 13 != 0) {
        m.put("wide", chunk == 3 ? r.nextLong() : (long) r.nextInt(200));
      }
      m.put("fold", i % 5);
      rows.add(m);
    }
    ColumnarBatch b = Vectors.batch(schema, rows);
    ColumnarTable.Builder builder = new ColumnarTable.Builder("lead_id", null);
    builder.add(b, null);
    ColumnarTable t = builder.build();
    assertEquals(n, t.size());
    for (int i = 0; i < n; i++) {
      Map<String, Object> expected = ColumnarStoreTest.rowReader(b, i, Set.of("lead_id"));
      Map<String, Object> got = t.row(t.row("L" + i), Set.of());
      assertEquals(expected, got, "row L" + i);
      if (expected.get("mixed") != null) {
        assertEquals(Double.doubleToRawLongBits((Double) expected.get("mixed")),
            Double.doubleToRawLongBits((Double) got.get("mixed")), "row L" + i + " bit for bit");
      }
    }
  }

  @Test
  void textReadAsBytesIsTheTextTheStringReaderGave() {
    Map<String, DataType> text = new LinkedHashMap<>();
    text.put("lead_id", StringType.STRING);
    text.put("industry", StringType.STRING);
    text.put("reasons", Vectors.strings());
    Map<String, DataType> bytes = new LinkedHashMap<>();
    bytes.put("lead_id", BinaryType.BINARY);
    bytes.put("industry", BinaryType.BINARY);
    bytes.put("reasons", new ArrayType(BinaryType.BINARY, true));
    List<Map<String, Object>> rows = new ArrayList<>();
    // enough distinct values to grow the dictionary's table several times, and text that is not ASCII
    for (int i = 0; i < 6000; i++) {
      Map<String, Object> m = new java.util.HashMap<>();
      m.put("lead_id", i == 3 ? "Lé☕3" : "L" + i);
      if (i % 7 != 0) {
        m.put("industry", i % 3 == 0 ? "Zürich ☕" : i % 3 == 1 ? "" : "industry " + (i % 2500));
      }
      m.put("reasons", i % 5 == 0 ? null : java.util.Arrays.asList("reason " + (i % 100), null, "Zürich ☕"));
      rows.add(m);
    }
    ColumnarBatch asText = Vectors.batch(text, rows);
    ColumnarTable.Builder builder = new ColumnarTable.Builder("lead_id", null);
    builder.add(Vectors.batch(bytes, rows), null);
    ColumnarTable t = builder.build();
    for (int i = 0; i < rows.size(); i++) {
      String id = (String) rows.get(i).get("lead_id");
      assertEquals(ColumnarStoreTest.rowReader(asText, i, Set.of("lead_id")), t.row(t.row(id), Set.of()), id);
    }
    assertEquals("Lé☕3", t.id(3));
  }

  @Test
  void onlyTextIsReadAsBytes() {
    StructType schema = new StructType().add("lead_id", StringType.STRING).add("p", DoubleType.DOUBLE)
        .add("reasons", new ArrayType(StringType.STRING, true)).add("folds", new ArrayType(IntegerType.INTEGER,
            false));
    StructType read = KernelValues.textAsBytes(schema);
    assertEquals(new StructType().add("lead_id", BinaryType.BINARY).add("p", DoubleType.DOUBLE)
        .add("reasons", new ArrayType(BinaryType.BINARY, true)).add("folds", new ArrayType(IntegerType.INTEGER,
            false)), read);
    assertFalse(KernelValues.holdsBinary(schema.get("reasons").getDataType()));
    assertTrue(KernelValues.holdsBinary(read.get("reasons").getDataType()), "a table with binary columns of its"
        + " own keeps its text as text: bytes would be ambiguous");
  }

  @Test
  void filesReadApartJoinInTheirOrderAndALaterRowOfALeadWins() {
    Map<String, DataType> fs = new LinkedHashMap<>();
    fs.put("lead_id", StringType.STRING);
    fs.put("x", DoubleType.DOUBLE);
    ColumnarTable one = part(fs, List.of(row("L1", 1.0), row("L2", 2.0)));
    ColumnarTable two = part(fs, List.of(row("L3", 3.0), row("L1", 4.0)));
    ColumnarTable empty = new ColumnarTable.Builder("lead_id", null, false).build();
    ColumnarTable t = ColumnarTable.concat("2026-12-06", true, List.of(one, empty, two));
    assertEquals(4, t.size());
    assertEquals(3, t.distinct(), "L1 is in both files");
    assertEquals("2026-12-06", t.partition());
    assertEquals(List.of("L1", "L2", "L3", "L1"), List.of(t.id(0), t.id(1), t.id(2), t.id(3)));
    assertEquals(3, t.row("L1"), "the later file's row");
    assertEquals(4.0, t.column("x").get(t.row("L1")));
    assertEquals(2.0, t.column("x").get(t.row("L2")));
    assertEquals(3.0, t.column("x").get(t.row("L3")));
    assertEquals(-1, t.row("L9"));
    assertEquals(-1, one.row("L1"), "a part is not indexed");
    assertNull(ColumnarTable.concat(null, true, List.of(empty)).partition(), "no rows at all: no night");
  }

  @Test
  void scoresAreTiedToTheirLeadsRowsAndTheTierRuleGetsEveryScoredRow() {
    Map<String, DataType> fs = new LinkedHashMap<>();
    fs.put("lead_id", StringType.STRING);
    fs.put("x", DoubleType.DOUBLE);
    Map<String, DataType> ss = new LinkedHashMap<>();
    ss.put("lead_id", StringType.STRING);
    ss.put("probability", DoubleType.DOUBLE);
    ss.put("score", IntegerType.INTEGER);
    ss.put("arm", StringType.STRING);
    ss.put("model_version", StringType.STRING);
    ColumnarTable features = ColumnarTable.concat("2026-12-06", true, List.of(part(fs, List.of(row("L1", 1.0),
        row("L2", 2.0), row("L1", 5.0)))));
    ColumnarTable scores = ColumnarTable.concat("2026-12-06", false, List.of(
        part(ss, List.of(score("L2", 0.2, "champion", "3"), score("L9", 0.9, "champion", "3"))),
        part(ss, List.of(score("L1", 0.1, "challenger", "4"), score("L2", 0.3, "champion", "3")))));
    NightLeads night = new NightLeads(features, NIGHT, scores, NIGHT, Map.of());
    assertEquals(2, night.size());
    assertEquals(0.3, night.get("L2").nightly().probability(), "a lead scored twice keeps its later row");
    assertEquals(0.1, night.get("L1").nightly().probability());
    assertEquals("challenger", night.get("L1").nightly().model().arm());
    assertEquals(5.0, night.get("L1").features().get("x"));
    assertNull(night.get("L9"), "a score without features is no lead");

    Lakehouse.NightScores tiers = night.nightScores();
    assertEquals(NIGHT, tiers.date());
    assertArrayEquals(new double[] {0.2, 0.9, 0.1, 0.3}, tiers.probabilities(), "every scored row, in read order");
    assertEquals(Map.of("champion", "3", "challenger", "4"), tiers.versions());
    assertNull(new NightLeads(features, NIGHT, ColumnarTable.empty(), null, Map.of()).nightScores(),
        "nothing scored: the tier rule reads the table");
  }

  private static ColumnarTable part(Map<String, DataType> schema, List<Map<String, Object>> rows) {
    ColumnarTable.Builder b = new ColumnarTable.Builder("lead_id", null, false);
    b.add(Vectors.batch(schema, rows), null);
    return b.build();
  }

  private static Map<String, Object> row(String id, double x) {
    return new java.util.HashMap<>(Map.of("lead_id", id, "x", x));
  }

  private static Map<String, Object> score(String id, double p, String arm, String version) {
    return new java.util.HashMap<>(Map.of("lead_id", id, "probability", p, "score", (int) (p * 100), "arm", arm,
        "model_version", version));
  }
}
