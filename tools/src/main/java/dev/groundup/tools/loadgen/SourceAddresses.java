package dev.groundup.tools.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The local addresses connections are bound to, so that more than one ephemeral port range is
 * available towards the same server address: {@code 127.0.0.1-127.0.0.8} (an IPv4 range), {@code
 * 10.0.0.5,10.0.0.6} (a list), or a mix.
 */
public final class SourceAddresses {

  /** More than this many addresses is certainly a typo. */
  static final int MAX = 4096;

  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private SourceAddresses() {}

  public static List<String> parse(String spec) {
    List<String> addresses = new ArrayList<>();
    for (String part : spec.split(",")) {
      String item = part.trim();
      if (item.isEmpty()) {
        continue;
      }
      int dash = item.indexOf('-');
      if (dash > 0 && IPV4.matcher(item.substring(0, dash).trim()).matches()) {
        long from = ipv4(item.substring(0, dash).trim());
        long to = ipv4(item.substring(dash + 1).trim());
        if (to < from) {
          throw new IllegalArgumentException("source address range " + item + " runs backwards");
        }
        if (to - from + 1 + addresses.size() > MAX) {
          throw new IllegalArgumentException("more than " + MAX + " source addresses in " + spec);
        }
        for (long a = from; a <= to; a++) {
          addresses.add(format(a));
        }
      } else {
        if (IPV4.matcher(item).matches()) {
          ipv4(item);
        } else if (!item.contains(":")) {
          throw new IllegalArgumentException("'" + item + "' is not an IP address");
        }
        addresses.add(item);
      }
    }
    if (addresses.isEmpty() || addresses.size() > MAX) {
      throw new IllegalArgumentException(
          "--source-addresses needs 1 to " + MAX + " addresses, got '" + spec + "'");
    }
    return List.copyOf(addresses);
  }

  private static long ipv4(String s) {
    var m = IPV4.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + s + "' is not an IPv4 address");
    }
    long value = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        throw new IllegalArgumentException("'" + s + "' is not an IPv4 address");
      }
      value = value << 8 | octet;
    }
    return value;
  }

  private static String format(long a) {
    return (a >> 24 & 255) + "." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
  }
}
