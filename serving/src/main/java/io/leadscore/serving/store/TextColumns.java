package io.leadscore.serving.store;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.DataType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Booleans (a byte a row), strings (an int code a row into a dictionary of the distinct values: a night's tiers,
 * arms, versions and reasons repeat), lists of strings (codes with offsets) and, for any other type, the boxed
 * values as the row reader gives them.
 */
final class TextColumns {
  private TextColumns() {}

  /**
   * Distinct strings by code; codes are handed out in order of first sight. A text cell read as its UTF-8 bytes
   * ({@link DeltaReader} reads text so) is looked up by those bytes and decoded once per distinct value, not once
   * per row: 1M leads' tiers, arms, versions, actions and reasons are about 8M cells of a few thousand values.
   */
  static final class Dictionary {
    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> values = new ArrayList<>();
    private final List<byte[]> keys = new ArrayList<>();
    private int[] slots = filled(64);
    private int[] hashes = new int[64];
    private int byteKeys;

    int code(String s) {
      Integer c = codes.get(s);
      if (c == null) {
        c = add(s, null, 0);
        codes.put(s, c);
      }
      return c;
    }

    int code(byte[] b) {
      int h = Arrays.hashCode(b);
      int mask = slots.length - 1;
      int s = (h * 0x9E3779B9) >>> 7 & mask;
      while (slots[s] >= 0) {
        int c = slots[s];
        if (hashes[c] == h && Arrays.equals(keys.get(c), b)) {
          return c;
        }
        s = (s + 1) & mask;
      }
      int c = add(new String(b, StandardCharsets.UTF_8), b, h);
      slots[s] = c;
      if (++byteKeys * 2 > slots.length) {
        rehash();
      }
      return c;
    }

    private int add(String value, byte[] key, int hash) {
      int c = values.size();
      values.add(value);
      keys.add(key);
      if (c == hashes.length) {
        hashes = Arrays.copyOf(hashes, c * 2);
      }
      hashes[c] = hash;
      return c;
    }

    private void rehash() {
      int[] bigger = filled(slots.length * 2);
      int mask = bigger.length - 1;
      for (int c = 0; c < keys.size(); c++) {
        if (keys.get(c) != null) {
          int s = (hashes[c] * 0x9E3779B9) >>> 7 & mask;
          while (bigger[s] >= 0) {
            s = (s + 1) & mask;
          }
          bigger[s] = c;
        }
      }
      slots = bigger;
    }

    private static int[] filled(int n) {
      int[] a = new int[n];
      Arrays.fill(a, -1);
      return a;
    }

    String[] seal() {
      return values.toArray(new String[0]);
    }
  }

  /** A text cell's code: by its bytes when the reader gave bytes, else by its string. */
  static int code(ColumnVector v, int i, Dictionary d) {
    return v.getDataType() instanceof BinaryType ? d.code(v.getBinary(i)) : d.code(v.getString(i));
  }

  /** A text cell as a String, decoded once here (the kernel's own getString decodes through a CharBuffer). */
  static String text(ColumnVector v, int i) {
    return v.getDataType() instanceof BinaryType ? new String(v.getBinary(i), StandardCharsets.UTF_8)
        : v.getString(i);
  }

  /** Ints appended one by one, sealed chunk by chunk into the narrowest array ({@link NumberColumns#CHUNK}). */
  static final class IntChunks {
    private final long[] buffer = new long[NumberColumns.CHUNK];
    private final List<NumberColumns.Ints> chunks = new ArrayList<>();
    private int n;

    void add(int v) {
      if (n > 0 && (n & NumberColumns.MASK) == 0) {
        chunks.add(NumberColumns.Ints.of(buffer, NumberColumns.CHUNK));
      }
      buffer[n & NumberColumns.MASK] = v;
      n++;
    }

    int size() {
      return n;
    }

    NumberColumns.Ints seal() {
      if (n > 0) {
        chunks.add(NumberColumns.Ints.of(buffer, ((n - 1) & NumberColumns.MASK) + 1));
      }
      NumberColumns.Ints[] c = chunks.toArray(new NumberColumns.Ints[0]);
      return i -> c[i >>> NumberColumns.CHUNK_BITS].at(i & NumberColumns.MASK);
    }
  }

  /** 0 false, 1 true, -1 missing. */
  static final class BooleanBuilder implements Column.Builder {
    private byte[] values = new byte[1024];
    private int n;

    @Override
    public void add(ColumnVector v, int i) {
      if (n == values.length) {
        values = Arrays.copyOf(values, n * 2);
      }
      values[n++] = v.isNullAt(i) ? (byte) -1 : v.getBoolean(i) ? (byte) 1 : (byte) 0;
    }

    @Override
    public Column build() {
      byte[] b = Arrays.copyOf(values, n);
      return row -> b[row] < 0 ? null : (Object) (b[row] == 1);
    }
  }

  /** Dictionary codes, -1 missing. */
  static final class StringBuilder implements Column.Builder {
    private final Dictionary dictionary = new Dictionary();
    private final IntChunks codes = new IntChunks();

    @Override
    public void add(ColumnVector v, int i) {
      codes.add(v.isNullAt(i) ? -1 : code(v, i, dictionary));
    }

    @Override
    public Column build() {
      NumberColumns.Ints c = codes.seal();
      String[] d = dictionary.seal();
      return row -> {
        int code = (int) c.at(row);
        return code < 0 ? null : d[code];
      };
    }
  }

  /**
   * Lists of strings: row r's elements are codes {@code [start[r], start[r + 1])}; a missing list has
   * {@code start[r] = -1 - its offset}. A missing element comes back null, as the row reader gave it.
   */
  static final class StringListBuilder implements Column.Builder {
    private final Dictionary dictionary = new Dictionary();
    private final IntChunks start = new IntChunks();
    private final IntChunks codes = new IntChunks();

    @Override
    public void add(ColumnVector v, int i) {
      int m = codes.size();
      if (v.isNullAt(i)) {
        start.add(-1 - m);
      } else {
        start.add(m);
        ArrayValue a = v.getArray(i);
        ColumnVector e = a.getElements();
        for (int k = 0; k < a.getSize(); k++) {
          codes.add(e.isNullAt(k) ? -1 : code(e, k, dictionary));
        }
      }
    }

    @Override
    public Column build() {
      start.add(codes.size());
      NumberColumns.Ints s = start.seal();
      NumberColumns.Ints c = codes.seal();
      String[] d = dictionary.seal();
      return row -> {
        int from = (int) s.at(row);
        if (from < 0) {
          return null;
        }
        int next = (int) s.at(row + 1);
        int end = next < 0 ? -1 - next : next;
        List<String> out = new ArrayList<>(end - from);
        for (int k = from; k < end; k++) {
          int code = (int) c.at(k);
          out.add(code < 0 ? null : d[code]);
        }
        return Collections.unmodifiableList(out);
      };
    }
  }

  /** Any other type: the values as {@link DeltaReader#value} reads them (rare in the tables served). */
  static final class ObjectBuilder implements Column.Builder {
    private final DataType type;
    private final List<Object> values = new ArrayList<>();

    ObjectBuilder(DataType type) {
      this.type = type;
    }

    @Override
    public void add(ColumnVector v, int i) {
      values.add(DeltaReader.value(v, i, type));
    }

    @Override
    public Column build() {
      Object[] o = values.toArray();
      return row -> o[row];
    }
  }
}
