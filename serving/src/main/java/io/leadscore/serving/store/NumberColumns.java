package io.leadscore.serving.store;

import io.delta.kernel.data.ColumnVector;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Numeric columns (double, float, long, int, short, date, timestamp) in primitive arrays with a null bitmap. A
 * sealed column keeps its values in the narrowest array that gives every one of them back bit for bit (counts
 * stored as doubles fit bytes or shorts), so a 1M-lead night of about 40 features holds tens of MiB, not GiB.
 */
final class NumberColumns {
  private NumberColumns() {}

  /** Missing cells, one bit a row; {@link #NONE} when a column has none. */
  record Nulls(long[] bits) {
    static final Nulls NONE = new Nulls(null);

    boolean missing(int row) {
      return bits != null && (bits[row >>> 6] & (1L << row)) != 0;
    }
  }

  /** Integral values, read back as longs from whichever array holds them. */
  interface Ints {
    long at(int row);

    /** The narrowest of byte[], short[], int[] and long[] that holds the first {@code n} values. */
    static Ints of(long[] v, int n) {
      long min = 0;
      long max = 0;
      for (int i = 0; i < n; i++) {
        min = Math.min(min, v[i]);
        max = Math.max(max, v[i]);
      }
      if (min >= Byte.MIN_VALUE && max <= Byte.MAX_VALUE) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
          b[i] = (byte) v[i];
        }
        return row -> b[row];
      } else if (min >= Short.MIN_VALUE && max <= Short.MAX_VALUE) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
          s[i] = (short) v[i];
        }
        return row -> s[row];
      } else if (min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
          s[i] = (int) v[i];
        }
        return row -> s[row];
      }
      long[] l = Arrays.copyOf(v, n);
      return row -> l[row];
    }
  }

  /**
   * Rows in chunks of {@link #CHUNK}: each full chunk is narrowed and sealed at once, so a load never copies a
   * growing array of 1M doubles, never holds a column twice (raw and narrowed) and leaves young collections only
   * small narrowed arrays to copy (a 1M-lead load spent 4 of its 9 s in collections with whole-column arrays).
   */
  static final int CHUNK_BITS = 12;
  static final int CHUNK = 1 << CHUNK_BITS;
  static final int MASK = CHUNK - 1;

  /** A sealed chunk's doubles. */
  interface Doubles {
    double at(int i);
  }

  /** Grows a null bitmap beside a builder's values and seals a chunk whenever one is full. */
  abstract static class Base implements Column.Builder {
    int n;
    long[] nulls;

    /** True when the cell is missing (its bit is set); seals the previous chunk first when it is full. */
    boolean next(ColumnVector v, int i) {
      if (n > 0 && (n & MASK) == 0) {
        seal(CHUNK);
      }
      if (v.isNullAt(i)) {
        if (nulls == null) {
          nulls = new long[Math.max(16, (n >>> 6) * 2 + 1)];
        } else if ((n >>> 6) >= nulls.length) {
          nulls = Arrays.copyOf(nulls, Math.max(nulls.length * 2, (n >>> 6) + 1));
        }
        nulls[n >>> 6] |= 1L << n;
        return true;
      }
      return false;
    }

    Nulls sealedNulls() {
      return nulls == null ? Nulls.NONE : new Nulls(Arrays.copyOf(nulls, (n >>> 6) + 1));
    }

    /** The last {@code size} rows, a chunk's worth or the tail: narrowed and kept, the buffer reused. */
    abstract void seal(int size);

    /** Seals the tail (an empty column has none). */
    void sealTail() {
      if (n > 0) {
        seal(((n - 1) & MASK) + 1);
      }
    }
  }

  /** Doubles (or floats, boxed as Double as the row reader did). */
  static final class DoubleBuilder extends Base {
    private final boolean floats;
    private final double[] values = new double[CHUNK];
    private final long[] asLong = new long[CHUNK];
    private final java.util.List<Doubles> chunks = new java.util.ArrayList<>();

    DoubleBuilder(boolean floats) {
      this.floats = floats;
    }

    @Override
    public void add(ColumnVector v, int i) {
      boolean missing = next(v, i);
      values[n & MASK] = missing ? 0 : floats ? v.getFloat(i) : v.getDouble(i);
      n++;
    }

    @Override
    void seal(int size) {
      chunks.add(narrow(values, asLong, size));
    }

    /** The first {@code size} doubles in the narrowest array that gives every one back bit for bit. */
    static Doubles narrow(double[] values, long[] asLong, int size) {
      boolean integral = true;
      boolean fitsFloat = true;
      for (int i = 0; i < size && (integral || fitsFloat); i++) {
        double d = values[i];
        long bits = Double.doubleToRawLongBits(d);
        // exact both ways, -0.0 and NaN included: a narrower array must give back the very same double
        integral &= d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE
            && Double.doubleToRawLongBits((double) (long) d) == bits;
        fitsFloat &= Double.doubleToRawLongBits((double) (float) d) == bits;
        asLong[i] = (long) d;
      }
      if (integral) {
        Ints ints = Ints.of(asLong, size);
        return i -> (double) ints.at(i);
      } else if (fitsFloat) {
        float[] f = new float[size];
        for (int i = 0; i < size; i++) {
          f[i] = (float) values[i];
        }
        return i -> f[i];
      }
      double[] d = Arrays.copyOf(values, size);
      return i -> d[i];
    }

    @Override
    public Column build() {
      sealTail();
      Nulls missing = sealedNulls();
      Doubles[] c = chunks.toArray(new Doubles[0]);
      return row -> missing.missing(row) ? null : (Object) c[row >>> CHUNK_BITS].at(row & MASK);
    }
  }

  /** Longs, ints, shorts, dates (epoch days) and timestamps (microseconds), boxed as the row reader did. */
  static final class LongBuilder extends Base {
    enum Kind { LONG, INT, SHORT, DATE, TIMESTAMP }

    private final Kind kind;
    private final long[] values = new long[CHUNK];
    private final java.util.List<Ints> chunks = new java.util.ArrayList<>();

    LongBuilder(Kind kind) {
      this.kind = kind;
    }

    @Override
    public void add(ColumnVector v, int i) {
      values[n & MASK] = next(v, i) ? 0 : switch (kind) {
        case LONG, TIMESTAMP -> v.getLong(i);
        case INT, DATE -> v.getInt(i);
        case SHORT -> v.getShort(i);
      };
      n++;
    }

    @Override
    void seal(int size) {
      chunks.add(Ints.of(values, size));
    }

    @Override
    public Column build() {
      sealTail();
      Nulls missing = sealedNulls();
      Ints[] c = chunks.toArray(new Ints[0]);
      Ints ints = row -> c[row >>> CHUNK_BITS].at(row & MASK);
      return switch (kind) {
        case LONG -> row -> missing.missing(row) ? null : (Object) ints.at(row);
        case INT, SHORT -> row -> missing.missing(row) ? null : (Object) (int) ints.at(row);
        case DATE -> row -> missing.missing(row) ? null : LocalDate.ofEpochDay(ints.at(row));
        case TIMESTAMP -> row -> missing.missing(row) ? null : instant(ints.at(row));
      };
    }

    private static Instant instant(long micros) {
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
  }
}
