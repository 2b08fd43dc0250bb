package io.leadscore.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every top-level key of a JSON-lines file, in order of first appearance, found byte by byte during the
 * independent count's pass (no parser, no second read): schema drift must see a key that first appears on the
 * ten-millionth line as surely as one on the first. Keys count only from lines that are complete objects
 * (balanced, no open string), as a JSON parser would read them. A line usually repeats the previous line's keys
 * in the same order: those are compared as bytes, so a key becomes a {@code String} only when it is new there.
 * More than {@link #MAX_KEYS} distinct keys is not an export's schema (e.g. ids used as keys): the file fails.
 */
final class JsonKeys {
  static final int MAX_KEYS = 1000;

  private final Set<String> keys = new LinkedHashSet<>();
  private byte[][] line = new byte[16][64];
  private int[] lineLengths = new int[16];
  private byte[][] previous = new byte[16][];
  private int count;
  private int depth;
  private boolean inString;
  private boolean escape;
  private boolean expectKey;
  private boolean collecting;
  private boolean object;
  private long lineNumber = 1;

  /** Feeds one byte of a line (not its line break). */
  void accept(byte b) {
    if (inString) {
      if (collecting && !(b == '"' && !escape)) {
        append(b);
      }
      if (escape) {
        escape = false;
      } else if (b == '\\') {
        escape = true;
      } else if (b == '"') {
        inString = false;
        if (collecting) {
          collecting = false;
          count++;
        }
      }
      return;
    }
    switch (b) {
      case '"' -> {
        inString = true;
        if (depth == 1 && expectKey) {
          expectKey = false;
          collecting = true;
          if (count == line.length) {
            line = Arrays.copyOf(line, count * 2);
            lineLengths = Arrays.copyOf(lineLengths, count * 2);
            previous = Arrays.copyOf(previous, count * 2);
          }
          if (line[count] == null) {
            line[count] = new byte[64];
          }
          lineLengths[count] = 0;
        }
      }
      case '{' -> {
        depth++;
        if (depth == 1) {
          expectKey = true;
          object = true;
        }
      }
      case '[' -> depth++;
      case '}', ']' -> depth--;
      case ',' -> expectKey = depth == 1;
      default -> { }
    }
  }

  /** Ends the current line: its keys count if it was a complete object. */
  void lineEnd() {
    if (object && depth == 0 && !inString) {
      for (int i = 0; i < count; i++) {
        if (previous[i] == null || !Arrays.equals(line[i], 0, lineLengths[i], previous[i], 0, previous[i].length)) {
          byte[] key = Arrays.copyOf(line[i], lineLengths[i]);
          previous[i] = key;
          if (keys.add(decode(key)) && keys.size() > MAX_KEYS) {
            throw IngestErrors.fileFailure("JSON lines with more than %d distinct top-level keys (line %d adds "
                + "'%s'): not a schema but data used as keys. Nothing of this file was loaded: export such maps as "
                + "one field (e.g. {\"attributes\": {...}})", MAX_KEYS, lineNumber, decode(key));
          }
        }
      }
    }
    lineNumber++;
    count = 0;
    depth = 0;
    inString = false;
    escape = false;
    expectKey = false;
    collecting = false;
    object = false;
  }

  List<String> keys() {
    return new ArrayList<>(keys);
  }

  private void append(byte b) {
    byte[] buf = line[count];
    if (lineLengths[count] == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
      line[count] = buf;
    }
    buf[lineLengths[count]++] = b;
  }

  /** The key's text: UTF-8, with JSON's escapes resolved. */
  static String decode(byte[] raw) {
    String s = new String(raw, StandardCharsets.UTF_8);
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          try {
            out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
            i += 4;
          } catch (NumberFormatException | IndexOutOfBoundsException bad) {
            out.append("\\u"); // not a valid escape: kept as written
          }
        }
        default -> out.append(e); // \" \\ \/
      }
    }
    return out.toString();
  }
}
