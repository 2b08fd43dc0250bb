package io.leadscore.serving.store;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampType;

/**
 * One column of a {@link ColumnarTable} in primitive arrays. {@link #get} boxes a cell as the same Java value the
 * row-by-row reader gave ({@link DeltaReader#value}: Double, Long, Integer, Boolean, String, LocalDate, Instant,
 * List), or null when the cell is missing, so a view built from columns equals the map a row would have been.
 */
public interface Column {
  /** The cell as a plain Java value, or null when it is missing. */
  Object get(int row);

  /** Appends the cells of a kernel vector, then {@link #build} seals them into a compact column. */
  interface Builder {
    void add(ColumnVector v, int i);

    Column build();
  }

  /** The builder for a column of this type: primitive arrays where the type allows, boxed values otherwise. */
  static Builder builder(DataType t) {
    if (t instanceof DoubleType || t instanceof FloatType) {
      return new NumberColumns.DoubleBuilder(t instanceof FloatType);
    } else if (t instanceof LongType) {
      return new NumberColumns.LongBuilder(NumberColumns.LongBuilder.Kind.LONG);
    } else if (t instanceof IntegerType || t instanceof ShortType) {
      return new NumberColumns.LongBuilder(t instanceof ShortType ? NumberColumns.LongBuilder.Kind.SHORT
          : NumberColumns.LongBuilder.Kind.INT);
    } else if (t instanceof DateType) {
      return new NumberColumns.LongBuilder(NumberColumns.LongBuilder.Kind.DATE);
    } else if (t instanceof TimestampType) {
      return new NumberColumns.LongBuilder(NumberColumns.LongBuilder.Kind.TIMESTAMP);
    } else if (t instanceof BooleanType) {
      return new TextColumns.BooleanBuilder();
    } else if (t instanceof StringType || t instanceof BinaryType) {
      // binary is text read as its UTF-8 bytes: DeltaReader reads text so only from tables without binary columns
      return new TextColumns.StringBuilder();
    } else if (t instanceof ArrayType a && (a.getElementType() instanceof StringType
        || a.getElementType() instanceof BinaryType)) {
      return new TextColumns.StringListBuilder();
    }
    return new TextColumns.ObjectBuilder(t);
  }
}
