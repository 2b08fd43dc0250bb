package io.leadscore.ingest;

import java.util.List;

/**
 * How an export file is read: CSV delimiter, character set (a byte-order mark overrides it), whether quoted
 * fields may span lines (and over how many lines at most), and
 * the markers that mean "missing" (e.g. a dropdown default {@code Select}) for every column.
 */
public record ReadOptions(String delimiter, String encoding, boolean multiline, int maxRecordLines,
                          List<String> missing) {
  /**
   * One record per line unless a mapping says otherwise: with multi-line records, one unclosed quote makes
   * the parser swallow the rest of the file into a single record.
   */
  public static final boolean DEFAULT_MULTILINE = false;
  /** With {@code multiline = true}, a record spanning more lines than this fails its file (an unclosed quote). */
  public static final int DEFAULT_MAX_RECORD_LINES = 20;
  public static final ReadOptions DEFAULT = new ReadOptions(",", "UTF-8", DEFAULT_MULTILINE,
      DEFAULT_MAX_RECORD_LINES, List.of(""));

  public ReadOptions {
    missing = List.copyOf(missing);
  }
}
