/**
 * The game SPI: what a game implements to run on groundup, which gives it networking, sharding,
 * storage, takeover after a crash, handoff while scaling, and a leaderboard.
 *
 * <p>A game is a {@link dev.groundup.game.Game} found by {@link java.util.ServiceLoader} (a jar on
 * the node's classpath with {@code META-INF/services/dev.groundup.game.Game}). A node {@linkplain
 * dev.groundup.game.Game#configure configures} it once from its settings into {@link
 * dev.groundup.game.Rules}, which make {@link dev.groundup.game.Room}s. Everything a room shows its
 * members is JSON the game writes through {@link dev.groundup.game.JsonOut}; everything it keeps is
 * bytes it encodes itself ({@link dev.groundup.game.Room#snapshot()}, a player's progress).
 *
 * <h2>What the engine guarantees</h2>
 *
 * <ul>
 *   <li><b>One thread.</b> Every call on a room — and on the objects it returns — comes from one
 *       thread at a time, never concurrently, with happens-before between calls. A room needs no
 *       locks.
 *   <li><b>Order.</b> A player's inputs reach {@link dev.groundup.game.Room#input} in the order the
 *       player sent them. {@code join} comes before any input of that player and {@code leave}
 *       after its last.
 *   <li><b>Store before show.</b> After a call that changed the room, the engine takes a {@link
 *       dev.groundup.game.Room#snapshot() snapshot} and the members' {@linkplain
 *       dev.groundup.game.Room#view views}, stores the snapshot (with one synchronous backup on
 *       another process), and only then sends the views, the {@code enter}/{@code exit} events and
 *       the answers ({@code joined}, {@code ack}). Writes of one room never overlap: changes made
 *       while one is in flight go into the next. A player therefore never sees a state that a
 *       takeover could lose, and ticks never go back.
 *   <li><b>Exactly-once inputs across takeover.</b> Each input is handed to a room once, and never
 *       replayed. When the room moves to another node (a crash, a handoff) the engine restores it
 *       from its last stored snapshot, which holds every input whose application was acknowledged.
 *       An input applied after that snapshot was never acknowledged and is gone with the old room;
 *       one applied and stored whose {@code ack} had not gone out when the node died is in it (its
 *       sender got {@code unavailable} and cannot tell which: a client that retries must expect
 *       either).
 *   <li><b>Limits.</b> The engine refuses a join past {@link dev.groundup.game.Limits#maxPlayers()}
 *       ({@code room_full}) and an input past {@link dev.groundup.game.Limits#maxWaitingInputs()}
 *       waiting for one player ({@code rate_limited}) without calling the room.
 *   <li><b>Time as ticks.</b> A game with a tick rate gets {@link dev.groundup.game.Room#tick} at
 *       that rate (fixed rate; a late tick is not made up twice); a turn-based one (tick rate 0)
 *       never does, and its tick counts its stored changes instead. Either way ticks count up from
 *       1 and never go back, also across a takeover.
 * </ul>
 *
 * <h2>What the game must guarantee</h2>
 *
 * <ul>
 *   <li><b>Determinism.</b> Given the same calls in the same order and the {@link
 *       java.util.random.RandomGenerator} of its {@link dev.groundup.game.RoomContext}, a room
 *       behaves the same. It draws randomness from that generator only, and reads no clock.
 *   <li><b>No blocking, no I/O, no threads.</b> A call returns in microseconds: it runs on the
 *       event loop that serves many rooms and players.
 *   <li><b>Snapshots restore exactly.</b> {@code restore(snapshot())} gives a room that behaves
 *       like the one that made it — the same members, the same views, the same answers. Views and
 *       snapshots are immutable once returned.
 *   <li><b>Own refusals as codes.</b> A refused input throws {@link dev.groundup.game.Refusal} with
 *       a code of the game's own (documented with the game), never a generic exception: any other
 *       exception from {@code input} or {@code tick} is a crash of the shard, which the engine
 *       restarts from the store. A join that throws anything but a refusal (say, progress the game
 *       cannot read) keeps that player out with {@code unavailable}, logged, and harms no one else.
 * </ul>
 */
package dev.groundup.game;
