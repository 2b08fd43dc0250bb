package io.leadscore.scoring.spark;

import io.leadscore.models.score.BatchScorer;
import io.leadscore.models.score.ScoringModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeArrayWriter;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Writes one model's scored leads as {@link BatchScoring#SCHEMA} rows, straight into Spark's binary row format.
 * The same bytes as a {@code GenericInternalRow} put through an {@code UnsafeProjection} (what the scoring
 * partitions did before), without boxing the probability and score, an {@code Object[]} per lead and the
 * projection's generic getters: with no reasons to explain, that was a visible part of a lead's Java cost next to
 * the native predict. The row is reused, as Spark's own operators reuse theirs: a consumer that keeps rows copies
 * them.
 */
final class ScoreRowWriter {
  private static final UTF8String EMPTY = UTF8String.fromString("");
  /** the bytes a string element takes in an array's fixed part (offset and size), as Spark's codegen writes it */
  private static final int STRING_ELEMENT = 8;

  private final UnsafeRowWriter row = new UnsafeRowWriter(BatchScoring.SCHEMA.size(), 128);
  private final UnsafeArrayWriter reasons = new UnsafeArrayWriter(row, STRING_ELEMENT);
  private final UTF8String name;
  private final UTF8String version;
  private final UTF8String arm;
  private final UTF8String source;
  private final Integer fold;
  /** the tiers are a handful of texts: encoded once (actions may carry a lead's values: not cached) */
  private final Map<String, UTF8String> tiers = new HashMap<>();

  ScoreRowWriter(ScoringModel model) {
    this.name = UTF8String.fromString(model.name());
    this.version = UTF8String.fromString(model.version());
    this.arm = UTF8String.fromString(model.arm());
    this.source = UTF8String.fromString(model.source());
    this.fold = model.fold();
  }

  /** The row of lead {@code id} scored {@code s}; valid until the next call. */
  UnsafeRow write(UTF8String id, BatchScorer.Scored s) {
    row.reset();
    row.zeroOutNullBytes();
    row.write(0, id);
    row.write(1, s.probability());
    row.write(2, s.score());
    row.write(3, tiers.computeIfAbsent(s.tier(), UTF8String::fromString));
    List<String> said = s.reasons();
    int start = row.cursor();
    reasons.initialize(said.size());
    for (int i = 0; i < said.size(); i++) {
      reasons.write(i, UTF8String.fromString(said.get(i)));
    }
    row.setOffsetAndSizeFromPreviousCursor(4, start);
    row.write(5, name);
    row.write(6, version);
    row.write(7, arm);
    row.write(8, s.action().isEmpty() ? EMPTY : UTF8String.fromString(s.action()));
    row.write(9, source);
    if (fold == null) {
      row.setNullAt(10);
    } else {
      row.write(10, fold.intValue());
    }
    return row.getRow();
  }
}
