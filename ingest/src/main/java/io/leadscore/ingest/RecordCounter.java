package io.leadscore.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the physical records of an export without Spark's parser, so that reconciliation compares two
 * independent counts. CSV: a quote-aware RFC 4180 scan (a delimiter or line break inside double quotes
 * belongs to the field; {@code ""} is an escaped quote). With {@code multiline} off, a record ends at its
 * line break whatever its quotes say (that is how Spark reads it), and a record whose quote is still open
 * there is noted. With {@code multiline} on, a record spanning more than {@code maxRecordLines} lines is
 * noted as overlong (an unclosed quote swallows the rest of the file). JSON lines: one record per line, and
 * every top-level key of every line ({@link JsonKeys}).
 * Blank lines are not records (Spark skips them in CSV).
 */
public final class RecordCounter {
  /** At most this many line spans are kept per kind (the counts are exact). */
  static final int KEEP = 10;

  /**
   * A record's first line (1-based, in the file) and how many lines it spans.
   */
  public record Span(long line, long lines) {
    @Override
    public String toString() {
      return lines == 1 ? "line " + line : "lines " + line + "-" + (line + lines - 1);
    }
  }

  /**
   * The result.
   *
   * @param records   records including the CSV header line
   * @param lines     physical lines
   * @param openQuote records (line mode) whose quote was still open at their line break, first {@link #KEEP}
   * @param openQuoteCount how many such records
   * @param overlong  records (multiline) longer than {@code maxRecordLines}, first {@link #KEEP}
   * @param overlongCount how many such records
   * @param fields    the export's field names: the CSV header's fields, or every top-level key of the JSON lines
   *                  in order of first appearance (empty for an empty file)
   * @param mayBeUndecodable false only when no text of the file can have failed to decode: no U+FFFD after
   *                  decoding (CSV: a malformed byte decodes to it), or only ASCII bytes (JSON lines, which
   *                  Spark decodes itself); the per-value encoding checks are skipped when false
   */
  public record Counts(long records, long lines, List<Span> openQuote, long openQuoteCount, List<Span> overlong,
                       long overlongCount, List<String> fields, TextSeen text) {
    public Counts {
      openQuote = List.copyOf(openQuote);
      overlong = List.copyOf(overlong);
      fields = List.copyOf(fields);
    }

    public boolean mayBeUndecodable() {
      return text.mayBeUndecodable();
    }

    /** Whether a value may hold a control character (rule {@code control_chars}). */
    public boolean mayHoldControl() {
      return text.mayHoldControl();
    }

    /** Data records: without the header line for CSV. */
    public long dataRecords(boolean csv) {
      return csv ? Math.max(0, records - 1) : records;
    }
  }

  private RecordCounter() {}

  /** Counts CSV records read from {@code in} (already decoded). */
  public static Counts csv(Reader in, char delimiter, boolean multiline, int maxRecordLines) throws IOException {
    char[] buf = new char[1 << 16];
    long records = 0;
    long line = 1;
    long start = 1;
    boolean inQuotes = false;
    boolean blank = true;
    boolean pendingCr = false;
    List<Span> open = new ArrayList<>();
    long openCount = 0;
    List<Span> overlong = new ArrayList<>();
    long overlongCount = 0;
    boolean overlongNoted = false;
    boolean endedWithBreak = false;
    StringBuilder header = new StringBuilder();
    boolean inHeader = true;
    boolean replaced = false;
    boolean controls = false;
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        char c = buf[i];
        replaced |= c == '\uFFFD';
        controls |= TextSeen.control(c);
        if (pendingCr) {
          pendingCr = false;
          if (c == '\n') {
            continue; // the \n of a \r\n: one line break
          }
        }
        if (c == '\r' || c == '\n') {
          pendingCr = c == '\r';
          endedWithBreak = true;
          if (inQuotes && multiline) {
            line++;
            if (!overlongNoted && line - start + 1 > maxRecordLines) {
              overlongNoted = true;
              overlongCount++;
            }
            if (inHeader) {
              header.append('\n');
            }
            continue;
          }
          if (!blank) {
            if (inQuotes) {
              openCount++;
              if (open.size() < KEEP) {
                open.add(new Span(start, 1));
              }
            }
            if (overlongNoted && overlong.size() < KEEP) {
              overlong.add(new Span(start, line - start + 1));
            }
            records++;
            inHeader = false;
          }
          inQuotes = false;
          overlongNoted = false;
          blank = true;
          line++;
          start = line;
          continue;
        }
        endedWithBreak = false;
        if (c == '"') {
          inQuotes = !inQuotes; // "" inside quotes toggles twice: an escaped quote
        }
        if (blank && (multiline ? true : c > ' ')) {
          blank = false;
        }
        if (inHeader) {
          header.append(c);
        }
      }
    }
    if (!blank) {
      if (inQuotes && !multiline) {
        openCount++;
        if (open.size() < KEEP) {
          open.add(new Span(start, 1));
        }
      }
      // a record still open at the end of the file ends on its last line, not on the empty one after it
      long last = endedWithBreak ? line - 1 : line;
      if (overlongNoted && overlong.size() < KEEP) {
        overlong.add(new Span(start, last - start + 1));
      }
      records++;
    }
    long lines = blank ? line - 1 : line;
    return new Counts(records, lines, open, openCount, overlong, overlongCount,
        records == 0 ? List.of() : fields(header.toString(), delimiter), new TextSeen(replaced, controls));
  }

  /**
   * Counts JSON lines read from {@code in}: every line is a record (Spark's text reader keeps empty ones); the
   * fields are every top-level key of the file.
   */
  private static final long ESCAPE_U00 = ('\\' << 24) | ('u' << 16) | ('0' << 8) | '0';

  public static Counts jsonLines(InputStream in) throws IOException {
    JsonKeys keys = new JsonKeys();
    byte[] buf = new byte[1 << 16];
    long lines = 0;
    boolean pendingCr = false;
    boolean atLineStart = true;
    int high = 0;
    boolean controls = false;
    long last = 0; // the bytes before this one, latest lowest
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        byte b = buf[i];
        high |= b; // a byte above 0x7F sets the sign bit
        controls |= TextSeen.control(b) || ((b == '0' || b == '1') && (last & 0xFFFFFFFFL) == ESCAPE_U00);
        last = last << 8 | (b & 0xFF);
        if (pendingCr) {
          pendingCr = false;
          if (b == '\n') {
            continue;
          }
        }
        if (b == '\r' || b == '\n') {
          pendingCr = b == '\r';
          lines++;
          atLineStart = true;
          keys.lineEnd();
        } else {
          atLineStart = false;
          keys.accept(b);
        }
      }
    }
    if (!atLineStart) {
      lines++;
      keys.lineEnd();
    }
    return new Counts(lines, lines, List.of(), 0, List.of(), 0, keys.keys(), new TextSeen(high < 0, controls));
  }

  /** The fields of one CSV line (the header): split on the delimiter outside quotes, quotes removed. */
  static List<String> fields(String line, char delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean inQuotes = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (inQuotes && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else {
          inQuotes = !inQuotes;
        }
      } else if (c == delimiter && !inQuotes) {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    out.add(f.toString());
    return out;
  }
}
