"""Random Java patterns + inputs -> TSV for RX.java; compare with sandbox.javaregex."""
import json, random, subprocess, sys
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parents[2]))
from sandbox.javaregex import compile_java, JavaRegexError

ATOMS = ['a','b','.','\\w','\\W','\\d','\\s','\\S','\\b','\\B','^','$','[ab]','[^a]','[a-c]','\\p{Alpha}','\\p{Punct}','\\p{L}','\\p{Lu}','[\\w&&[^b]]','[a[\\d]]','\\Qa.\\E','\\.','\\r','\\n','\\R','\\h','\\z','\\Z','é','É','(?i)','(?-i)','(?m)','(?s)','(?d)','(?u)','(?U)','\\x41','\\u00e9','\\t','-',',',' ','\\\\', '\\x{1F600}', '\\1']
QUANT = ['','','','*','+','?','*?','+?','*+','++','{2}','{1,2}','{0,}']
def pattern(r, depth=0):
    out=[]
    for _ in range(r.randint(1,4)):
        if depth<2 and r.random()<0.2:
            kind=r.choice(['(', '(?:', '(?=', '(?!', '(?<=', '(?>', '(?i:', '(?<n>'])
            out.append(kind+pattern(r,depth+1)+')'+r.choice(QUANT))
        elif r.random()<0.1:
            out.append(pattern(r,depth+1)+'|'+pattern(r,depth+1))
        else:
            a=r.choice(ATOMS)
            out.append(a + (r.choice(QUANT) if a not in ('^','$','\\b','\\B','\\z','\\Z','(?i)','(?-i)','(?m)','(?s)','(?d)','(?u)','(?U)') else ''))
    return ''.join(out)
CHARS = ['a','b','A','B','1',' ','.','\n','\r','\r\n','é','É','ß','_','-','\u2028','\x85','\t','😀',',','\\']
def text(r): return ''.join(r.choice(CHARS) for _ in range(r.randint(0,8)))
def esc(s): return s.replace('\\','\\\\').replace('\n','\\n').replace('\r','\\r').replace('\t','\\t').replace('\u2028','\\u2028').replace('\x85','\\u0085')
def mine(op,p,s,arg):
    try:
        c=compile_java(p)
        if op=='find': return str(c.search(s) is not None).lower()
        if op=='matches': return str(c.fullmatch(s) is not None).lower()
        if op=='split': return '['+','.join(json.dumps(x) for x in c.split(s,int(arg)))+']'
        if op=='replaceAll': return json.dumps(c.replace_all(s,arg))
    except JavaRegexError as e: return 'ERR'
seed=int(sys.argv[1]); n=int(sys.argv[2])
r=random.Random(seed)
cases=[]
for _ in range(n):
    op=r.choice(['find','matches','split','replaceAll'])
    arg = str(r.choice([0,0,-1,2])) if op=='split' else r.choice(['x','$0','<$1>','\\$','']) if op=='replaceAll' else None
    cases.append((op,pattern(r),text(r),arg))
with open('f.tsv','w') as f:
    for op,p,s,arg in cases:
        f.write('\t'.join([op,esc(p),esc(s)]+([esc(arg)] if arg is not None else []))+'\n')
java=subprocess.run(['java','-cp','.','RX','f.tsv'],capture_output=True,text=True).stdout.splitlines()
bad=0
for (op,p,s,arg),j in zip(cases,java):
    m=mine(op,p,s,arg)
    jj = 'ERR' if j.startswith('ERR') else j
    # java prints non-ascii as \uXXXX; normalise mine
    if m!='ERR' and m is not None:
        m=m.encode('utf-16','surrogatepass').decode('utf-16')
        m=json.dumps(json.loads(m)) if m[0] in '"[' else m
        jj=json.dumps(json.loads(jj)) if jj[0] in '"[' else jj
    if m!=jj:
        bad+=1
        if bad<=25: print(repr(op),repr(p),repr(s),repr(arg),'java=',j,'mine=',m)
print('mismatches',bad,'of',len(cases))
