package io.leadscore.serving.store;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.leadscore.serving.errors.ServingErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a Delta table's current snapshot in plain Java with Delta Kernel (no Spark): the rows of one partition
 * value (the latest night of {@code features} or {@code lead_scores}) or of the whole table.
 */
public final class DeltaReader {
  private final Engine engine;

  public DeltaReader(Configuration hadoop) {
    this.engine = DefaultEngine.create(hadoop);
  }

  public DeltaReader() {
    this(new Configuration());
  }

  /** The table's current version, or -1 when there is no table at {@code path}. */
  public long version(String path) {
    try {
      return Table.forPath(engine, path).getLatestSnapshot(engine).getVersion(engine);
    } catch (TableNotFoundException e) {
      return -1;
    }
  }

  /** The largest value of a partition column in the current snapshot (dates compare as ISO text), or null. */
  public String latestPartition(String path, String column) {
    String[] max = {null};
    eachScanFile(path, scanFile -> {
      String v = InternalScanFileUtils.getPartitionValues(scanFile).get(column);
      if (v != null && (max[0] == null || v.compareTo(max[0]) > 0)) {
        max[0] = v;
      }
    });
    return max[0];
  }

  /**
   * Every row whose partition {@code column} equals {@code value} (null: every row), each as a map by column
   * name (nulls left out), handed to {@code sink}. Only the matching files are read.
   */
  public void rows(String path, String column, String value, Consumer<Map<String, Object>> sink) {
    batches(path, column, value, null, (batch, selected) -> emit(batch, selected, sink));
  }

  /**
   * The same rows as Delta Kernel's columnar batches, with their selection vector (null: every row selected; a
   * deletion vector unselects rows), read only for the {@code columns} named (null: all; a name the table lacks
   * is skipped): the embedded store builds its columns from them without a map per row.
   */
  public void batches(String path, String column, String value, java.util.Collection<String> columns,
                      BiConsumer<ColumnarBatch, ColumnVector> sink) {
    batches(path, column, value, columns, false, sink);
  }

  /**
   * As {@link #batches(String, String, String, java.util.Collection, BiConsumer)}; with {@code textAsBytes} the
   * text columns (and lists of text) arrive as {@link BinaryType}, their UTF-8 bytes, for a table without column
   * mapping or binary columns of its own (any other table's text stays text). The kernel's {@code getString}
   * decodes through a CharBuffer on every call: a 1M-lead night is about 10M text cells of a few thousand distinct
   * values, which a caller with the bytes decodes once each ({@code TextColumns.Dictionary}).
   */
  public void batches(String path, String column, String value, java.util.Collection<String> columns,
                      boolean textAsBytes, BiConsumer<ColumnarBatch, ColumnVector> sink) {
    for (FileRead f : files(path, column, value, columns, textAsBytes)) {
      f.read(sink);
    }
  }

  /** One data file of a scan: {@link #read} hands its batches (with their selection vectors) to a sink. */
  public interface FileRead {
    /** The file's size in bytes (to read the largest first). */
    long size();

    void read(BiConsumer<ColumnarBatch, ColumnVector> sink);
  }

  /**
   * The files {@link #batches(String, String, String, java.util.Collection, boolean, BiConsumer)} reads, in its
   * order, each to be read on its own (several at once on several threads: the engine reads each file apart).
   */
  public List<FileRead> files(String path, String column, String value, java.util.Collection<String> columns,
                              boolean textAsBytes) {
    Snapshot snapshot = snapshot(path);
    var builder = snapshot.getScanBuilder(engine);
    if (columns != null) {
      StructType read = new StructType();
      for (StructField f : snapshot.getSchema(engine).fields()) {
        if (columns.contains(f.getName())) {
          read = read.add(f);
        }
      }
      builder = builder.withReadSchema(engine, read);
    }
    Scan scan = builder.build();
    Row scanState = scan.getScanState(engine);
    StructType schema = ScanStateRow.getPhysicalDataReadSchema(engine, scanState);
    StructType physical = textAsBytes && ScanStateRow.getColumnMappingMode(scanState)
        == ColumnMapping.ColumnMappingMode.NONE && schema.fields().stream().noneMatch(f -> KernelValues.holdsBinary(
        f.getDataType())) ? KernelValues.textAsBytes(schema) : schema;
    List<FileRead> out = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            Row scanFile = fileRows.next();
            if (value == null || value.equals(InternalScanFileUtils.getPartitionValues(scanFile).get(column))) {
              out.add(file(path, scanState, scanFile, physical));
            }
          }
        }
      }
    } catch (IOException e) {
      throw ServingErrors.wrap("Cannot read the Delta table at " + path + ": " + e.getMessage(), e);
    }
    return out;
  }

  private FileRead file(String path, Row scanState, Row scanFile, StructType physical) {
    FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
    return new FileRead() {
      @Override
      public long size() {
        return file.getSize();
      }

      @Override
      public void read(BiConsumer<ColumnarBatch, ColumnVector> sink) {
        try (CloseableIterator<FilteredColumnarBatch> batches = Scan.transformPhysicalData(engine, scanState,
            scanFile, engine.getParquetHandler().readParquetFiles(single(file), physical, Optional.empty()))) {
          while (batches.hasNext()) {
            FilteredColumnarBatch b = batches.next();
            sink.accept(b.getData(), b.getSelectionVector().orElse(null));
          }
        } catch (IOException e) {
          throw ServingErrors.wrap("Cannot read the Delta table at " + path + ": " + e.getMessage(), e);
        }
      }
    };
  }

  private static void emit(ColumnarBatch data, ColumnVector selected, Consumer<Map<String, Object>> sink) {
    StructType schema = data.getSchema();
    int n = data.getSize();
    for (int i = 0; i < n; i++) {
      if (selected != null && (selected.isNullAt(i) || !selected.getBoolean(i))) {
        continue;
      }
      Map<String, Object> row = new HashMap<>();
      for (int c = 0; c < schema.length(); c++) {
        StructField f = schema.at(c);
        Object v = value(data.getColumnVector(c), i, f.getDataType());
        if (v != null) {
          row.put(f.getName(), v);
        }
      }
      sink.accept(row);
    }
  }

  /** A cell as a plain Java value ({@link KernelValues#value}). */
  static Object value(ColumnVector v, int i, DataType t) {
    return KernelValues.value(v, i, t);
  }

  private Snapshot snapshot(String path) {
    try {
      return Table.forPath(engine, path).getLatestSnapshot(engine);
    } catch (TableNotFoundException e) {
      throw ServingErrors.wrap("No Delta table at " + path + ": run the nightly first (leadscore nightly)", e);
    }
  }

  private void eachScanFile(String path, Consumer<Row> sink) {
    Scan scan = snapshot(path).getScanBuilder(engine).build();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> rows = files.next().getRows()) {
          rows.forEachRemaining(sink);
        }
      }
    } catch (IOException e) {
      throw ServingErrors.wrap("Cannot list the Delta table at " + path + ": " + e.getMessage(), e);
    }
  }

  private static CloseableIterator<FileStatus> single(FileStatus f) {
    return io.delta.kernel.internal.util.Utils.singletonCloseableIterator(f);
  }
}
