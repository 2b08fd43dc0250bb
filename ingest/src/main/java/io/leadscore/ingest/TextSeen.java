package io.leadscore.ingest;

/**
 * What an export's own pass ({@link RecordCounter}) saw of its text, so that the per-value checks it rules out are
 * skipped.
 *
 * @param mayBeUndecodable false only when no text of the file can have failed to decode (see {@link
 *                         RecordCounter.Counts})
 * @param mayHoldControl   false only when no value can hold a control character of rule {@code control_chars}
 *                         (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F): none in the text (CSV), or neither such
 *                         a byte nor a JSON escape of U+0000-U+001F (backslash, u, 000x or 001x) (JSON lines)
 */
public record TextSeen(boolean mayBeUndecodable, boolean mayHoldControl) {
  /** Nothing ruled out. */
  public static final TextSeen UNKNOWN = new TextSeen(true, true);

  /** Whether {@code c} is a control character of rule {@code control_chars} (tab, line feed and return are not). */
  static boolean control(int c) {
    return c >= 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r';
  }
}
