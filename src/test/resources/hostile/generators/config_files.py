# Regenerates the hostile-input corpus next to this folder: python3 config_files.py
import json
import os
cases = []
def add(name, file, text, expect="refused"):
    cases.append({"case": name, "file": file, "text": text, "expect": expect})
files = ["scoring.yaml", "lifecycle.yaml", "attribution.yaml", "channels.yaml"]
syntax = [
 ("tab indentation", "rules:\n\t- id: x\n"),
 ("unclosed quote", "rules:\n  - id: \"x\n"),
 ("unclosed flow sequence", "rules: [a, b\n"),
 ("unclosed flow mapping", "rules: {a: 1\n"),
 ("bad indentation", "rules:\n  - id: a\n   weight: 2\n"),
 ("duplicate key", "model: linear\nmodel: first-touch\n"),
 ("billion laughs", "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"),
 ("undefined alias", "rules: *nothing\n"),
 ("java type tag", "rules: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1/\"]]]]\n"),
 ("custom tag", "rules: !evil {a: 1}\n"),
 ("two documents", "rules: []\n---\nrules: []\n"),
 ("only a scalar", "just some text\n"),
 ("a list at the top", "- a\n- b\n"),
 ("binary garbage", "\u0001\u0002\u0003\u0000\u00ff\u00fe"),
 ("NUL byte in a key", "ru\u0000les: []\n"),
 ("deeply nested flow", "a: " + "[" * 3000 + "]" * 3000 + "\n"),
 ("deeply nested block", "".join("  " * i + "k%d:\n" % i for i in range(150)) + "  " * 150 + "v\n"),
 ("key without value colon", "rules\n  - id: x\n"),
 ("mapping in sequence mixed", "rules:\n  - id: a\n  id: b\n"),
 ("directive garbage", "%YAML 9.9\n---\nrules: []\n"),
 ("unknown escape", "rules: \"\\q\"\n"),
 ("huge document", {"$repeat": "x", "times": 4 * 1024 * 1024 + 10, "prefix": "# ", "suffix": "\n"}),
 ("very long key", {"$repeat": "k", "times": 200000, "prefix": "", "suffix": ": 1\n"}),
 ("anchor loop attempt", "a: &a\n  b: *a\n"),
 ("merge key from scalar", "a: &a 1\nb:\n  <<: *a\n"),
 ("wrong type for the whole section", "rules: 42\nthresholds: yes\nstages: [1, 2]\nmodel: {x: 1}\nchannels: 7\n"),
 ("script in values", "rules:\n  - id: \"<script>alert(1)</script>\"\n    when: \"' OR 1=1 --\"\n    points: \"${jndi:ldap://127.0.0.1/a}\"\n"),
 ("emoji keys", "😀: 1\n🔥:\n  - 💥\n"),
 ("numbers out of range", "rules:\n  - id: a\n    points: 1e999\n    weight: -99999999999999999999999\n"),
 ("nulls everywhere", "rules: ~\nthresholds: null\nstages: ~\nmodel: ~\nchannels: ~\n"),
 ("empty keys", ": 1\n\"\": 2\n"),
]
for f in files:
    for name, text in syntax:
        add("%s: %s" % (f, name), f, text)
json.dump({"comment": "Invalid buyer-model YAML files. Each is written as the named file in an otherwise empty model directory and loaded; expect: refused (a ConfigException naming the file; never another exception).", "cases": cases},
          open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "buyer-model-yaml.json"), "w"), indent=1, ensure_ascii=True)

# Trailing control characters are trimmed like spaces: the value is then valid.
SANITIZED = {"NUL in value"}
settings = [
 ("unknown key", "isthmus.hubspot.cronn=0 */5 * * * ?\n"),
 ("bad cron", "isthmus.hubspot.cron=every five minutes\n"),
 ("bad integer", "isthmus.hubspot.pageSize=ten\n"),
 ("integer out of range", "isthmus.hubspot.pageSize=100000\n"),
 ("negative pool", "isthmus.store.poolSize=-1\n"),
 ("bad duration", "isthmus.hubspot.overlap=5 parsecs\n"),
 ("bad url", "isthmus.hubspot.baseUrl=not a url\n"),
 ("javascript url", "isthmus.hubspot.baseUrl=javascript:alert(1)\n"),
 ("bad jdbc url", "isthmus.store.url=mysql://x\n"),
 ("bad boolean", "isthmus.hubspot.enabled=maybe\n"),
 ("bad api version", "isthmus.salesforce.apiVersion=60'; DROP\n"),
 ("soql injection in external id field", "isthmus.salesforce.externalIdField=Id FROM Lead WHERE Name != ''\n"),
 ("secret written literally", "isthmus.hubspot.token=pat-literal-secret\n"),
 ("missing env reference", "isthmus.hubspot.token=${env:ISTHMUS_NO_SUCH_VARIABLE_X}\n"),
 ("missing secret file", "isthmus.hubspot.token=${file:/nonexistent/secret}\n"),
 ("cluster on H2", "isthmus.cluster.enabled=true\n"),
 ("bad cluster instance id", "isthmus.cluster.instanceId=node a; rm -rf /\n"),
 ("checkin interval too short", "isthmus.cluster.checkinInterval=10ms\n"),
 ("NUL in value", "isthmus.hubspot.cron=0 */5 * * * ?\u0000\n"),
 ("emoji in pageSize", "isthmus.hubspot.pageSize=😀\n"),
 ("huge value", {"$repeat": "9", "times": 100000, "prefix": "isthmus.hubspot.pageSize=", "suffix": "\n"}),
 ("bad unicode escape", "isthmus.hubspot.cron=\\uZZZZ\n"),
]
json.dump({"comment": "Invalid application.properties files; expect: refused with every problem as file:line key: what is wrong (never another exception). Credentials are given as valid environment variables so only the case's problem is reported.",
           "cases": [{"case": n, "text": t, "expect": "either" if n in SANITIZED else "refused"} for n, t in settings]},
          open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "settings.json"), "w"), indent=1, ensure_ascii=True)
print(len(cases), len(settings))
