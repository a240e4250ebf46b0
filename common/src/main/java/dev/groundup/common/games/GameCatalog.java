package dev.groundup.common.games;

import dev.groundup.common.config.ConfigException;
import dev.groundup.game.Game;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The games on this node's classpath, found with {@link ServiceLoader} ({@code
 * META-INF/services/dev.groundup.game.Game}): what a gateway checks inputs against at the edge, and
 * what a shard node chooses the games it offers from ({@code GROUNDUP_GAMES}). Immutable.
 */
public final class GameCatalog {

  /** The operations the engine owns; a game cannot take them as inputs. */
  public static final Set<String> ENGINE_OPS =
      Set.of("login", "join", "leave", "say", "ping", "top", "quit");

  private static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final Pattern OP = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  private final Map<String, Game> byId;
  private final Map<String, List<Game>> byOp;

  private GameCatalog(Collection<Game> games) {
    Map<String, Game> ids = new TreeMap<>();
    Map<String, List<Game>> ops = new TreeMap<>();
    for (Game game : games) {
      String id = game.id();
      if (id == null || !ID.matcher(id).matches()) {
        throw new ConfigException(
            "game "
                + game.getClass().getName()
                + " has an id that is not 1-32 of a-z 0-9 _ -: "
                + id);
      }
      Game clash = ids.putIfAbsent(id, game);
      if (clash != null) {
        throw new ConfigException(
            "two games are called '"
                + id
                + "': "
                + clash.getClass().getName()
                + " and "
                + game.getClass().getName());
      }
      for (String op : game.inputs()) {
        if (!OP.matcher(op).matches() || ENGINE_OPS.contains(op)) {
          throw new ConfigException(
              "game '"
                  + id
                  + "' cannot take the input '"
                  + op
                  + "' (1-32 of a-z 0-9 _, not one of "
                  + new java.util.TreeSet<>(ENGINE_OPS)
                  + ")");
        }
        ops.computeIfAbsent(op, o -> new ArrayList<>()).add(game);
      }
    }
    this.byId = Map.copyOf(ids);
    ops.replaceAll((op, list) -> List.copyOf(list));
    this.byOp = Map.copyOf(ops);
  }

  /** The games {@link ServiceLoader} finds on the classpath. */
  public static GameCatalog load() {
    List<Game> found = new ArrayList<>();
    ServiceLoader.load(Game.class).forEach(found::add);
    return new GameCatalog(found);
  }

  /** Exactly these games (tests, tools). */
  public static GameCatalog of(Collection<Game> games) {
    return new GameCatalog(games);
  }

  public Optional<Game> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every game, by id. */
  public Collection<Game> all() {
    return new TreeMap<>(byId).values();
  }

  public Set<String> ids() {
    return new java.util.TreeSet<>(byId.keySet());
  }

  /** The games that take {@code op} as an input: none for an operation no game knows. */
  public List<Game> declaring(String op) {
    return byOp.getOrDefault(op, List.of());
  }
}
