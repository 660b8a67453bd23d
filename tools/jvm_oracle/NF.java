import java.text.*; import java.util.*;
public class NF { public static void main(String[] a){
  String[] pats = {"#.##", ".##", "#", "0", "#,##0.00", "¤#,##0.00", "##0.#####E0", "0.###E0", "00.###E0", "#,##0.###", "0.00%", "#.#", "000.000", "#,#00.0#", "'$'#,##0.00;('$'#,##0.00)", "#.##E0", "0E0", "##0.##E0"};
  double[] ds = {0.5, -0.5, 0.0, 1234.5, 12345678.9, 0.125, 1.005, 1.7976931348623157E308, 4.9E-324, 0.0001234, -1234567.891, 100.0, 2.5, 3.5, 1e-10, 999.9999};
  long[] ls = {0L, 7L, -42L, 123456789012L};
  for (String p: pats) { DecimalFormat f = new DecimalFormat(p, DecimalFormatSymbols.getInstance(Locale.US));
    StringBuilder b = new StringBuilder();
    for (double d: ds) b.append(f.format(d)).append("\t");
    for (long l: ls) b.append(f.format(l)).append("\t");
    System.out.println(b);
  }
}}
