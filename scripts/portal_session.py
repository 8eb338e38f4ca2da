"""Signs in to a running portal through its built-in national sign-in stand-in, the way a browser does (login, account chooser, callback).

usage: portal_session.py BASE_URL ACCOUNT   (prints the session cookie)
"""

import html.parser
import sys
import urllib.parse

import requests


class Hidden(html.parser.HTMLParser):
    """The hidden fields of the stand-in's account chooser."""

    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name") != "account":
            self.fields.setdefault(a["name"], a.get("value", ""))


def sign_in(base, account):
    """The session cookie and CSRF token of a fresh session for `account`."""
    s = requests.Session()
    start = s.get(f"{base}/api/auth/login", allow_redirects=False)
    assert start.status_code in (302, 303), start.status_code
    page = s.get(urllib.parse.urljoin(base, start.headers["location"]))
    form = Hidden()
    form.feed(page.text)
    chosen = s.post(f"{base}/sso/authorize", data={**form.fields, "account": account}, allow_redirects=False)
    back = s.get(chosen.headers["location"], allow_redirects=False)
    assert back.status_code in (302, 303) and "dvc_session" in s.cookies, (back.status_code, back.headers)
    csrf = s.get(f"{base}/api/session").json()["csrf"]
    return f"dvc_session={s.cookies['dvc_session']}", csrf


if __name__ == "__main__":
    print(sign_in(sys.argv[1].rstrip("/"), sys.argv[2])[0])
