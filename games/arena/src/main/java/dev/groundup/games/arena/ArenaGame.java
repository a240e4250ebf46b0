package dev.groundup.games.arena;

import dev.groundup.game.Args;
import dev.groundup.game.Game;
import dev.groundup.game.Refusal;
import dev.groundup.game.Rules;
import dev.groundup.game.Settings;
import java.util.List;
import java.util.Set;

/**
 * Arena, the built-in game: players on a grid move one cell a tick ({@code {"op":"move","dir":D}},
 * D one of {@code n s e w}) and collect coins; each coin adds a point to the player's score and to
 * the cluster-wide leaderboard. Its wire shapes are PROTOCOL.md section 1 ("The game: arena").
 *
 * <p>Settings (the node's environment): {@code GROUNDUP_ROOM_WIDTH}, {@code GROUNDUP_ROOM_HEIGHT},
 * {@code GROUNDUP_ROOM_MAX_PLAYERS}, {@code GROUNDUP_ROOM_COINS}, {@code
 * GROUNDUP_MAX_WAITING_MOVES} and {@code GROUNDUP_TICK_HZ} ({@link ArenaRules}).
 */
public final class ArenaGame implements Game {

  public static final String ID = "arena";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> inputs() {
    return Set.of("move");
  }

  @Override
  public Refusal check(String op, Args args) {
    return op.equals("move") ? dir(args).refusal() : null;
  }

  @Override
  public Rules configure(Settings settings) {
    return ArenaRules.from(settings);
  }

  @Override
  public List<String> sampleInputs() {
    return List.of(
        "{\"op\":\"move\",\"dir\":\"e\"}",
        "{\"op\":\"move\",\"dir\":\"s\"}",
        "{\"op\":\"move\",\"dir\":\"w\"}",
        "{\"op\":\"move\",\"dir\":\"n\"}");
  }

  /** A move's direction, or why it has none. */
  record DirOrRefusal(Dir dir, Refusal refusal) {}

  static DirOrRefusal dir(Args args) {
    return switch (args.kind("dir")) {
      case MISSING, NULL -> new DirOrRefusal(null, Refusal.badRequest("missing field dir"));
      case STRING ->
          Dir.fromWire(args.text("dir"))
              .map(d -> new DirOrRefusal(d, null))
              .orElseGet(() -> new DirOrRefusal(null, badDir()));
      default -> new DirOrRefusal(null, badDir());
    };
  }

  private static Refusal badDir() {
    return Refusal.badRequest("dir must be one of n, s, e, w");
  }
}
