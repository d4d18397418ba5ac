package com.amperityworkflowruns.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A declarative job definition, {@code pipelines/NAME.yaml}: its {@code options} map holds
 * pipeline options by their command-line names. The launcher and Terraform read the same files.
 */
public final class JobDefinition {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private JobDefinition() {}

  /**
   * The effective arguments: the definition named by {@code --pipeline} (if any), overridden by
   * the other command-line arguments.
   */
  public static String[] resolve(String[] args) {
    String definition = null;
    Map<String, String> cli = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        positional.add(arg);
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      String value = eq < 0 ? "true" : arg.substring(eq + 1);
      if (name.equals("pipeline")) {
        definition = value;
      } else {
        cli.put(name, value);
      }
    }
    if (!positional.isEmpty()) {
      throw new IllegalArgumentException(
          "unexpected argument '" + positional.get(0) + "': options look like --name=value");
    }
    Map<String, String> merged = new LinkedHashMap<>();
    if (definition != null) {
      merged.putAll(load(Path.of(definition)));
    }
    merged.putAll(cli);
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : merged.entrySet()) {
      out.add("--" + e.getKey() + "=" + e.getValue());
    }
    return out.toArray(new String[0]);
  }

  /** The {@code options} of a definition file, as strings. */
  static Map<String, String> load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read job definition " + file + ": " + e.getMessage().split("\n")[0], e);
    }
    JsonNode options = root == null ? null : root.get("options");
    if (options == null || !options.isObject()) {
      throw new IllegalArgumentException("job definition " + file + " has no 'options:' map");
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isNull()) {
        result.put(e.getKey(), e.getValue().asText());
      }
    }
    return result;
  }
}
