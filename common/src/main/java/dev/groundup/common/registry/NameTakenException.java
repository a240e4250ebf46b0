package dev.groundup.common.registry;

/** {@code register} found the name taken; {@link #owner()} says by whom. */
public final class NameTakenException extends RuntimeException {

  private final Registration owner;

  public NameTakenException(Registration owner) {
    super(
        "name "
            + owner.name()
            + " is registered to "
            + owner.address()
            + " on node "
            + owner.node(),
        null,
        false,
        false);
    this.owner = owner;
  }

  public Registration owner() {
    return owner;
  }
}
