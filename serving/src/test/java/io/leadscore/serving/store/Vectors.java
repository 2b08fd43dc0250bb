package io.leadscore.serving.store;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Delta Kernel batches made by hand, for the columnar store's tests without Spark or files: each column a list
 * of plain values (Double, Float, Long, Integer, Short, Boolean, String, List of String; an int for a date's
 * epoch day, a long for a timestamp's microseconds; null missing), read through the kernel's interfaces.
 */
final class Vectors {
  private Vectors() {}

  /** A vector of {@code type} over {@code values}. */
  static ColumnVector of(DataType type, List<?> values) {
    return new ColumnVector() {
      @Override
      public DataType getDataType() {
        return type;
      }

      @Override
      public int getSize() {
        return values.size();
      }

      @Override
      public void close() {}

      @Override
      public boolean isNullAt(int i) {
        return values.get(i) == null;
      }

      @Override
      public boolean getBoolean(int i) {
        return (Boolean) values.get(i);
      }

      @Override
      public short getShort(int i) {
        return (Short) values.get(i);
      }

      @Override
      public int getInt(int i) {
        return (Integer) values.get(i);
      }

      @Override
      public long getLong(int i) {
        return (Long) values.get(i);
      }

      @Override
      public float getFloat(int i) {
        return (Float) values.get(i);
      }

      @Override
      public double getDouble(int i) {
        return (Double) values.get(i);
      }

      @Override
      public String getString(int i) {
        return (String) values.get(i);
      }

      /** Text given as a String is handed out as its UTF-8 bytes (text read as bytes, as DeltaReader reads it). */
      @Override
      public byte[] getBinary(int i) {
        Object v = values.get(i);
        return v instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : (byte[]) v;
      }

      @Override
      public ArrayValue getArray(int i) {
        List<?> list = (List<?>) values.get(i);
        ColumnVector elements = of(((ArrayType) type).getElementType(), list);
        return new ArrayValue() {
          @Override
          public int getSize() {
            return list.size();
          }

          @Override
          public ColumnVector getElements() {
            return elements;
          }
        };
      }
    };
  }

  /** A batch of these columns (in order) over rows given as maps by column name (absent: null). */
  static ColumnarBatch batch(Map<String, DataType> columns, List<Map<String, Object>> rows) {
    StructType schema = new StructType();
    List<ColumnVector> vectors = new ArrayList<>();
    columns.forEach((name, type) -> {
      List<Object> values = new ArrayList<>();
      rows.forEach(r -> values.add(r.get(name)));
      vectors.add(of(type, values));
    });
    for (Map.Entry<String, DataType> c : columns.entrySet()) {
      schema = schema.add(new StructField(c.getKey(), c.getValue(), true));
    }
    StructType s = schema;
    return new ColumnarBatch() {
      @Override
      public StructType getSchema() {
        return s;
      }

      @Override
      public ColumnVector getColumnVector(int ordinal) {
        return vectors.get(ordinal);
      }

      @Override
      public int getSize() {
        return rows.size();
      }
    };
  }

  static ArrayType strings() {
    return new ArrayType(StringType.STRING, true);
  }
}
