package io.leadscore.serving.store;

import static io.leadscore.core.Columns.ARM;
import static io.leadscore.core.Columns.AS_OF_DATE;
import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.MODEL_VERSION;
import static io.leadscore.core.Columns.PROBABILITY;

import java.time.LocalDate;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One night's open leads by id, held column by column: the night's {@code features} rows and {@code lead_scores}
 * rows as {@link ColumnarTable}s and the few opted-out leads as a small map. A lead's {@link StoredLead} is built
 * when it is asked for, from its own rows only, and equals what the row-by-row load built: the features row by
 * column name with nulls left out (no {@code lead_id}, no {@code as_of_date}), the night's score as
 * {@link Lakehouse#nightly} reads a row, the consent reason. Read-only; iteration builds each lead on the way.
 */
public final class NightLeads extends AbstractMap<String, StoredLead> {
  private static final Set<String> NOT_FEATURES = Set.of(LEAD_ID, AS_OF_DATE);

  private final ColumnarTable features;
  private final LocalDate featureDate;
  private final ColumnarTable scores;
  /** The scores row of each features row (-1: none), so that the scores need no ids and no index of their own. */
  private final int[] scoreOf;
  private final LocalDate scoreDate;
  private final Map<String, String> blocked;
  private final int size;

  /**
   * @param scores    the night's {@code lead_scores} rows ({@link ColumnarTable#empty()}: none scored); only their
   *                  ids are read (a lead scored twice keeps its later row, as an index would), not their index
   * @param scoreDate their {@code score_date}
   * @param blocked   the consent reason by lead id, for the leads that may not be profiled
   */
  public NightLeads(ColumnarTable features, LocalDate featureDate, ColumnarTable scores, LocalDate scoreDate,
                    Map<String, String> blocked) {
    this.features = features;
    this.featureDate = featureDate;
    this.scoreDate = scoreDate;
    this.blocked = Map.copyOf(blocked);
    this.scoreOf = new int[features.size()];
    java.util.Arrays.fill(scoreOf, -1);
    for (int s = 0; s < scores.size(); s++) {
      String id = scores.id(s);
      int f = id == null ? -1 : features.row(id);
      if (f >= 0) {
        scoreOf[f] = s;
      }
    }
    this.scores = scores.columnsOnly();
    this.size = features.distinct();
  }

  /**
   * The night's scores as the tier rule needs them, from the rows loaded ({@link Lakehouse#nightScores(boolean)}
   * without ids reads the same rows of the same version again): every row's probability in read order and the
   * version of each arm; null when no score was loaded (then read them from the table).
   */
  public Lakehouse.NightScores nightScores() {
    Column probability = scores.column(PROBABILITY);
    if (scoreDate == null || probability == null) {
      return null;
    }
    Column arm = scores.column(ARM);
    Column version = scores.column(MODEL_VERSION);
    double[] p = new double[scores.size()];
    Map<String, String> versions = new java.util.HashMap<>();
    Object lastArm = null;
    Object lastVersion = null;
    for (int r = 0; r < p.length; r++) {
      Object v = probability.get(r);
      // lead_scores never holds a missing probability; the kernel's vector would give 0 for one
      p[r] = v == null ? 0 : ((Number) v).doubleValue();
      Object a = arm == null ? null : arm.get(r);
      Object m = version == null ? null : version.get(r);
      if (r == 0 || !java.util.Objects.equals(a, lastArm) || !java.util.Objects.equals(m, lastVersion)) {
        versions.put((String) a, (String) m);
        lastArm = a;
        lastVersion = m;
      }
    }
    return new Lakehouse.NightScores(scoreDate, List.of(), p, versions);
  }

  /** The night's features rows, column by column (the segment lookup scans two pairs of them). */
  public ColumnarTable features() {
    return features;
  }

  /** True when row r is its lead's row (a lead read twice keeps its later row, as a map's put did). */
  private boolean current(int r) {
    String id = features.id(r);
    return id != null && features.row(id) == r;
  }

  @Override
  public StoredLead get(Object key) {
    if (!(key instanceof String id)) {
      return null;
    }
    int r = features.row(id);
    return r < 0 ? null : lead(r);
  }

  private StoredLead lead(int r) {
    String id = features.id(r);
    int s = scoreOf[r];
    LeadScore nightly = s < 0 ? null : Lakehouse.nightly(scores.row(s, Set.of()), scoreDate);
    return new StoredLead(id, features.row(r, NOT_FEATURES), featureDate, nightly, blocked.get(id));
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String id && features.row(id) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Entry<String, StoredLead>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Entry<String, StoredLead>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          private int advance(int from) {
            int r = from;
            while (r < features.size() && !current(r)) {
              r++;
            }
            return r;
          }

          @Override
          public boolean hasNext() {
            return next < features.size();
          }

          @Override
          public Entry<String, StoredLead> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            int r = next;
            next = advance(r + 1);
            return new Entry<>() {
              @Override
              public String getKey() {
                return features.id(r);
              }

              @Override
              public StoredLead getValue() {
                return lead(r);
              }

              @Override
              public StoredLead setValue(StoredLead value) {
                throw new UnsupportedOperationException("a night's leads are read-only");
              }

              @Override
              public boolean equals(Object o) {
                return o instanceof Entry<?, ?> e && getKey().equals(e.getKey()) && getValue().equals(e.getValue());
              }

              @Override
              public int hashCode() {
                return getKey().hashCode() ^ getValue().hashCode();
              }
            };
          }
        };
      }
    };
  }
}
