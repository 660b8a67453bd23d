"""Random profile-shaped strings through random chains of Pebble string filters: sandbox vs a
JDK 17 restatement of Pebble 3.2.4's filters (PF.java)."""
import base64, json, random, subprocess, sys
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parents[2]))
from sandbox.destinations.pebble import PebbleEngine, TemplateError
PIECES = ["Ada", "José", "Ærøskøbing", "ß", "ﬁne", "İstanbul", "😀", "𝔘x", "\t", " ", "\r\n", "ΣΑΣ", "ǆemal",
          "o'neil", "x-y", ",", ";", "  lead", "trail  ", "ŉ", "ǅ", "\u00a0", "\u2003", "a.b", "1", "ǰ", "ﬀ", "Ǆ"]
MIDDLE = ["upper", "lower", "trim", "capitalize", "title", "abbreviate", "slice", "splitjoin"]
FINAL = ["length", "first", "last"]
def chain(r):
    fs = [r.choice(MIDDLE) for _ in range(r.randint(1, 3))]
    if r.random() < 0.3: fs.append(r.choice(FINAL))
    out = []
    for f in fs:
        arg = ""
        if f == "abbreviate": arg = str(r.randint(0, 9))
        if f == "slice": a = r.randint(0, 4); arg = f"{a},{a + r.randint(0, 6)}"
        if f == "splitjoin": arg = r.choice([",", " ", "", "\\s+", "a", "\\.", "x"])
        out.append((f, arg))
    return out
def template(fs):
    parts = []
    for f, arg in fs:
        if f == "abbreviate": parts.append(f"abbreviate({arg})")
        elif f == "slice": a, b = arg.split(","); parts.append(f"slice({a}, {b})")
        elif f == "splitjoin": parts.append("split('" + arg + "') | join('|')")
        else: parts.append(f)
    return "{{ (v | " + " | ".join(parts) + ") | raw }}"
engine = PebbleEngine()
def mine(v, fs):
    try: return engine.compile(template(fs)).render({"v": v}).text.encode("utf-8")
    except TemplateError: return b"ERR"
seed, n = int(sys.argv[1]), int(sys.argv[2])
r = random.Random(seed)
cases = []
for _ in range(n):
    v = "".join(r.choice(PIECES) for _ in range(r.randint(0, 4)))
    cases.append((v, chain(r)))
with open("cases.tsv", "w") as f:
    for v, fs in cases:
        f.write("\t".join([base64.b64encode(v.encode()).decode()] + [x for pair in fs for x in pair]) + "\n")
java = subprocess.run(["java", "-cp", ".", "PF", "cases.tsv"], capture_output=True, text=True).stdout.splitlines()
bad = 0; keep = []
for (v, fs), j in zip(cases, java):
    expected = base64.b64decode(j)
    got = mine(v, fs)
    if got != expected:
        bad += 1
        if bad <= 12: print(repr(v), template(fs), "java=", expected.decode(errors="replace"), "mine=", got.decode(errors="replace"))
    keep.append({"value": v, "template": template(fs), "java": expected.decode("utf-8")})
print("mismatches", bad, "of", len(cases))
if len(sys.argv) > 3: json.dump(keep, open(sys.argv[3], "w"), ensure_ascii=False, indent=0)
