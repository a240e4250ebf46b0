package dev.groundup.common.codec;

/**
 * Marker for every message that travels on the event bus inside the cluster. Each protocol is a
 * sealed interface of records (and enum singletons for messages without fields) that extends this
 * one; {@link WireCodec} encodes all of them.
 */
public interface WireMessage {}
