package io.leadscore.ingest.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The salted hash that stands for a lead id in {@code ops/erasures}: provable with the salt, not reversible. */
public final class LeadHash {
  private LeadHash() {}

  public static String of(String salt, String leadId) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest((salt + "\u001f" + leadId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
