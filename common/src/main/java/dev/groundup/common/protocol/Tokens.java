package dev.groundup.common.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Player tokens: 192 random bits from {@link SecureRandom}, base64url without padding (32
 * characters). Only their SHA-256 hash is kept; a presented token is hashed and compared in
 * constant time ({@link PlayerRecord#tokenMatches}). Tokens never appear in logs.
 */
public final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int BYTES = 24;

  private Tokens() {}

  public static String newToken() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
