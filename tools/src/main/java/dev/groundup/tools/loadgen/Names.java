package dev.groundup.tools.loadgen;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Player and room names. Players are {@code <prefix>-<global index>} and rooms {@code
 * <prefix>-room-<k>}; both must be 1-32 of {@code A-Z a-z 0-9 _ -} (PROTOCOL.md). Players persist
 * on the server, so a run that reuses a prefix finds its names taken: the default prefix is random.
 */
public final class Names {

  public static final int MAX_LENGTH = 32;
  static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
  private static final String ALPHABET = LETTERS + "0123456789";

  private Names() {}

  /** Six random characters, a letter first. */
  public static String randomPrefix() {
    return randomPrefix(new SecureRandom());
  }

  static String randomPrefix(RandomGenerator random) {
    StringBuilder b = new StringBuilder(6);
    b.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
    for (int i = 1; i < 6; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  public static String player(String prefix, long index) {
    return prefix + "-" + index;
  }

  public static String room(String prefix, int k) {
    return prefix + "-room-" + k;
  }

  /**
   * The room of the player with this global index when players spread evenly over {@code rooms}.
   */
  public static int roomOf(long index, int rooms) {
    return (int) (index % rooms);
  }

  /**
   * Checks that every name a run of {@code connections} players in {@code rooms} rooms will use is
   * valid.
   *
   * @throws IllegalArgumentException naming the first name that is not
   */
  public static void check(String prefix, int connections, int rooms) {
    if (!VALID.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "--prefix '" + prefix + "' must be 1-" + MAX_LENGTH + " of A-Z a-z 0-9 _ -");
    }
    String longestPlayer = player(prefix, Math.max(0, connections - 1));
    if (!VALID.matcher(longestPlayer).matches()) {
      throw new IllegalArgumentException(
          "--prefix '"
              + prefix
              + "' is too long: player name '"
              + longestPlayer
              + "' would be longer than "
              + MAX_LENGTH
              + " characters");
    }
    if (rooms > 0) {
      String longestRoom = room(prefix, rooms - 1);
      if (!VALID.matcher(longestRoom).matches()) {
        throw new IllegalArgumentException(
            "--prefix '"
                + prefix
                + "' is too long: room name '"
                + longestRoom
                + "' would be longer than "
                + MAX_LENGTH
                + " characters");
      }
    }
  }
}
