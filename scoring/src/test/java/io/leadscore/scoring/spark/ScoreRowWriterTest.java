package io.leadscore.scoring.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.leadscore.models.score.BatchScorer;
import io.leadscore.models.score.ScoringModel;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * The scoring partitions write their rows with {@link ScoreRowWriter}; these must be the very bytes the earlier
 * path made (a generic row of boxed values through Spark's {@code UnsafeProjection} of the schema).
 */
class ScoreRowWriterTest {
  private static final byte[] BOOSTER = new byte[0];
  private static final List<String> FEATURES = List.of("a", "b");
  private static final ScoringModel DEPLOYED = new ScoringModel("lead_conversion", "7", "champion", FEATURES,
      BOOSTER);
  private static final ScoringModel FOLD = DEPLOYED.fit(BOOSTER, ScoringModel.OUT_OF_FOLD, 2, 40);

  @Test
  void rowsAreTheBytesTheProjectionOfAGenericRowMakes() {
    List<BatchScorer.Scored> leads = List.of(
        new BatchScorer.Scored(0.8731, 87, "A", List.of("Opened 12 emails in 30 days", "Visited pricing 3 times",
            "Zürich office, 5 km"), "Call within 24 hours"),
        new BatchScorer.Scored(0.0123, 1, "D", List.of(), ""),
        new BatchScorer.Scored(0.5, 50, "B", List.of("one reason"), "Send the case study to Zoë"),
        new BatchScorer.Scored(Double.MIN_VALUE, 0, "D", List.of(""), ""));
    for (ScoringModel model : List.of(DEPLOYED, FOLD)) {
      ScoreRowWriter writer = new ScoreRowWriter(model);
      UnsafeProjection projection = UnsafeProjection.create(BatchScoring.SCHEMA);
      for (int i = 0; i < leads.size(); i++) {
        UTF8String id = UTF8String.fromString("L" + (1000 + i));
        byte[] expected = projection.apply(generic(id, leads.get(i), model)).getBytes();
        UnsafeRow written = writer.write(id, leads.get(i));
        assertArrayEquals(expected, written.getBytes(), "lead " + i + " of " + model.route());
        assertEquals(leads.get(i).reasons().size(), written.getArray(4).numElements());
      }
    }
  }

  @Test
  void theFoldIsNullForTheDeployedModelAndSetForAFoldModel() {
    BatchScorer.Scored s = new BatchScorer.Scored(0.3, 30, "C", List.of(), "");
    UnsafeRow deployed = new ScoreRowWriter(DEPLOYED).write(UTF8String.fromString("L1"), s).copy();
    UnsafeRow fold = new ScoreRowWriter(FOLD).write(UTF8String.fromString("L1"), s).copy();
    assertEquals(true, deployed.isNullAt(10));
    assertEquals(2, fold.getInt(10));
    assertEquals("out_of_fold", fold.getUTF8String(9).toString());
    assertNotEquals(deployed, fold);
  }

  /** The row as the scoring partitions built it before the writer. */
  private static GenericInternalRow generic(UTF8String id, BatchScorer.Scored s, ScoringModel m) {
    Object[] said = s.reasons().stream().map(UTF8String::fromString).toArray();
    return new GenericInternalRow(new Object[] {id, s.probability(), s.score(), UTF8String.fromString(s.tier()),
        new GenericArrayData(said), UTF8String.fromString(m.name()), UTF8String.fromString(m.version()),
        UTF8String.fromString(m.arm()), UTF8String.fromString(s.action()), UTF8String.fromString(m.source()),
        m.fold()});
  }
}
