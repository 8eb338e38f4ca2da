#!/usr/bin/env python3
"""A real SMTP server for the tests (aiosmtpd): every message received is
appended, decoded, as one JSON line {from, to, subject, body} to the file
given. Usage: smtp-sink.py HOST PORT FILE"""
import email
import json
import sys
import threading
from email import policy

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, path):
        self.path = path

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        part = msg.get_body(preferencelist=("plain",))
        record = {
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "subject": str(msg["subject"]),
            "body": part.get_content() if part else "",
        }
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 Message accepted"


host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
controller = Controller(Sink(path), hostname=host, port=port)
controller.start()
print("ready", flush=True)
threading.Event().wait()
