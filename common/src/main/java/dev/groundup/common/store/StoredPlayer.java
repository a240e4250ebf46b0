package dev.groundup.common.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.PlayerRecord;
import dev.groundup.common.protocol.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A player as stored in {@code groundup.players}: its record (token hash, score, room, progress),
 * the connection it is logged in on (null when offline), its shard, and the epoch of the shard
 * owner that wrote it. While the player is in a room the room's stored state has its live score and
 * steps.
 */
public final class StoredPlayer extends Fenced {

  private PlayerRecord record;
  private int shard;
  private ConnRef conn;

  public StoredPlayer() {}

  public StoredPlayer(PlayerRecord record, int shard, long epoch, ConnRef conn) {
    super(epoch);
    this.record = record;
    this.shard = shard;
    this.conn = conn;
  }

  public PlayerRecord record() {
    return record;
  }

  public int getShard() {
    return shard;
  }

  /** The connection the player is logged in on, or null. */
  public ConnRef conn() {
    return conn;
  }

  /** The player's score as the record has it (the leaderboard's attribute {@code score}). */
  public long getScore() {
    return record.score();
  }

  @Override
  Fenced withEpoch(long epoch) {
    return new StoredPlayer(record, shard, epoch, conn);
  }

  @Override
  public int getClassId() {
    return StoreData.PLAYER;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    super.writeData(out);
    out.writeString(record.name());
    out.writeByteArray(record.tokenHash());
    out.writeLong(record.score());
    out.writeString(record.room());
    out.writeString(record.game());
    out.writeInt(record.progress().size());
    for (Progress p : record.progress()) {
      out.writeString(p.game());
      out.writeByteArray(p.bytes());
    }
    out.writeInt(shard);
    StoreData.writeConn(out, conn);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    super.readData(in);
    String name = in.readString();
    byte[] tokenHash = in.readByteArray();
    long score = in.readLong();
    String room = in.readString();
    String game = in.readString();
    int n = in.readInt();
    List<Progress> progress = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      progress.add(new Progress(in.readString(), in.readByteArray()));
    }
    record = new PlayerRecord(name, tokenHash, score, room, game, progress);
    shard = in.readInt();
    conn = StoreData.readConn(in);
  }

  @Override
  public String toString() {
    return "StoredPlayer["
        + record
        + " shard "
        + shard
        + " epoch "
        + getEpoch()
        + " conn "
        + conn
        + "]";
  }
}
