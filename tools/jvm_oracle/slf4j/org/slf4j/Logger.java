package org.slf4j;

/** A no-op stand-in for slf4j-api's Logger: Pebble only logs, the oracle needs no logs. */
public interface Logger {
  default void trace(String msg, Object... args) {}

  default void debug(String msg, Object... args) {}

  default void info(String msg, Object... args) {}

  default void warn(String msg, Object... args) {}

  default void error(String msg, Object... args) {}

  default boolean isTraceEnabled() {
    return false;
  }

  default boolean isDebugEnabled() {
    return false;
  }
}
