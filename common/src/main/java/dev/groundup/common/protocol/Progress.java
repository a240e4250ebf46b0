package dev.groundup.common.protocol;

import java.util.Arrays;

/**
 * What a player keeps of one game between rooms and sessions: bytes the game encodes ({@code
 * dev.groundup.game.Leaving#progress}) and the engine stores without reading them.
 */
public record Progress(String game, byte[] bytes) {

  public Progress {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Progress p && game.equals(p.game) && Arrays.equals(bytes, p.bytes);
  }

  @Override
  public int hashCode() {
    return game.hashCode() * 31 + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Progress[" + game + ", " + bytes.length + " bytes]";
  }
}
