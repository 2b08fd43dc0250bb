package io.leadscore.serving.store;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.DataType;
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

  /** Distinct strings by code; codes are handed out in order of first sight. */
  static final class Dictionary {
    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    int code(String s) {
      Integer c = codes.get(s);
      if (c == null) {
        c = values.size();
        codes.put(s, c);
        values.add(s);
      }
      return c;
    }

    String[] seal() {
      return values.toArray(new String[0]);
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
    private int[] codes = new int[1024];
    private int n;

    @Override
    public void add(ColumnVector v, int i) {
      if (n == codes.length) {
        codes = Arrays.copyOf(codes, n * 2);
      }
      codes[n++] = v.isNullAt(i) ? -1 : dictionary.code(v.getString(i));
    }

    @Override
    public Column build() {
      int[] c = Arrays.copyOf(codes, n);
      String[] d = dictionary.seal();
      return row -> c[row] < 0 ? null : d[c[row]];
    }
  }

  /**
   * Lists of strings: row r's elements are codes {@code [start[r], start[r + 1])}; a missing list has
   * {@code start[r] = -1 - its offset}. A missing element comes back null, as the row reader gave it.
   */
  static final class StringListBuilder implements Column.Builder {
    private final Dictionary dictionary = new Dictionary();
    private int[] start = new int[1025];
    private int[] codes = new int[4096];
    private int n;
    private int m;

    @Override
    public void add(ColumnVector v, int i) {
      if (n + 1 == start.length) {
        start = Arrays.copyOf(start, start.length * 2);
      }
      if (v.isNullAt(i)) {
        start[n] = -1 - m;
      } else {
        start[n] = m;
        ArrayValue a = v.getArray(i);
        ColumnVector e = a.getElements();
        for (int k = 0; k < a.getSize(); k++) {
          if (m == codes.length) {
            codes = Arrays.copyOf(codes, m * 2);
          }
          codes[m++] = e.isNullAt(k) ? -1 : dictionary.code(e.getString(k));
        }
      }
      n++;
    }

    @Override
    public Column build() {
      int[] s = Arrays.copyOf(start, n + 1);
      s[n] = m;
      int[] c = Arrays.copyOf(codes, m);
      String[] d = dictionary.seal();
      return row -> {
        if (s[row] < 0) {
          return null;
        }
        int end = s[row + 1] < 0 ? -1 - s[row + 1] : s[row + 1];
        List<String> out = new ArrayList<>(end - s[row]);
        for (int k = s[row]; k < end; k++) {
          out.add(c[k] < 0 ? null : d[c[k]]);
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
