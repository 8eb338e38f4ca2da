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

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from portal_session import sign_in  # noqa: E402

BASE = sys.argv[1].rstrip("/")
EXAMPLES = sys.argv[2] if len(sys.argv) > 2 else "25"


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
    cookie, csrf = sign_in(BASE, account)
    failed |= fuzz(who, cookie, csrf)
sys.exit(1 if failed else 0)
