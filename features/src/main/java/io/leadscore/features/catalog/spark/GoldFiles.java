package io.leadscore.features.catalog.spark;

import com.typesafe.config.Config;
import io.leadscore.features.FeaturesErrors;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.Catalogs;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.ingest.SourceMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Small JSON files the features run leaves beside its gold tables, on any Hadoop file system (local, s3a):
 * {@code gold/features/_leadscore/catalog.json} (the catalogue it used) and
 * {@code gold/training_set/_leadscore/leakage.json} (the leakage report). Delta ignores folders starting
 * with an underscore, so they never become table data.
 */
public final class GoldFiles {
  private GoldFiles() {}

  /**
   * The catalogue the features stage used for this configuration and lakehouse: the standard one, unless an
   * active source is a static labelled export (an {@code outcome} column), whose catalogue is learned from
   * the data by the features run and persisted beside the gold tables ({@link #catalogPath}).
   */
  public static FeatureCatalog catalogForRun(Config config, Tables tables) {
    var labelled = SourceMapping.labelled(config);
    if (labelled.isEmpty()) {
      return FeatureCatalog.standard();
    }
    String path = catalogPath(tables);
    return read(path).map(j -> Catalogs.fromJson(j, path))
        .orElseThrow(() -> FeaturesErrors.catalogueMissing(labelled.get().name(), path));
  }

  public static String catalogPath(Tables tables) {
    return tables.path(Table.FEATURES) + "/_leadscore/catalog.json";
  }

  /** What the attribute refresh of stored snapshots left them current to (no lead ids). */
  public static String attributeStatePath(Tables tables) {
    return tables.path(Table.FEATURES) + "/_leadscore/attributes.json";
  }

  public static String leakagePath(Tables tables) {
    return tables.path(Table.TRAINING_SET) + "/_leadscore/leakage.json";
  }

  public static void write(String path, String text) {
    try {
      Path p = new Path(path);
      FileSystem fs = fs(p);
      fs.mkdirs(p.getParent());
      try (OutputStream out = fs.create(p, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw FeaturesErrors.cannotWrite(path, e.getMessage(), e);
    }
  }

  public static Optional<String> read(String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = fs(p);
      if (!fs.exists(p)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(p)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw FeaturesErrors.cannotRead(path, e.getMessage(), e);
    }
  }

  private static FileSystem fs(Path p) throws IOException {
    // the session's Hadoop settings carry s3a endpoints and credentials providers
    Configuration conf = SparkSession.getActiveSession().isDefined()
        ? SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration() : new Configuration();
    URI uri = p.toUri();
    return uri.getScheme() == null ? FileSystem.getLocal(conf) : FileSystem.get(uri, conf);
  }
}
