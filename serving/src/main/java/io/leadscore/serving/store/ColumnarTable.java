package io.leadscore.serving.store;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.StructType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of one Delta table partition held column by column ({@link Column}), with an index by lead id. Built
 * straight from Delta Kernel's columnar batches: no row is ever a map while loading; {@link #row} makes one map on
 * demand, for one lead, equal to what the row-by-row reader gave (nulls left out).
 */
public final class ColumnarTable {
  private final String[] names;
  private final Column[] columns;
  private final String[] ids;
  private final int size;
  private final LeadIndex index;
  private final String partition;

  private ColumnarTable(String partition, String[] names, Column[] columns, String[] ids, int size,
                        boolean indexed) {
    this.partition = partition;
    this.names = names;
    this.columns = columns;
    this.ids = ids;
    this.size = size;
    this.index = indexed ? new LeadIndex(ids, size) : null;
  }

  /** An empty table (no night yet). */
  public static ColumnarTable empty() {
    return new ColumnarTable(null, new String[0], new Column[0], new String[0], 0, true);
  }

  /**
   * The rows of {@code parts} one after the other, in their order (so a lead read twice keeps the row of the later
   * part): the night's files are read apart, on several threads, and joined here. Empty parts are left out.
   */
  public static ColumnarTable concat(String partition, boolean indexed, List<ColumnarTable> parts) {
    List<ColumnarTable> read = parts.stream().filter(p -> p.names.length > 0).toList();
    if (read.isEmpty()) {
      return empty();
    }
    String[] names = read.get(0).names;
    int[] starts = new int[read.size()];
    int size = 0;
    for (int p = 0; p < read.size(); p++) {
      starts[p] = size;
      size += read.get(p).size;
    }
    String[] ids = new String[size];
    for (int p = 0; p < read.size(); p++) {
      System.arraycopy(read.get(p).ids, 0, ids, starts[p], read.get(p).size);
    }
    Column[] columns = new Column[names.length];
    for (int c = 0; c < names.length; c++) {
      Column[] of = new Column[read.size()];
      for (int p = 0; p < of.length; p++) {
        of[p] = read.get(p).column(names[c]);
      }
      columns[c] = of.length == 1 ? of[0] : row -> {
        int p = starts.length - 1;
        while (starts[p] > row) {
          p--;
        }
        return of[p] == null ? null : of[p].get(row - starts[p]);
      };
    }
    return new ColumnarTable(partition, names, columns, ids, size, indexed);
  }

  /** The partition value the rows were read from (the night's date), or null. */
  public String partition() {
    return partition;
  }

  /**
   * The same rows and columns without their ids and index: the night's scores, once each is tied to its lead's
   * features row ({@link NightLeads}), need neither (1M ids are about 50 MiB).
   */
  public ColumnarTable columnsOnly() {
    return new ColumnarTable(partition, names, columns, null, size, false);
  }

  /** How many distinct lead ids the rows hold (a lead read twice counts once; a missing id not at all). */
  public int distinct() {
    return index == null ? 0 : index.distinct();
  }

  /** Rows in read order (a lead read twice keeps its later row in the index). */
  public int size() {
    return size;
  }

  /** The row of a lead, or -1 when the table does not hold it (a table without ids holds none). */
  public int row(String leadId) {
    return index == null ? -1 : index.row(leadId);
  }

  /** The lead id of a row. */
  public String id(int row) {
    return ids[row];
  }

  /** The column of that name, or null when the table has none. */
  public Column column(String name) {
    for (int c = 0; c < names.length; c++) {
      if (names[c].equals(name)) {
        return columns[c];
      }
    }
    return null;
  }

  /** A row as a map by column name, nulls and the {@code skip} columns left out. */
  public Map<String, Object> row(int row, Set<String> skip) {
    Map<String, Object> out = new HashMap<>(names.length * 2);
    for (int c = 0; c < names.length; c++) {
      if (!skip.contains(names[c])) {
        Object v = columns[c].get(row);
        if (v != null) {
          out.put(names[c], v);
        }
      }
    }
    return out;
  }

  /** Appends kernel batches column by column; {@link #build} seals them and indexes the lead ids. */
  public static final class Builder {
    private final String idColumn;
    private final String partition;
    private final boolean indexed;
    private String[] names;
    private Column.Builder[] builders;
    private int idAt = -1;
    private String[] ids = new String[1024];
    private int n;

    /**
     * @param idColumn  the lead id column, indexed (and kept out of {@link #row}'s columns)
     * @param partition the partition value read (the night's date), or null
     */
    public Builder(String idColumn, String partition) {
      this(idColumn, partition, true);
    }

    /** @param indexed false: the table's rows are not looked up by id ({@link #row(String)} finds none) */
    public Builder(String idColumn, String partition, boolean indexed) {
      this.idColumn = idColumn;
      this.partition = partition;
      this.indexed = indexed;
    }

    /** The selected rows of a batch ({@code selected} null: every row). */
    public void add(ColumnarBatch batch, ColumnVector selected) {
      if (names == null) {
        start(batch.getSchema());
      }
      int rows = batch.getSize();
      ColumnVector[] vectors = new ColumnVector[names.length];
      for (int c = 0; c < names.length; c++) {
        vectors[c] = batch.getColumnVector(batch.getSchema().indexOf(names[c]));
      }
      ColumnVector idVector = batch.getColumnVector(idAt);
      for (int i = 0; i < rows; i++) {
        if (selected != null && (selected.isNullAt(i) || !selected.getBoolean(i))) {
          continue;
        }
        if (n == ids.length) {
          ids = Arrays.copyOf(ids, n * 2);
        }
        ids[n++] = idVector.isNullAt(i) ? null : TextColumns.text(idVector, i);
        for (int c = 0; c < vectors.length; c++) {
          builders[c].add(vectors[c], i);
        }
      }
    }

    private void start(StructType schema) {
      idAt = schema.indexOf(idColumn);
      if (idAt < 0) {
        throw io.leadscore.serving.errors.ServingErrors.wrap("the table has no " + idColumn + " column (it has "
            + schema.fieldNames() + "): is it a leadscore gold table?", null);
      }
      List<String> kept = new ArrayList<>();
      List<Column.Builder> b = new ArrayList<>();
      for (int c = 0; c < schema.length(); c++) {
        if (c != idAt) {
          kept.add(schema.at(c).getName());
          b.add(Column.builder(schema.at(c).getDataType()));
        }
      }
      names = kept.toArray(new String[0]);
      builders = b.toArray(new Column.Builder[0]);
    }

    public ColumnarTable build() {
      if (names == null) {
        return empty();
      }
      Column[] columns = new Column[builders.length];
      for (int c = 0; c < builders.length; c++) {
        columns[c] = builders[c].build();
        builders[c] = null; // let the growing arrays go before the next column is sealed
      }
      return new ColumnarTable(partition, names, columns, Arrays.copyOf(ids, n), n, indexed);
    }
  }
}
