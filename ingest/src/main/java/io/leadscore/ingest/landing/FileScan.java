package io.leadscore.ingest.landing;

import io.leadscore.core.Sha256;
import io.leadscore.ingest.IngestErrors;
import io.leadscore.ingest.IngestException;
import io.leadscore.ingest.Encodings;
import io.leadscore.ingest.RecordCounter;
import io.leadscore.ingest.SourceMapping;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * One pass over an export's bytes, outside Spark: its size and SHA-256 (the file's identity, with its name),
 * its encoding (byte-order mark, or a mismatch with the declared one) and its physical record count
 * ({@link RecordCounter}; the footer for Parquet). Works on any Hadoop path (local, s3a://).
 */
public final class FileScan {
  static final int SNIFF_BYTES = 4096;

  /**
   * What the pass found.
   *
   * @param counts  null for Parquet (see {@code parquetRows})
   */
  public record Facts(long size, String sha256, Encodings.Sniff encoding, RecordCounter.Counts counts, long parquetRows) {
    /** Data records by the independent count. */
    public long records(boolean csv) {
      return counts == null ? parquetRows : counts.dataRecords(csv);
    }

    /** Whether a value may hold a control character (Parquet: not scanned, so it may). */
    public boolean mayHoldControl() {
      return counts == null || counts.mayHoldControl();
    }

    /** Whether a value may hold undecodable bytes (Parquet: typed values, never). */
    public boolean mayBeUndecodable() {
      return counts != null && counts.mayBeUndecodable();
    }
  }

  private FileScan() {}

  static Facts scan(Configuration conf, String location, SourceMapping m) {
    Path p = new Path(location);
    try {
      FileSystem fs = p.getFileSystem(conf);
      long size = fs.getFileStatus(p).getLen();
      MessageDigest sha = Sha256.digest();
      if (m.format().equals("parquet")) {
        try (InputStream in = new DigestInputStream(fs.open(p), sha)) {
          in.transferTo(OutputStreamNull.INSTANCE);
        }
        long rows;
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
            org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(p, conf))) {
          rows = reader.getRecordCount();
        }
        return new Facts(size, HexFormat.of().formatHex(sha.digest()), null, null, rows);
      }
      try (DigestInputStream raw = new DigestInputStream(fs.open(p), sha)) {
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
        InputStream data = new BufferedInputStream(codec == null ? raw : codec.createInputStream(raw), 1 << 16);
        data.mark(SNIFF_BYTES);
        byte[] head = new byte[SNIFF_BYTES];
        int n = data.readNBytes(head, 0, SNIFF_BYTES);
        data.reset();
        Encodings.Sniff sniff = Encodings.sniff(head, n, m.read().encoding());
        RecordCounter.Counts counts;
        if (sniff.mismatch() != null) {
          counts = new RecordCounter.Counts(0, 0, List.of(), 0, List.of(), 0, List.of(), io.leadscore.ingest.TextSeen.UNKNOWN);
        } else if (m.format().equals("csv")) {
          data.skipNBytes(sniff.bomLength());
          counts = RecordCounter.csv(new InputStreamReader(data, sniff.charset()), m.read().delimiter().charAt(0),
              m.read().multiline(), m.read().maxRecordLines());
        } else {
          try {
            counts = RecordCounter.jsonLines(data);
          } catch (IngestException.FileFailure e) {
            throw IngestErrors.fileFailure("Export %s: %s", location, e.getMessage());
          }
        }
        // the checksum covers every byte of the file, also those a decompressor leaves unread
        raw.transferTo(OutputStreamNull.INSTANCE);
        return new Facts(size, HexFormat.of().formatHex(sha.digest()), sniff, counts, 0);
      }
    } catch (IOException e) {
      throw IngestErrors.wrap("Cannot read export " + location + " to count its records: " + e.getMessage(), e);
    }
  }

  /** Discards bytes (the checksum pass needs no copy). */
  private static final class OutputStreamNull extends java.io.OutputStream {
    static final OutputStreamNull INSTANCE = new OutputStreamNull();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
