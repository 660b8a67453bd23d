public class SM {
  static String q(String s){ StringBuilder b=new StringBuilder("\"");
    for(char c: s.toCharArray()){ if(c=='"'||c=='\\') b.append('\\').append(c); else if(c<0x20||c>0x7e) b.append(String.format("\\u%04x",(int)c)); else b.append(c);} return b.append('"').toString();}
  public static void main(String[] a){
    String[] xs = {"a\ud83d\ude00b", "\u2003 x\u00a0\t", "Stra\u00dfe", "ABC", "abc", "", "  ", "\u00a0"};
    for (String s : xs) {
      StringBuilder o = new StringBuilder();
      o.append("[").append(q(s)).append(", ");
      o.append(q(s.strip())).append(", ").append(q(s.stripLeading())).append(", ").append(q(s.stripTrailing())).append(", ");
      o.append(s.isBlank()).append(", ").append(s.hashCode()).append(", ");
      o.append(s.compareTo("abc")).append(", ").append(s.compareToIgnoreCase("ABC")).append(", ").append(s.equalsIgnoreCase("abc")).append(", ");
      o.append(s.lastIndexOf("b")).append(", ").append(s.length() > 1 ? q(String.valueOf(s.charAt(1))) : "null").append(", ");
      o.append(s.length() > 1 ? s.codePointAt(1) : -1).append("],");
      System.out.println(o.toString().replace("true","True").replace("false","False"));
    }
  }
}
