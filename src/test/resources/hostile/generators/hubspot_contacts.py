# Regenerates the hostile-input corpus next to this folder: python3 hubspot_contacts.py
import json
import os
cases = []
def add(name, record, expect="either"):
    cases.append({"case": name, "expect": expect, "record": record})
def contact(props, id_=None, **extra):
    r = {"id": id_ if id_ is not None else "ID", "properties": dict({"lastmodifieddate": "2026-01-02T03:04:05Z"}, **props),
         "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-02T03:04:05Z", "archived": False}
    r.update(extra)
    return r
BIG = lambda ch, n: {"$repeat": ch, "times": n}

# --- emails: invalid (dead letter: the contact carries no usable address) ---
bad_emails = ["@", "a@", "@example.com", "a@@example.com", "a b@example.com", "a@example", "a@example..com",
  "..a@example.com", "a.@example.com", "a@.example.com", "a@example.c", "plainaddress", "a@b@c.com", "a@example.com,b@example.com",
  "a@example.com; DROP TABLE buyer;--", "' OR 1=1 --@x.com", "<img src=x onerror=alert(1)>@x.com", "a@exa mple.com",
  "a@example.com<script>", "\"quoted\"@example.com", "a@[127.0.0.1]", "a\\@example.com", "(comment)a@example.com",
  "a@example.com.", "mailto:a@example.com", "a@" + "x" * 250 + ".com", "x" * 300 + "@example.com",
  "😀@emoji.example.com", "a@😀.example.com", "用户@例子.广告", "a@example.com\u0000", "a\u0000b@example.com",
  "a@example.com\r\nBcc: victim@example.com", "a@example.com%0d%0abcc:x@y.com", "null", "undefined", "NaN",
  "a@example.com' OR Email != '", "=cmd|' /C calc'!A0@x.com", "a@localhost"]
for i, e in enumerate(bad_emails):
    add("invalid email #%d %r" % (i, e[:40]), contact({"email": e, "firstname": "Ann", "lastname": "Lee"}), "either")
# odd but acceptable emails
ok_emails = ["a+tag@example.com", "A.B@EXAMPLE.COM", "  spaced@example.com  ", "o'brien@example.ie",
  "x_y-z@sub.example.co.uk", "1234567890@example.com", "a@xn--bcher-kva.example", "\tTAB@example.com\t",
  "very.common@example.org", "disposable.style.email.with+symbol@example.com"]
for i, e in enumerate(ok_emails):
    add("unusual valid email #%d %r" % (i, e), contact({"email": e, "firstname": "Ok", "lastname": "Mail"}), "stored")

# --- names and text fields: sanitized, stored ---
texts = ["<script>alert('x')</script>", "<img src=x onerror=alert(document.cookie)>", "\"><svg/onload=alert(1)>",
  "javascript:alert(1)", "' OR Name != '", "x' OR Id != null OR Name = 'y", "'; DELETE FROM Lead; --",
  "\\' OR 1=1 --", "Robert'); DROP TABLE buyer;--", "%' AND Name LIKE '%", "${jndi:ldap://127.0.0.1/a}",
  "{{7*7}}", "#{7*7}", "=HYPERLINK(\"http://x\",\"y\")", "+SUM(1+1)", "-2+3", "@SUM(1)",
  "😀😃😄😁", "👨‍👩‍👧‍👦 Family", "🏳️‍🌈", "Zoë Ñúñez", "Ångström", "Dvořák", "Łukasz Żółć", "Иван Петров",
  "李小龍", "محمد", "שלום", "\u202eevil\u202c", "a\u200bb\u200dc", "Z̴̡̢a̷̧l̶g̸o̵", "e\u0301\u0301\u0301",
  "\u0000null\u0000", "tab\tnew\nline\rret", "\u0007bell\u001bescape", "   ", "", "\u00a0\u2003", "0", "-1",
  "true", "null", "NULL", "O'Neil", "van der Berg", "McDONALD", "ALL CAPS NAME", "all lower", "x" * 256,
  "y" * 10000, "\ud83d", "\udc00 lone low", "\ufeffBOM", "\ufffd replacement", "a" * 254 + "😀"]
for i, t in enumerate(texts):
    add("hostile first name #%d" % i, contact({"email": "first%d@hostile.example.com" % i, "firstname": t, "lastname": "Case"}), "stored")
for i, t in enumerate(texts[:30]):
    add("hostile company #%d" % i, contact({"email": "company%d@hostile.example.com" % i, "lastname": "Co", "company": t}), "stored")
for i, t in enumerate(["<b>CTO</b>", "' OR 1=1", "x" * 5000, "\u0000", "😀 Chief Emoji Officer"]):
    add("hostile job title #%d" % i, contact({"email": "title%d@hostile.example.com" % i, "lastname": "T", "jobtitle": t}), "stored")
for i, t in enumerate(["Deutschland" * 10, "x" * 300, "<script>", "🇩🇪", "\u0000DE", "D" * 65]):
    # Longer than the store's 64-character column: dead-lettered with the store's reason, the page goes on.
    add("hostile country #%d" % i, contact({"email": "country%d@hostile.example.com" % i, "lastname": "C", "country": t}), "either")
for i, t in enumerate(["+49 " + "1" * 80, "9" * 70, "+1 (555) 010-9999 ext. 1234567890123456789012345678901234567890123456789012345",
                       "call me", "☎️ 123", "<script>alert(1)</script>", "1e400", "-" * 100]):
    add("hostile phone #%d" % i, contact({"email": "phone%d@hostile.example.com" % i, "lastname": "P", "phone": t}), "either")
for i, t in enumerate(["javascript:alert(1)", "http://" + "a" * 300 + ".com", "data:text/html,<script>alert(1)</script>",
                       "file:///etc/passwd", "ftp://x", "not a url"]):
    add("hostile website #%d" % i, contact({"email": "web%d@hostile.example.com" % i, "lastname": "W", "website": t}), "stored")

# --- multi-megabyte fields ---
add("3 MB first name", contact({"email": "big1@hostile.example.com", "lastname": "Big", "firstname": BIG("A", 3_000_000)}), "stored")
add("5 MB company", contact({"email": "big2@hostile.example.com", "lastname": "Big", "company": BIG("Co ", 1_700_000)}), "stored")
add("2 MB email", contact({"email": BIG("a", 2_000_000), "lastname": "Big"}), "either")
add("2 MB unknown property", contact({"email": "big3@hostile.example.com", "lastname": "Big", "notes": BIG("n", 2_000_000)}), "stored")
add("1 MB of emoji in last name", contact({"email": "big4@hostile.example.com", "lastname": BIG("😀", 250_000)}), "stored")
add("10000 extra properties", contact(dict({"email": "big5@hostile.example.com", "lastname": "Big"}, **{"p%d" % k: "v" for k in range(10000)})), "stored")

# --- wrong types ---
wrong = [1, 1.5, -7, True, False, {"a": 1}, [1, 2], [], {}, ["a@example.com"], {"value": "a@example.com"}, 1e308]
for i, w in enumerate(wrong):
    add("email of wrong type #%d %s" % (i, type(w).__name__), contact({"email": w, "firstname": "Wrong", "lastname": "Type"}), "either")
for i, w in enumerate(wrong):
    add("last name of wrong type #%d %s" % (i, type(w).__name__), contact({"email": "wt%d@hostile.example.com" % i, "lastname": w}), "either")
for i, w in enumerate([None, "", [], "props", 42, True]):
    r = contact({}); r["properties"] = w
    add("properties is %r" % (w,), r, "dead-letter")
for i, w in enumerate([None, 42, 4.2, True, {"x": 1}, [1], "", "abc", "-5", "0x1F", " 12 ", "12a", "9" * 19, "9" * 20, "1e5", "١٢٣"]):
    add("id is %r" % (w,), contact({"email": "idcase%d@hostile.example.com" % i, "lastname": "Id"}, id_=w), "either")
for i, w in enumerate([None, "", "yesterday", "2026-13-45T99:99:99Z", "9999-12-31T23:59:59Z", "-1", "0", "99999999999999999999",
                       1700000000000, {"t": 1}, "2026-01-02", "1970-01-01T00:00:00Z"]):
    r = contact({"email": "date%d@hostile.example.com" % i, "lastname": "Date", "lastmodifieddate": w})
    r["updatedAt"] = None
    add("lastmodifieddate %r, no updatedAt" % (w,), r, "either")
for i, w in enumerate([None, "string", 42, True, ["a"], {"properties": None}]):
    add("result entry is %r" % (w,), w, "dead-letter")

# --- nulls everywhere ---
add("all properties null", contact({"email": None, "firstname": None, "lastname": None, "company": None, "phone": None}), "dead-letter")
add("only a company", contact({"company": "Acme"}), "dead-letter")
add("name only, no email", contact({"firstname": "No", "lastname": "Email"}), "stored")
add("archived contact", contact({"email": "archived@hostile.example.com", "lastname": "A"}, archived=True), "either")

# --- deeply nested ---
add("property nested 500 deep", contact({"email": "nest1@hostile.example.com", "lastname": "Nest", "firstname": {"$nest": 500}}), "either")
add("extra property nested 900 deep", contact({"email": "nest2@hostile.example.com", "lastname": "Nest", "deep": {"$nest": 900}}), "stored")
add("record with nested properties object", contact({"email": "nest3@hostile.example.com", "lastname": "Nest", "company": {"name": {"value": "x"}}}), "either")

json.dump({"comment": "Hostile HubSpot contact records. Each is sent in a page between two valid contacts. expect: stored | dead-letter | either (never lost, never fatal). '$repeat' and '$nest' are expanded by the test (huge and deeply nested values).",
           "cases": cases}, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hubspot-contacts.json"), "w"), indent=1, ensure_ascii=True)
print(len(cases))
