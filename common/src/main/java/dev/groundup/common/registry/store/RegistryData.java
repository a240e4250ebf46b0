package dev.groundup.common.registry.store;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Hazelcast's factory for the registry's stored values and entry processors. They travel as {@link
 * IdentifiedDataSerializable} (a factory id and a class id, then explicit fields): no Java
 * serialization and no reflection. Every member registers it ({@code HazelcastConfigs}).
 */
public final class RegistryData implements DataSerializableFactory {

  public static final int FACTORY_ID = 7301;
  static final int NAME_ENTRY = 1;
  static final int GROUP_MEMBERS = 2;
  static final int REGISTER = 3;
  static final int REREGISTER = 4;
  static final int UNREGISTER = 5;
  static final int REPLACE = 6;
  static final int JOIN = 7;
  static final int LEAVE = 8;
  static final int PURGE_NAMES = 9;
  static final int PURGE_GROUPS = 10;

  @Override
  public IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case NAME_ENTRY -> new NameEntry();
      case GROUP_MEMBERS -> new GroupMembers();
      case REGISTER -> new NameOps.Register();
      case REREGISTER -> new NameOps.Reregister();
      case UNREGISTER -> new NameOps.Unregister();
      case REPLACE -> new NameOps.Replace();
      case PURGE_NAMES -> new NameOps.Purge();
      case JOIN -> new GroupOps.Join();
      case LEAVE -> new GroupOps.Leave();
      case PURGE_GROUPS -> new GroupOps.Purge();
      default -> null;
    };
  }
}
