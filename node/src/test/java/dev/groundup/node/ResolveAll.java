package dev.groundup.node;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Prints every address {@code InetAddress.getAllByName(args[0])} returns, one a line: the lookup
 * Hazelcast's Kubernetes discovery makes in DNS lookup mode (DnsEndpointResolver).
 * KubernetesManifestIT runs it with the nodes' {@code -Djdk.net.hosts.file} to see that the
 * headless Service's name resolves to every pod.
 */
public final class ResolveAll {

  private ResolveAll() {}

  public static void main(String[] args) {
    try {
      for (InetAddress address : InetAddress.getAllByName(args[0])) {
        System.out.println(address.getHostAddress());
      }
    } catch (UnknownHostException e) {
      System.err.println("unknown host " + args[0]); // no addresses: what Hazelcast then finds
    }
  }
}
