package io.leadscore.serving.store;

import static org.junit.jupiter.api.Assertions.*;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The columnar embedded store without Spark or files: hand-made kernel batches ({@link Vectors}) go in, and every
 * lead's view must equal the map the row-by-row reader ({@link DeltaReader#value}, nulls left out) made of the same
 * row: same keys, same Java types, same values bit for bit.
 */
class ColumnarStoreTest {
  static final LocalDate NIGHT = LocalDate.of(2026, 11, 24);

  /** Every column type the store narrows, in a fixed order. */
  static Map<String, DataType> schema() {
    Map<String, DataType> s = new LinkedHashMap<>();
    s.put("lead_id", StringType.STRING);
    s.put("as_of_date", DateType.DATE);
    s.put("counts", DoubleType.DOUBLE);
    s.put("big", DoubleType.DOUBLE);
    s.put("ratio", DoubleType.DOUBLE);
    s.put("halves", DoubleType.DOUBLE);
    s.put("odd", DoubleType.DOUBLE);
    s.put("single", FloatType.FLOAT);
    s.put("employees", LongType.LONG);
    s.put("huge", LongType.LONG);
    s.put("fold", IntegerType.INTEGER);
    s.put("small", ShortType.SHORT);
    s.put("flag", BooleanType.BOOLEAN);
    s.put("industry", StringType.STRING);
    s.put("at", TimestampType.TIMESTAMP);
    s.put("reasons", Vectors.strings());
    return s;
  }

  static final double[] ODD = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, 1e300, -3.5, Double.MIN_VALUE};
  static final String[] WORDS = {"", "retail", "media", "Zürich ☕", "Visited the pricing page 7 times"};

  static Map<String, Object> randomRow(Random r, int i) {
    Map<String, Object> m = new HashMap<>();
    m.put("lead_id", "L" + i);
    m.put("as_of_date", (int) NIGHT.toEpochDay());
    maybe(r, m, "counts", (double) r.nextInt(60));
    maybe(r, m, "big", (double) r.nextInt(2_000_000) - 1_000_000);
    maybe(r, m, "ratio", r.nextDouble());
    maybe(r, m, "halves", r.nextInt(100) / 4.0);
    maybe(r, m, "odd", ODD[r.nextInt(ODD.length)]);
    maybe(r, m, "single", r.nextFloat());
    maybe(r, m, "employees", (long) r.nextInt(5000));
    maybe(r, m, "huge", r.nextLong());
    maybe(r, m, "fold", r.nextInt(5));
    maybe(r, m, "small", (short) r.nextInt(300));
    maybe(r, m, "flag", r.nextBoolean());
    maybe(r, m, "industry", WORDS[r.nextInt(WORDS.length)]);
    maybe(r, m, "at", r.nextLong() / 1000);
    List<String> reasons = new ArrayList<>();
    for (int k = r.nextInt(4); k > 0; k--) {
      reasons.add(r.nextInt(10) == 0 ? null : WORDS[r.nextInt(WORDS.length)]);
    }
    maybe(r, m, "reasons", reasons);
    return m;
  }

  private static void maybe(Random r, Map<String, Object> m, String k, Object v) {
    if (r.nextInt(5) != 0) {
      m.put(k, v);
    }
  }

  /** What the row-by-row reader made of row i of the batch: each non-null cell as {@link DeltaReader#value}. */
  static Map<String, Object> rowReader(ColumnarBatch b, int i, Set<String> skip) {
    Map<String, Object> out = new HashMap<>();
    for (int c = 0; c < b.getSchema().length(); c++) {
      String name = b.getSchema().at(c).getName();
      Object v = DeltaReader.value(b.getColumnVector(c), i, b.getSchema().at(c).getDataType());
      if (v != null && !skip.contains(name)) {
        out.put(name, v);
      }
    }
    return out;
  }

  @Test
  void everyRowsViewEqualsTheMapTheRowReaderMadeOfIt() {
    Random r = new Random(26);
    List<Map<String, Object>> first = new ArrayList<>();
    List<Map<String, Object>> second = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      (i < 1700 ? first : second).add(randomRow(r, i));
    }
    ColumnarBatch a = Vectors.batch(schema(), first);
    ColumnarBatch b = Vectors.batch(schema(), second);
    // a deletion vector unselects every 7th row of the second file
    List<Boolean> keep = new ArrayList<>();
    for (int i = 0; i < second.size(); i++) {
      keep.add(i % 7 != 0);
    }
    ColumnVector selected = Vectors.of(BooleanType.BOOLEAN, keep);
    ColumnarTable.Builder builder = new ColumnarTable.Builder("lead_id", null);
    builder.add(a, null);
    builder.add(b, selected);
    ColumnarTable t = builder.build();

    assertEquals(first.size() + keep.stream().filter(k -> k).count(), t.size());
    for (int i = 0; i < first.size(); i++) {
      int row = t.row("L" + i);
      assertEquals(rowReader(a, i, Set.of("lead_id")), t.row(row, Set.of()), "row L" + i);
    }
    for (int i = 0; i < second.size(); i++) {
      String id = (String) second.get(i).get("lead_id");
      if (!keep.get(i)) {
        assertEquals(-1, t.row(id), id + " was deleted");
        continue;
      }
      assertEquals(rowReader(b, i, Set.of("lead_id")), t.row(t.row(id), Set.of()), "row " + id);
    }
    assertEquals(-1, t.row("L99999"));
    assertEquals(-1, t.row(null));
  }

  @Test
  void missingValuesStayMissingAndEveryDoubleComesBackBitForBit() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < ODD.length; i++) {
      rows.add(new HashMap<>(Map.of("lead_id", "L" + i, "odd", ODD[i], "counts", (double) i)));
    }
    rows.add(new HashMap<>(Map.of("lead_id", "Lnull")));
    ColumnarTable.Builder builder = new ColumnarTable.Builder("lead_id", null);
    builder.add(Vectors.batch(schema(), rows), null);
    ColumnarTable t = builder.build();
    for (int i = 0; i < ODD.length; i++) {
      Object v = t.row(t.row("L" + i), Set.of()).get("odd");
      assertEquals(Double.doubleToRawLongBits(ODD[i]), Double.doubleToRawLongBits((Double) v), "odd value " + ODD[i]);
      assertEquals((double) i, t.row(t.row("L" + i), Set.of()).get("counts"));
    }
    Map<String, Object> empty = t.row(t.row("Lnull"), Set.of());
    assertEquals(Map.of(), empty, "a row of nulls has no feature at all (the scorer sees each as missing)");
    assertNull(t.column("odd").get(t.row("Lnull")));
    // a column whose values are all small counts still answers Double, never Long or Integer
    assertEquals(Double.class, t.column("counts").get(0).getClass());
  }

  @Test
  void dictionaryStringsAndListsRoundTrip() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      Map<String, Object> m = new HashMap<>();
      m.put("lead_id", "L" + i);
      m.put("industry", WORDS[i % WORDS.length]);
      m.put("reasons", i % 3 == 0 ? null : i % 3 == 1 ? List.of() : Arrays.asList(WORDS[i % 5], null, "x" + i));
      rows.add(m);
    }
    ColumnarTable.Builder builder = new ColumnarTable.Builder("lead_id", null);
    builder.add(Vectors.batch(schema(), rows), null);
    ColumnarTable t = builder.build();
    for (int i = 0; i < rows.size(); i++) {
      int row = t.row("L" + i);
      assertEquals(WORDS[i % WORDS.length], t.column("industry").get(row));
      assertEquals(rows.get(i).get("reasons"), t.column("reasons").get(row), "reasons of L" + i);
    }
  }

  /** A night of features and scores, the way the row-by-row load built it and the way the columns hold it. */
  @Test
  void nightLeadsIsTheMapTheRowByRowLoadBuilt() {
    Map<String, DataType> fs = new LinkedHashMap<>();
    fs.put("lead_id", StringType.STRING);
    fs.put("as_of_date", DateType.DATE);
    fs.put("industry", DoubleType.DOUBLE);
    fs.put("industry_affinity", DoubleType.DOUBLE);
    fs.put("page_views_7d", DoubleType.DOUBLE);
    int day = (int) NIGHT.toEpochDay();
    List<Map<String, Object>> features = List.of(
        row("lead_id", "L1", "as_of_date", day, "industry", 3.0, "industry_affinity", 0.25, "page_views_7d", 1.0),
        row("lead_id", "L2", "as_of_date", day, "industry", 4.0, "industry_affinity", 0.5),
        row("lead_id", "L3", "as_of_date", day, "page_views_7d", 9.0),
        row("lead_id", "L1", "as_of_date", day, "industry", 3.0, "industry_affinity", 0.25, "page_views_7d", 7.0));
    Map<String, DataType> ss = new LinkedHashMap<>();
    ss.put("lead_id", StringType.STRING);
    ss.put("probability", DoubleType.DOUBLE);
    ss.put("score", IntegerType.INTEGER);
    ss.put("tier", StringType.STRING);
    ss.put("reasons", Vectors.strings());
    ss.put("model_name", StringType.STRING);
    ss.put("model_version", StringType.STRING);
    ss.put("arm", StringType.STRING);
    ss.put("action", StringType.STRING);
    ss.put("score_source", StringType.STRING);
    ss.put("score_fold", IntegerType.INTEGER);
    List<Map<String, Object>> scores = List.of(
        row("lead_id", "L1", "probability", 0.8123, "score", 81, "tier", "A", "reasons", List.of("Works in retail"),
            "model_name", "lead-score", "model_version", "3", "arm", "champion", "action", "call today"),
        row("lead_id", "L2", "probability", 0.05, "score", 5, "tier", "D", "reasons", List.of(),
            "model_name", "lead-score", "model_version", "3", "arm", "challenger", "score_source", "oof",
            "score_fold", 2));
    ColumnarBatch fb = Vectors.batch(fs, features);
    ColumnarBatch sb = Vectors.batch(ss, scores);
    NightLeads night = new NightLeads(table(fb), NIGHT, table(sb), NIGHT, Map.of("L3", "opted out"));

    Map<String, StoredLead> expected = new HashMap<>();
    Map<String, LeadScore> nightly = new HashMap<>();
    for (int i = 0; i < scores.size(); i++) {
      Map<String, Object> s = rowReader(sb, i, Set.of());
      nightly.put((String) s.get("lead_id"), Lakehouse.nightly(s, NIGHT));
    }
    for (int i = 0; i < features.size(); i++) {
      String id = (String) features.get(i).get("lead_id");
      expected.put(id, new StoredLead(id, rowReader(fb, i, Set.of("lead_id", "as_of_date")), NIGHT, nightly.get(id),
          "L3".equals(id) ? "opted out" : null));
    }
    assertEquals(expected, new HashMap<>(night), "same leads, features, scores and consent");
    assertEquals(3, night.size(), "L1 read twice is one lead");
    assertEquals(7.0, night.get("L1").features().get("page_views_7d"), "a later row of a lead wins, as put did");
    assertEquals(Set.of("L1", "L2", "L3"), night.keySet());
    assertTrue(night.containsKey("L2"));
    assertFalse(night.containsKey("L9"));
    assertNull(night.get("L9"));
    assertNull(night.get("L3").nightly());
    assertEquals("challenger", night.get("L2").nightly().model().arm());
    assertThrows(UnsupportedOperationException.class, () -> night.put("L9", night.get("L1")));

    NightSegments fromColumns = new NightSegments(night.features());
    NightSegments fromViews = new NightSegments(expected.values());
    for (double code : new double[] {3.0, 4.0, 5.0}) {
      assertEquals(fromViews.industryAffinity(code), fromColumns.industryAffinity(code), "industry " + code);
    }
    assertEquals(0.25, fromColumns.industryAffinity(3.0));
    assertNull(fromColumns.geographicOpportunity(1.0), "no country column: missing, as before");
  }

  @Test
  void refreshSwapsTheWholeNight() {
    LocalDate next = NIGHT.plusDays(1);
    Lakehouse.Night one = night(NIGHT, 1, "L1", "L2");
    Lakehouse.Night two = night(next, 2, "L2", "L3");
    AtomicReference<Lakehouse.Night> tables = new AtomicReference<>(one);
    EmbeddedStore store = new EmbeddedStore(new EmbeddedStore.Source() {
      @Override
      public Lakehouse.Versions versions() {
        return tables.get().versions();
      }

      @Override
      public Lakehouse.Night load() {
        return tables.get();
      }
    });
    StoredLead before = store.lead("L2").orElseThrow();
    assertFalse(store.refresh(), "same versions: nothing reloaded");
    assertEquals(0.1, store.segments().industryAffinity(1.0));

    tables.set(two);
    assertEquals(NIGHT, store.night().featureDate(), "the loaded night answers until a refresh");
    assertTrue(store.refresh());
    assertEquals(next, store.night().featureDate());
    assertTrue(store.lead("L1").isEmpty(), "a lead of the old night only is gone");
    assertEquals(next, store.lead("L3").orElseThrow().featureDate());
    assertEquals(next, store.lead("L2").orElseThrow().featureDate());
    assertEquals(0.2, store.segments().industryAffinity(1.0), "the segments were swapped with the leads");
    assertEquals(Set.of("L2", "L3"), store.leads(List.of("L1", "L2", "L3")).keySet());
    assertEquals(NIGHT, before.featureDate(), "a view taken before the swap stays the old night's");
  }

  private static Lakehouse.Night night(LocalDate date, int version, String... ids) {
    Map<String, DataType> fs = new LinkedHashMap<>();
    fs.put("lead_id", StringType.STRING);
    fs.put("industry", DoubleType.DOUBLE);
    fs.put("industry_affinity", DoubleType.DOUBLE);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String id : ids) {
      rows.add(row("lead_id", id, "industry", 1.0, "industry_affinity", version / 10.0));
    }
    return new Lakehouse.Night(new NightLeads(table(Vectors.batch(fs, rows)), date, ColumnarTable.empty(), null,
        Map.of()), date, new Lakehouse.Versions(version, version, -1));
  }

  private static ColumnarTable table(ColumnarBatch b) {
    ColumnarTable.Builder builder = new ColumnarTable.Builder("lead_id", null);
    builder.add(b, null);
    return builder.build();
  }

  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
