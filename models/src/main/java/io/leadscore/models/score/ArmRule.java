package io.leadscore.models.score;

import java.nio.charset.StandardCharsets;

/**
 * Which arm scores a lead: a stable hash of its id, so the same lead stays in the same arm across nights (and
 * online) while the challenger's share is unchanged. The hash is Spark's {@code xxhash64(lead_id, 'arm')}
 * (XXH64 over the UTF-8 bytes, seed 42, then over {@code "arm"} seeded with that), computed here in plain Java:
 * the batch computes it as a Spark column, and the scoring tests check that both put every lead in the same arm.
 */
public final class ArmRule {
  public static final String CHAMPION = "champion";
  public static final String CHALLENGER = "challenger";
  /** Spark's seed for {@code xxhash64}. */
  static final long SEED = 42;
  /** The second hashed value, so the arm is not the lead's plain id hash. */
  public static final String SALT = "arm";
  /** Buckets the hash is cut into: the share is applied in steps of 0.01%. */
  public static final int BUCKETS = 10_000;

  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private ArmRule() {}

  /** The arm of {@code leadId} when the challenger scores {@code share} of the leads (0 = none). */
  public static String arm(String leadId, double share) {
    if (share <= 0) {
      return CHAMPION;
    }
    return Math.floorMod(hash(leadId), BUCKETS) < threshold(share) ? CHALLENGER : CHAMPION;
  }

  /** Buckets (of {@link #BUCKETS}) that go to the challenger. */
  public static long threshold(double share) {
    return Math.round(share * BUCKETS);
  }

  /** Spark's {@code xxhash64(leadId, 'arm')}. */
  static long hash(String leadId) {
    long h = xxh64(leadId.getBytes(StandardCharsets.UTF_8), SEED);
    return xxh64(SALT.getBytes(StandardCharsets.UTF_8), h);
  }

  /** XXH64 of {@code b} (little-endian reads, as Spark reads them on every platform it runs on). */
  static long xxh64(byte[] b, long seed) {
    int n = b.length;
    int i = 0;
    long h;
    if (n >= 32) {
      long v1 = seed + P1 + P2;
      long v2 = seed + P2;
      long v3 = seed;
      long v4 = seed - P1;
      do {
        v1 = round(v1, le64(b, i));
        v2 = round(v2, le64(b, i + 8));
        v3 = round(v3, le64(b, i + 16));
        v4 = round(v4, le64(b, i + 24));
        i += 32;
      } while (i <= n - 32);
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
      h = merge(merge(merge(merge(h, v1), v2), v3), v4);
    } else {
      h = seed + P5;
    }
    h += n;
    for (; i + 8 <= n; i += 8) {
      h ^= round(0, le64(b, i));
      h = Long.rotateLeft(h, 27) * P1 + P4;
    }
    if (i + 4 <= n) {
      h ^= (le32(b, i) & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      i += 4;
    }
    for (; i < n; i++) {
      h ^= (b[i] & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static long round(long acc, long input) {
    return Long.rotateLeft(acc + input * P2, 31) * P1;
  }

  private static long merge(long h, long v) {
    return (h ^ round(0, v)) * P1 + P4;
  }

  private static long le64(byte[] b, int i) {
    return (le32(b, i) & 0xFFFFFFFFL) | ((long) le32(b, i + 4) << 32);
  }

  private static int le32(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
  }
}
