package dev.groundup.games.arena;

import java.util.Optional;

/** A move direction: {@code x} grows east, {@code y} grows south. */
enum Dir {
  N(0, -1),
  S(0, 1),
  E(1, 0),
  W(-1, 0);

  private final int dx;
  private final int dy;

  Dir(int dx, int dy) {
    this.dx = dx;
    this.dy = dy;
  }

  int dx() {
    return dx;
  }

  int dy() {
    return dy;
  }

  /** The direction for the wire's {@code "n"}, {@code "s"}, {@code "e"} or {@code "w"}. */
  static Optional<Dir> fromWire(String s) {
    return switch (s) {
      case "n" -> Optional.of(N);
      case "s" -> Optional.of(S);
      case "e" -> Optional.of(E);
      case "w" -> Optional.of(W);
      default -> Optional.empty();
    };
  }
}
