package io.leadscore.ingest.privacy;

import io.leadscore.core.Sha256;

/** The salted hash that stands for a lead id in {@code ops/erasures}: provable with the salt, not reversible. */
public final class LeadHash {
  private LeadHash() {}

  public static String of(String salt, String leadId) {
    return Sha256.hex(salt + "\u001f" + leadId);
  }
}
