package io.leadscore.features.gold.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The preferred hour, summed with the measures in one pass: most touches before D, the earliest hour on ties. */
class ActivityAsOfTest {
  private static Row day(String lead, String day, int... hourAndN) {
    List<Row> hours = new ArrayList<>();
    for (int i = 0; i < hourAndN.length; i += 2) {
      hours.add(RowFactory.create(hourAndN[i], (long) hourAndN[i + 1]));
    }
    List<Object> v = new ArrayList<>();
    for (String name : DailyActivity.SCHEMA.fieldNames()) {
      switch (name) {
        case "lead_id" -> v.add(lead);
        case "day" -> v.add(Date.valueOf(day));
        case "first_ts", "last_ts" -> v.add(Timestamp.valueOf(day + " 12:00:00"));
        case "hours" -> v.add(hours);
        case "_through" -> v.add(Timestamp.valueOf("2026-07-01 00:00:00"));
        default -> v.add(1.0);
      }
    }
    return RowFactory.create(v.toArray());
  }

  @Test
  void theHourWithMostTouchesBeforeDWinsAndTheEarliestOnTies() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> days = spark.createDataFrame(List.of(
        day("A", "2026-06-01", 9, 2, 14, 1), day("A", "2026-06-02", 14, 2), // 14h: 3 touches, 9h: 2
        day("A", "2026-06-10", 9, 5),                                        // on D: not counted
        day("B", "2026-06-01", 8, 2, 16, 2),                                 // a tie: 8h, the earlier
        day("C", "2026-06-03")), DailyActivity.SCHEMA).drop("_through");     // no hour recorded
    Dataset<Row> leads = spark.createDataFrame(List.of(RowFactory.create("A", Date.valueOf("2026-06-10")),
            RowFactory.create("B", Date.valueOf("2026-06-10")), RowFactory.create("C", Date.valueOf("2026-06-10"))),
        new StructType().add("lead_id", DataTypes.StringType).add("as_of_date", DataTypes.DateType));
    Map<String, Object> preferred = new TreeMap<>();
    Map<String, Object> views = new TreeMap<>();
    for (Row r : ActivityAsOf.of(leads, days).collectAsList()) {
      preferred.put(r.getAs("lead_id"), r.getAs("_preferred_hour"));
      views.put(r.getAs("lead_id"), r.getAs("all_views"));
    }
    Map<String, Object> expected = new TreeMap<>();
    expected.put("A", 14);
    expected.put("B", 8);
    expected.put("C", null);
    assertEquals(expected, preferred);
    assertEquals(Map.of("A", 2.0, "B", 1.0, "C", 1.0), views, "the measures of the days before D, summed alongside");
  }
}
