package com.amperityworkflowruns.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * One-line console logging for the jar's command-line programs. The jar binds SLF4J to {@code
 * java.util.logging} (the binding Dataflow's workers route to Cloud Logging), whose own default is
 * two lines per record at INFO from every library; this installs {@value #RESOURCE}: warnings from
 * libraries and info from the job, one line each, on stderr. A {@code
 * -Djava.util.logging.config.file} given on the command line wins.
 *
 * <p>The Direct runner sets the loggers' levels from its own options when a pipeline runs (INFO
 * by default), so the console handler also filters by the levels of the file ({@link
 * ConfiguredLevels}).
 */
public final class ConsoleLogging {
  /** The configuration, a {@code java.util.logging} properties file on the class path. */
  static final String RESOURCE = "console-logging.properties";

  private ConsoleLogging() {}

  /** Installs the console configuration unless the JVM was given one. */
  public static void install() {
    if (System.getProperty("java.util.logging.config.file") != null
        || System.getProperty("java.util.logging.config.class") != null) {
      return;
    }
    try (InputStream in = configuration()) {
      LogManager.getLogManager().readConfiguration(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The bundled configuration. */
  static InputStream configuration() {
    InputStream in = ConsoleLogging.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(RESOURCE + " is missing from the jar");
    }
    return in;
  }

  /**
   * The level a logger of this name logs from, by the {@code NAME.level} entries of a
   * configuration: the nearest one up the dotted name, else the root's {@code .level}, else INFO.
   */
  static Level threshold(String loggerName, Function<String, String> property) {
    String name = loggerName == null ? "" : loggerName;
    while (true) {
      String value = property.apply(name + ".level");
      if (value != null) {
        return Level.parse(value.trim());
      }
      if (name.isEmpty()) {
        return Level.INFO;
      }
      int dot = name.lastIndexOf('.');
      name = dot < 0 ? "" : name.substring(0, dot);
    }
  }

  /**
   * The console handler's filter (named in {@value #RESOURCE}): passes a record only from the
   * level the configuration gives its logger, whatever level a runner set on the logger since.
   */
  public static final class ConfiguredLevels implements Filter {
    /** Created by {@link LogManager} from the configuration. */
    public ConfiguredLevels() {}

    @Override
    public boolean isLoggable(LogRecord record) {
      Level from = threshold(record.getLoggerName(), LogManager.getLogManager()::getProperty);
      return record.getLevel().intValue() >= from.intValue();
    }
  }
}
