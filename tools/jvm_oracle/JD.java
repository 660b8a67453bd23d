import java.text.*; import java.util.*;
public class JD { public static void main(String[] a) throws Exception {
  String[][] cases = {{"1500-01-01","EEE yyyy-MM-dd D"},{"1582-10-04","EEE yyyy-MM-dd"},{"1582-10-15","EEE yyyy-MM-dd"},{"1000-03-01","EEEE u yyyy-MM-dd"},{"0001-01-01","EEE yyyy-MM-dd"},{"1600-02-29","EEE yyyy-MM-dd"}};
  for (String[] c : cases) { SimpleDateFormat p = new SimpleDateFormat("yyyy-MM-dd", Locale.US); p.setTimeZone(TimeZone.getTimeZone("UTC"));
    SimpleDateFormat f = new SimpleDateFormat(c[1], Locale.US); f.setTimeZone(TimeZone.getTimeZone("UTC"));
    Date d = p.parse(c[0]); System.out.println(c[0]+"\t"+c[1]+"\t"+f.format(d)+"\t"+d.getTime()); }
  SimpleDateFormat f = new SimpleDateFormat("EEE yyyy-MM-dd", Locale.US); f.setTimeZone(TimeZone.getTimeZone("UTC"));
  System.out.println("millis\t-12219292800001\t"+f.format(new Date(-12219292800001L)));
  System.out.println("millis\t-15000000000000\t"+f.format(new Date(-15000000000000L)));
}}
