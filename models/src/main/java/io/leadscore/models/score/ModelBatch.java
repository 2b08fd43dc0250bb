package io.leadscore.models.score;

import io.leadscore.features.catalog.Recoding;
import java.util.ArrayList;
import java.util.List;

/**
 * One model's batch of leads: stored feature values in, scores out. The values a lead brings are in today's
 * encoding (the features table's codes); the model reads them in its own ({@link ScoringModel#recoding}), and a
 * reason shows the lead's real value, not the float32 rounding XGBoost sees. The nightly batch fills it with
 * thousands of rows, the online scorer with one: both score through here.
 */
public final class ModelBatch implements AutoCloseable {
  /** A lead's score from this batch. */
  public record Scored(String leadId, BatchScorer.Scored score) {}

  private final ScoringModel model;
  private final Recoding recoding;
  private final BatchScorer scorer;
  private final int width;
  private final float[] data;
  private final double[] exact;
  private final String[] ids;
  private int rows;

  /** @param reasons null to score without reasons ({@link ReasonText#forModel}) */
  public ModelBatch(ScoringModel model, ReasonText reasons, TierRule tiers, int batchRows) {
    this.model = model;
    this.recoding = model.recoding();
    this.scorer = new BatchScorer(model, reasons, tiers);
    this.width = model.features().size();
    this.data = new float[batchRows * width];
    this.exact = new double[batchRows * width];
    this.ids = new String[batchRows];
  }

  public ScoringModel model() {
    return model;
  }

  /**
   * Adds a lead; true when the batch is full ({@link #flush} it).
   *
   * @param stored the lead's values of {@code model().features()}, in that order, in today's encoding; NaN missing
   */
  public boolean add(String leadId, double[] stored) {
    int base = rows * width;
    for (int k = 0; k < width; k++) {
      // stored codes are today's catalogue's: the model reads them in its own encoding
      double v = recoding.apply(k, stored[k]);
      exact[base + k] = v;
      data[base + k] = (float) v;
    }
    ids[rows++] = leadId;
    return rows == ids.length;
  }

  /** As {@link #add(String, double[])}, for a caller that keeps its own ids: the batch's scores carry none. */
  public boolean add(double[] stored) {
    return add(null, stored);
  }

  /** Scores the leads added since the last flush, in the order they were added, with the batch's tier rule. */
  public List<Scored> flush() {
    return flush(null);
  }

  /** As {@link #flush()}, with {@code tiers} (null: the rule the batch was made with). */
  public List<Scored> flush(TierRule tiers) {
    if (rows == 0) {
      return List.of();
    }
    BatchScorer.Scored[] s = tiers == null ? scorer.score(data, exact, rows) : scorer.score(data, exact, rows, tiers);
    List<Scored> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(new Scored(ids[i], s[i]));
    }
    rows = 0;
    return out;
  }

  @Override
  public void close() {
    scorer.close();
  }
}
