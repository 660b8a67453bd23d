import java.util.regex.*;
import java.nio.file.*;
import java.util.*;
public class RX {
  static String q(String s){ StringBuilder b=new StringBuilder("\"");
    for(char c: s.toCharArray()){ if(c=='"'||c=='\\') b.append('\\').append(c); else if(c<0x20||c>0x7e) b.append(String.format("\\u%04x",(int)c)); else b.append(c);} return b.append('"').toString();}
  public static void main(String[] a) throws Exception {
    // each line: op \t pattern \t input [\t arg]  (escapes: \n \r \t \\ via unescape)
    for (String line : Files.readAllLines(Paths.get(a[0]))) {
      String[] f = line.split("\t", -1);
      for (int i=1;i<f.length;i++) f[i]=unesc(f[i]);
      String out;
      try {
        switch (f[0]) {
          case "find": out = String.valueOf(Pattern.compile(f[1]).matcher(f[2]).find()); break;
          case "matches": out = String.valueOf(f[2].matches(f[1])); break;
          case "split": out = list(f[2].split(f[1], f.length>3?Integer.parseInt(f[3]):0)); break;
          case "replaceAll": out = q(f[2].replaceAll(f[1], f[3])); break;
          case "replaceFirst": out = q(f[2].replaceFirst(f[1], f[3])); break;
          default: out="?";
        }
      } catch (Exception e) { out = "ERR " + e.getClass().getSimpleName(); }
      System.out.println(out);
    }
  }
  static String list(String[] p){ StringJoiner j=new StringJoiner(",","[","]"); for(String s:p) j.add(q(s)); return j.toString();}
  static String unesc(String s){ StringBuilder b=new StringBuilder(); for(int i=0;i<s.length();i++){char c=s.charAt(i); if(c=='\\'&&i+1<s.length()){char n=s.charAt(++i); switch(n){case 'n':b.append('\n');break;case 'r':b.append('\r');break;case 't':b.append('\t');break;case 'u':b.append((char)Integer.parseInt(s.substring(i+1,i+5),16));i+=4;break;case '\\': b.append('\\'); break; default:b.append('\\').append(n);}} else b.append(c);} return b.toString();}
}
