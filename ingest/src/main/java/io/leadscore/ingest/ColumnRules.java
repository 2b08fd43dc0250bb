package io.leadscore.ingest;

import java.util.List;

/**
 * Validation rules of one column beyond its type: value ranges, allowed values, a regex the whole value
 * must match and a maximum length. Null means "no such rule". {@code maxBatchYear}: a year column must not
 * be after the batch date's year ({@code max = batch_year}; a violation is rule {@code future}).
 */
public record ColumnRules(Double min, Double max, List<String> allowed, String pattern, int maxLength,
                          boolean maxBatchYear) {
  /** Longest value any column may have unless configured: anything longer is a broken export, not data. */
  public static final int DEFAULT_MAX_LENGTH = 4000;
  public static final ColumnRules NONE = new ColumnRules(null, null, List.of(), null, DEFAULT_MAX_LENGTH,
      false);

  public ColumnRules {
    allowed = List.copyOf(allowed);
  }
}
