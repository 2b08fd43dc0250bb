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

  /** Grows a null bitmap beside a builder's values. */
  abstract static class Base implements Column.Builder {
    int n;
    long[] nulls;

    /** Room for one more row; true when the cell is missing (its bit is set). */
    boolean next(ColumnVector v, int i) {
      grow(n + 1);
      if (v.isNullAt(i)) {
        if (nulls == null) {
          nulls = new long[Math.max(16, (n >>> 6) * 2 + 1)];
        } else if ((n >>> 6) >= nulls.length) {
          nulls = Arrays.copyOf(nulls, nulls.length * 2);
        }
        nulls[n >>> 6] |= 1L << n;
        return true;
      }
      return false;
    }

    Nulls sealedNulls() {
      return nulls == null ? Nulls.NONE : new Nulls(Arrays.copyOf(nulls, (n >>> 6) + 1));
    }

    abstract void grow(int size);
  }

  /** Doubles (or floats, boxed as Double as the row reader did). */
  static final class DoubleBuilder extends Base {
    private final boolean floats;
    private double[] values = new double[1024];

    DoubleBuilder(boolean floats) {
      this.floats = floats;
    }

    @Override
    void grow(int size) {
      if (size > values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
    }

    @Override
    public void add(ColumnVector v, int i) {
      if (!next(v, i)) {
        values[n] = floats ? v.getFloat(i) : v.getDouble(i);
      }
      n++;
    }

    @Override
    public Column build() {
      Nulls missing = sealedNulls();
      boolean integral = true;
      boolean fitsFloat = true;
      long[] asLong = new long[n];
      for (int i = 0; i < n && (integral || fitsFloat); i++) {
        double d = values[i];
        long bits = Double.doubleToRawLongBits(d);
        // exact both ways, -0.0 and NaN included: a narrower array must give back the very same double
        integral &= d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE
            && Double.doubleToRawLongBits((double) (long) d) == bits;
        fitsFloat &= Double.doubleToRawLongBits((double) (float) d) == bits;
        asLong[i] = (long) d;
      }
      if (integral) {
        Ints ints = Ints.of(asLong, n);
        return row -> missing.missing(row) ? null : (Object) (double) ints.at(row);
      } else if (fitsFloat) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = (float) values[i];
        }
        return row -> missing.missing(row) ? null : (Object) (double) f[row];
      }
      double[] d = Arrays.copyOf(values, n);
      return row -> missing.missing(row) ? null : (Object) d[row];
    }
  }

  /** Longs, ints, shorts, dates (epoch days) and timestamps (microseconds), boxed as the row reader did. */
  static final class LongBuilder extends Base {
    enum Kind { LONG, INT, SHORT, DATE, TIMESTAMP }

    private final Kind kind;
    private long[] values = new long[1024];

    LongBuilder(Kind kind) {
      this.kind = kind;
    }

    @Override
    void grow(int size) {
      if (size > values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
    }

    @Override
    public void add(ColumnVector v, int i) {
      if (!next(v, i)) {
        values[n] = switch (kind) {
          case LONG, TIMESTAMP -> v.getLong(i);
          case INT, DATE -> v.getInt(i);
          case SHORT -> v.getShort(i);
        };
      }
      n++;
    }

    @Override
    public Column build() {
      Nulls missing = sealedNulls();
      Ints ints = Ints.of(values, n);
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
