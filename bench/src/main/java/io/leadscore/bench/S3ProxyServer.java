package io.leadscore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * S3Proxy (filesystem-backed) as a child JVM, started the way S3ProxyIngestTest starts it (embedding it
 * clashes with Spark's Jetty). A folder under the blob store is a bucket.
 */
final class S3ProxyServer implements AutoCloseable {
  static final String ACCESS = "test-access";
  static final String SECRET = "test-secret";

  final int port;
  private final ChildJvm jvm;

  private S3ProxyServer(int port, ChildJvm jvm) {
    this.port = port;
    this.jvm = jvm;
  }

  static S3ProxyServer start(Path jar, Path dir, String bucket) throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("S3Proxy is copied by the bench build to " + jar + ": run mvn package first");
    }
    int port = ChildJvm.freePort();
    Path blobs = Files.createDirectories(dir.resolve("blobs"));
    Files.createDirectories(blobs.resolve(bucket));
    Path props = Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port, "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS, "s3proxy.credential=" + SECRET, "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + blobs, "jclouds.identity=x", "jclouds.credential=y"));
    ChildJvm jvm = ChildJvm.start("s3proxy", List.of("-Xmx256m", "-jar", jar.toString()), null, "--properties",
        List.of(props.toString()), Map.of(), dir);
    jvm.awaitPort(port, 60_000);
    return new S3ProxyServer(port, jvm);
  }

  /** The spark.hadoop.fs.s3a.* settings that point s3a at this server. */
  List<String> sparkConf() {
    return List.of("spark.hadoop.fs.s3a.endpoint=http://127.0.0.1:" + port,
        "spark.hadoop.fs.s3a.access.key=" + ACCESS, "spark.hadoop.fs.s3a.secret.key=" + SECRET,
        "spark.hadoop.fs.s3a.path.style.access=true", "spark.hadoop.fs.s3a.connection.ssl.enabled=false",
        "spark.hadoop.fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
        // no directory-marker clean-up after each write (S3Proxy's filesystem store makes that slow)
        "spark.hadoop.fs.s3a.directory.marker.retention=keep",
        "spark.hadoop.fs.s3a.attempts.maximum=3", "spark.hadoop.fs.s3a.retry.limit=3");
  }

  /**
   * The same settings as a Hadoop core-site.xml: what a cluster's HADOOP_CONF_DIR holds. The lakehouse lock
   * is taken before the SparkSession exists, with a plain Hadoop Configuration, which sees core-site.xml but
   * not spark.hadoop.* settings.
   */
  String coreSiteXml() {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    for (String kv : sparkConf()) {
      String key = kv.substring("spark.hadoop.".length(), kv.indexOf('='));
      b.append("  <property><name>").append(key).append("</name><value>").append(kv.substring(kv.indexOf('=') + 1))
          .append("</value></property>\n");
    }
    return b.append("</configuration>\n").toString();
  }

  @Override
  public void close() throws InterruptedException {
    jvm.close();
  }
}
