package io.leadscore.features.ingest;

import java.util.List;

/**
 * How an export file is read: CSV delimiter, character set, whether quoted fields may span lines, and
 * the markers that mean "missing" (e.g. a dropdown default {@code Select}) for every column.
 */
public record ReadOptions(String delimiter, String encoding, boolean multiline, List<String> missing) {
  public static final ReadOptions DEFAULT = new ReadOptions(",", "UTF-8", true, List.of(""));

  public ReadOptions {
    missing = List.copyOf(missing);
  }
}
