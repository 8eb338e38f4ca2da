"""Property-based API fuzzing of a running portal from its own published contract.

Signs in through the portal's built-in national sign-in stand-in as a
citizen and as an officer (the way a browser does: login, account chooser,
callback), then runs schemathesis against /api/openapi.json once per
person. Fails on any 5xx, on any answer that does not match the document
(status, content type, headers, body), and so on any error that is not the
`{code, message, fields}` envelope, which the document declares for every
error status.

usage: api-fuzz.py BASE_URL [MAX_EXAMPLES]
"""

import html.parser
import subprocess
import sys
import urllib.parse

import requests

BASE = sys.argv[1].rstrip("/")
EXAMPLES = sys.argv[2] if len(sys.argv) > 2 else "25"


class Hidden(html.parser.HTMLParser):
    """The hidden fields of the stand-in's account chooser."""

    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name") != "account":
            self.fields.setdefault(a["name"], a.get("value", ""))


def sign_in(account):
    """The session cookie and CSRF token of a fresh session for `account`."""
    s = requests.Session()
    start = s.get(f"{BASE}/api/auth/login", allow_redirects=False)
    assert start.status_code in (302, 303), start.status_code
    page = s.get(urllib.parse.urljoin(BASE, start.headers["location"]))
    form = Hidden()
    form.feed(page.text)
    chosen = s.post(f"{BASE}/sso/authorize", data={**form.fields, "account": account}, allow_redirects=False)
    back = s.get(chosen.headers["location"], allow_redirects=False)
    assert back.status_code in (302, 303) and "dvc_session" in s.cookies, (back.status_code, back.headers)
    csrf = s.get(f"{BASE}/api/session").json()["csrf"]
    return f"dvc_session={s.cookies['dvc_session']}", csrf


def fuzz(who, cookie, csrf):
    print(f"--- schemathesis as {who}", flush=True)
    cmd = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{BASE}/api/openapi.json",
        "--url", f"{BASE}/api",
        "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance",
        "--max-examples", EXAMPLES,
        "--seed", "20261202",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--workers", "2",
        "--request-timeout", "20",
        "--suppress-health-check", "all",
        # Sign-in answers are redirects to the provider: judged as sent.
        "--max-redirects", "0",
        "--no-color",
        "-H", f"Cookie: {cookie}",
        "-H", f"x-csrf-token: {csrf}",
        # Signing out would end the session the rest of the run uses.
        "--exclude-path", "/auth/logout",
    ]
    return subprocess.call(cmd)


failed = 0
for who, account in [("a citizen", "citizen-l2"), ("an officer", "officer-commune")]:
    cookie, csrf = sign_in(account)
    failed |= fuzz(who, cookie, csrf)
sys.exit(1 if failed else 0)
