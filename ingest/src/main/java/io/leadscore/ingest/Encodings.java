package io.leadscore.ingest;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The character set of an export from its first bytes: a byte-order mark decides; without one the declared
 * encoding stands, unless the bytes plainly contradict it (NUL in every other byte is UTF-16, not an 8-bit
 * or UTF-8 text), which fails the file with a message naming the encoding it looks like.
 */
public final class Encodings {
  private Encodings() {}

  /**
   * What the sniff found.
   *
   * @param charset    the encoding to read the file in
   * @param bomLength  bytes of byte-order mark at the start (0: none)
   * @param mismatch   null, or why the bytes do not fit the declared encoding (the file must fail)
   */
  public record Sniff(Charset charset, int bomLength, String mismatch) {}

  public static Sniff sniff(byte[] head, int n, String declared) {
    Charset decl = Charset.forName(declared);
    if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
      return new Sniff(StandardCharsets.UTF_8, 3, null);
    }
    if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
      return new Sniff(StandardCharsets.UTF_16LE, 2, null);
    }
    if (n >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
      return new Sniff(StandardCharsets.UTF_16BE, 2, null);
    }
    boolean declaredWide = decl.name().startsWith("UTF-16") || decl.name().startsWith("UTF-32");
    int evenNul = 0;
    int oddNul = 0;
    for (int i = 0; i < n; i++) {
      if (head[i] == 0) {
        if (i % 2 == 0) {
          evenNul++;
        } else {
          oddNul++;
        }
      }
    }
    int pairs = n / 2;
    if (!declaredWide && pairs >= 2 && (evenNul + oddNul) * 4 > n) {
      String looks = oddNul > evenNul ? "UTF-16LE" : "UTF-16BE";
      return new Sniff(decl, 0, String.format("its bytes look like %s (a NUL in every other byte) without a "
          + "byte-order mark, but the mapping declares %s. Export it as UTF-8 or with a byte-order mark, or set "
          + "encoding = \"%s\" in its source mapping", looks, decl.name(), looks));
    }
    if (declaredWide && decl.name().startsWith("UTF-16") && n >= 16 && evenNul + oddNul == 0) {
      return new Sniff(decl, 0, String.format("it is declared %s but has no NUL byte in its first %d bytes: it "
          + "looks like UTF-8 or an 8-bit encoding (e.g. ISO-8859-1). Set encoding = \"UTF-8\" (or the right "
          + "one) in its source mapping", decl.name(), n));
    }
    return new Sniff(decl, 0, null);
  }
}
