package io.leadscore.serving.store;

import io.delta.kernel.data.ArrayValue;
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
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Delta Kernel cells as plain Java values, and the read schema that reads text as its bytes. */
final class KernelValues {
  private KernelValues() {}

  /** A cell as a plain Java value: numbers, text, booleans, dates and instants (ISO), lists; other types null. */
  static Object value(ColumnVector v, int i, DataType t) {
    if (v.isNullAt(i)) {
      return null;
    }
    if (t instanceof StringType) {
      return v.getString(i);
    } else if (t instanceof DoubleType) {
      return v.getDouble(i);
    } else if (t instanceof FloatType) {
      return (double) v.getFloat(i);
    } else if (t instanceof IntegerType) {
      return v.getInt(i);
    } else if (t instanceof LongType) {
      return v.getLong(i);
    } else if (t instanceof ShortType) {
      return (int) v.getShort(i);
    } else if (t instanceof BooleanType) {
      return v.getBoolean(i);
    } else if (t instanceof DateType) {
      return LocalDate.ofEpochDay(v.getInt(i));
    } else if (t instanceof TimestampType) {
      long micros = v.getLong(i);
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    } else if (t instanceof ArrayType a) {
      ArrayValue array = v.getArray(i);
      List<Object> out = new ArrayList<>();
      for (int k = 0; k < array.getSize(); k++) {
        out.add(value(array.getElements(), k, a.getElementType()));
      }
      return out;
    }
    return null;
  }

  /** The schema with text, and lists of text, read as bytes. */
  static StructType textAsBytes(StructType schema) {
    StructType out = new StructType();
    for (StructField f : schema.fields()) {
      DataType t = f.getDataType();
      DataType read = t instanceof StringType ? BinaryType.BINARY
          : t instanceof ArrayType a && a.getElementType() instanceof StringType
          ? new ArrayType(BinaryType.BINARY, a.containsNull()) : t;
      out = out.add(new StructField(f.getName(), read, f.isNullable(), f.getMetadata()));
    }
    return out;
  }

  static boolean holdsBinary(DataType t) {
    return t instanceof BinaryType || t instanceof ArrayType a && holdsBinary(a.getElementType())
        || t instanceof StructType s && s.fields().stream().anyMatch(f -> holdsBinary(f.getDataType()));
  }
}
