import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders templates with a real Pebble 3.2.4 engine configured as AEP runs it (pebble.md §0, §14):
 * newLineTrimming off, autoescaping on (html), strictVariables off, locale en-US; run the JVM with
 * -Duser.timezone=UTC.
 *
 * <p>stdin: one JSON object a line, {"template": "...", "context": {...}}. The context is
 * converted as Jackson does by default: objects are LinkedHashMap, arrays ArrayList, integers
 * Integer (Long, BigInteger when larger), decimals Double. stdout: one JSON object a line,
 * {"ok": true, "out": BASE64} with the UTF-8 bytes the JVM writes (a lone surrogate becomes '?'),
 * or {"ok": false, "error": "ExceptionClass: message"}.
 */
public final class PebbleOracle {
  private PebbleOracle() {}

  public static void main(String[] args) throws Exception {
    PebbleEngine engine =
        new PebbleEngine.Builder()
            .loader(new StringLoader())
            .newLineTrimming(false)
            .autoEscaping(true)
            .strictVariables(false)
            .defaultLocale(Locale.US)
            .cacheActive(false)
            .build();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, true, "UTF-8");
    String line;
    while ((line = in.readLine()) != null) {
      out.println(renderOne(engine, line));
    }
  }

  static String renderOne(PebbleEngine engine, String line) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> request = (Map<String, Object>) new Json(line).value();
      PebbleTemplate template = engine.getTemplate((String) request.get("template"));
      @SuppressWarnings("unchecked")
      Map<String, Object> context = (Map<String, Object>) request.get("context");
      StringWriter writer = new StringWriter();
      template.evaluate(writer, context == null ? new LinkedHashMap<>() : context);
      byte[] bytes = writer.toString().getBytes(StandardCharsets.UTF_8);
      return "{\"ok\": true, \"out\": \"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
    } catch (Throwable error) {
      String text = error.getClass().getName() + ": " + error.getMessage();
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      return "{\"ok\": false, \"error\": \"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
    }
  }

  /** A small JSON reader giving Jackson's default Java types. */
  static final class Json {
    private final String s;
    private int i;

    Json(String s) {
      this.s = s;
    }

    Object value() {
      skip();
      char c = s.charAt(i);
      if (c == '{') return object();
      if (c == '[') return array();
      if (c == '"') return string();
      if (s.startsWith("true", i)) return word(4, Boolean.TRUE);
      if (s.startsWith("false", i)) return word(5, Boolean.FALSE);
      if (s.startsWith("null", i)) return word(4, null);
      return number();
    }

    private Object word(int length, Object result) {
      i += length;
      return result;
    }

    private void skip() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private Map<String, Object> object() {
      Map<String, Object> map = new LinkedHashMap<>();
      i++;
      skip();
      if (s.charAt(i) == '}') {
        i++;
        return map;
      }
      while (true) {
        skip();
        String key = string();
        skip();
        i++; // ':'
        map.put(key, value());
        skip();
        if (s.charAt(i++) == '}') return map;
      }
    }

    private List<Object> array() {
      List<Object> list = new ArrayList<>();
      i++;
      skip();
      if (s.charAt(i) == ']') {
        i++;
        return list;
      }
      while (true) {
        list.add(value());
        skip();
        if (s.charAt(i++) == ']') return list;
      }
    }

    private String string() {
      StringBuilder b = new StringBuilder();
      i++;
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') return b.toString();
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'n': b.append('\n'); break;
          case 'r': b.append('\r'); break;
          case 't': b.append('\t'); break;
          case 'b': b.append('\b'); break;
          case 'f': b.append('\f'); break;
          case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
          default: b.append(e);
        }
      }
    }

    private Object number() {
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
      String text = s.substring(start, i);
      if (text.contains(".") || text.contains("e") || text.contains("E")) {
        return Double.parseDouble(text);
      }
      BigInteger big = new BigInteger(text);
      if (big.bitLength() < 32) return big.intValue();
      if (big.bitLength() < 64) return big.longValue();
      return big;
    }
  }
}
