package io.leadscore.ingest;

/**
 * The id of a row of an export without an id column ({@code key = ["@row"]}): the first 16 hex digits of the
 * file's SHA-256 and the record's 1-based number in the file (the first record after the header is 1), e.g.
 * {@code 3f2a9c0d1e4b5a67-42}. The same bytes give the same ids on every run, so re-ingesting a file changes
 * nothing; any other content (a corrected or re-exported file) gives new ids. The id says where the row came
 * from: {@code sha256sum} of the file and the record number find it again.
 */
public final class RowKey {
  /** Hex digits of the file hash in an id: 64 bits, collisions between two files are not a practical concern. */
  public static final int HASH_DIGITS = 16;

  private RowKey() {}

  /** The id of record {@code rowNumber} (1-based) of the file whose SHA-256 (hex) is {@code fileSha256}. */
  public static String of(String fileSha256, long rowNumber) {
    if (rowNumber < 1) {
      // guard: the record counter numbers records from 1
      throw new IllegalArgumentException("row numbers start at 1, got " + rowNumber);
    }
    return prefix(fileSha256) + rowNumber;
  }

  /** What every id of the file starts with: the hash digits and the dash. */
  public static String prefix(String fileSha256) {
    if (fileSha256 == null || fileSha256.length() < HASH_DIGITS) {
      // guard: callers pass the checksum FileScan computed
      throw new IllegalArgumentException("not a SHA-256 in hex: " + fileSha256);
    }
    return fileSha256.substring(0, HASH_DIGITS).toLowerCase(java.util.Locale.ROOT) + "-";
  }
}
