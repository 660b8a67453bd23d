import java.util.*; import java.time.*;
public class TZ { public static void main(String[] a){
  StringBuilder b = new StringBuilder("{\n");
  String[] ids = TimeZone.getAvailableIDs(); Arrays.sort(ids); boolean first = true;
  for (String id : ids) {
    TimeZone tz = TimeZone.getTimeZone(id);
    String target; try { target = tz.toZoneId().getId(); } catch (Exception e) { target = "?"; }
    if (!first) b.append(",\n"); first = false;
    b.append(String.format("\"%s\": [\"%s\", %d, \"%s\", \"%s\", \"%s\", \"%s\"]", id, target, tz.getRawOffset()/60000,
      tz.getDisplayName(false, TimeZone.SHORT, Locale.US), tz.getDisplayName(true, TimeZone.SHORT, Locale.US),
      tz.getDisplayName(false, TimeZone.LONG, Locale.US), tz.getDisplayName(true, TimeZone.LONG, Locale.US)));
  }
  System.out.println(b.append("\n}"));
}}
