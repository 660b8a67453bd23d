import java.nio.file.*; import java.util.*; import java.nio.charset.*;
// Pebble 3.2.4 string filters, re-stated from their sources on JDK 17 String semantics.
public class PF {
  static String apply(String v, String f, String arg) {
    switch (f) {
      case "upper": return v.toUpperCase();
      case "lower": return v.toLowerCase();
      case "trim": return v.trim();
      case "length": return String.valueOf(v.length());
      case "capitalize": { if (v.length() == 0) return v; int i = 0; while (i < v.length() && Character.isWhitespace(v.charAt(i))) i++;
        if (i == v.length()) return v; return v.substring(0, i) + Character.toTitleCase(v.charAt(i)) + v.substring(i + 1); }
      case "title": { StringBuilder b = new StringBuilder(); boolean next = true;
        for (char c : v.toCharArray()) { if (Character.isWhitespace(c)) next = true; else if (next) { c = Character.toTitleCase(c); next = false; } b.append(c); } return b.toString(); }
      case "abbreviate": { int w = Integer.parseInt(arg); if (v.length() < w) return v; if (v.length() <= 3) return v;
        if (w <= 3) return v.substring(0, w); return v.substring(0, Math.max(0, w - 3)) + "..."; }
      case "first": return v.isEmpty() ? "ERR" : String.valueOf(v.charAt(0));
      case "last": return v.isEmpty() ? "ERR" : String.valueOf(v.charAt(v.length() - 1));
      case "slice": { String[] p = arg.split(","); int a = Integer.parseInt(p[0]), b = Integer.parseInt(p[1]); if (b > v.length()) return "ERR";
        if (a >= b) return "ERR"; return v.substring(a, b); }
      case "splitjoin": return String.join("|", v.split(arg));
    }
    return "?";
  }
  public static void main(String[] a) throws Exception {
    for (String line : Files.readAllLines(Paths.get(a[0]), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", -1);
      String v = new String(Base64.getDecoder().decode(f[0]), StandardCharsets.UTF_8);
      String out;
      try { out = v; for (int i = 1; i + 1 < f.length; i += 2) { out = apply(out, f[i], f[i+1]); if (out.equals("ERR")) break; } }
      catch (Exception e) { out = "ERR"; }
      byte[] bytes = out.getBytes(StandardCharsets.UTF_8);  // lone surrogate halves become '?'
      System.out.println(Base64.getEncoder().encodeToString(bytes));
    }
  }
}
