package dev.groundup.common.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.groundup.common.protocol.ConnRef;
import java.io.IOException;

/**
 * Hazelcast's factory for the game state's stored values and operations: explicit fields, no Java
 * serialization. Every member registers it ({@code HazelcastConfigs}).
 */
public final class StoreData implements DataSerializableFactory {

  public static final int FACTORY_ID = 7302;
  static final int ROOM = 1;
  static final int PLAYER = 2;
  static final int LEASE = 3;
  static final int ACQUIRE = 4;
  static final int RELEASE = 5;
  static final int PUT = 6;
  static final int CLAIM = 7;
  static final int TOP = 8;
  static final int CREATE = 9;

  @Override
  public IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case ROOM -> new StoredRoom();
      case PLAYER -> new StoredPlayer();
      case LEASE -> new ShardLease();
      case ACQUIRE -> new StoreOps.Acquire();
      case RELEASE -> new StoreOps.Release();
      case PUT -> new StoreOps.Put();
      case CLAIM -> new StoreOps.Claim();
      case TOP -> new TopScores();
      case CREATE -> new StoreOps.Create();
      default -> null;
    };
  }

  static void writeConn(ObjectDataOutput out, ConnRef conn) throws IOException {
    out.writeBoolean(conn != null);
    if (conn != null) {
      out.writeString(conn.node());
      out.writeInt(conn.instance());
      out.writeLong(conn.id());
    }
  }

  static ConnRef readConn(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? new ConnRef(in.readString(), in.readInt(), in.readLong()) : null;
  }
}
