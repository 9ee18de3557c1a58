"""An independent mail client for the mail-server tests: Python's own imaplib, poplib and smtplib.

Reads one JSON request a line on standard input, {"id": n, "command": ..., ...}, runs each in a
thread of its own, and writes one JSON line for each: {"id": n, "ok": true, ...} or
{"id": n, "ok": false, "error": "<the server's words>", "code": <SMTP code or null>}.
A request may name the loopback address to connect from ("source": "127.0.0.5"), so the server sees
clients at different addresses.
"""
import email
import imaplib
import json
import poplib
import smtplib
import socket
import sys
import threading
import time

HOST = "127.0.0.1"


def words(error):
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = list(error.recipients.values())[0]
        return text.decode("utf-8", "replace")
    arg = error.args[0] if error.args else error
    return arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)


def code_of(error):
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return list(error.recipients.values())[0][0]
    return None


def message(args):
    text = "From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s@tests.invalid>\r\n\r\n%s\r\n" % (
        args.get("header_from", args["from"]), ", ".join(args["to"]), args["subject"], time.time_ns(), args.get("body", "hello"))
    return text.encode("utf-8")


def source_of(args):
    return (args["source"], 0) if args.get("source") else None


class SourcedIMAP4(imaplib.IMAP4):
    def __init__(self, port, source):
        self.source = source
        super().__init__(HOST, port)

    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout, source_address=self.source)


class SourcedPOP3(poplib.POP3):
    def __init__(self, port, source):
        self.source = source
        super().__init__(HOST, port)

    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout, source_address=self.source)


def imap_open(args):
    client = SourcedIMAP4(args["port"], source_of(args))
    client.login(args["user"], args["password"])
    return client


def headers_of(client, mailbox):
    status, data = client.select('"%s"' % mailbox, readonly=True)
    if status != "OK":
        raise imaplib.IMAP4.error("cannot select %s" % mailbox)
    status, data = client.search(None, "ALL")
    found = []
    for number in data[0].split():
        status, parts = client.fetch(number, "(BODY.PEEK[HEADER.FIELDS (SUBJECT FROM TO IN-REPLY-TO)])")
        headers = email.message_from_bytes(parts[0][1])
        found.append({key.lower().replace("-", "_"): headers.get(key, "") for key in ("Subject", "From", "To", "In-Reply-To")})
    return found


def run(args):
    command = args["command"]
    if command == "imap_login":
        client = imap_open(args)
        status, data = client.select("INBOX", readonly=True)
        client.logout()
        return {"exists": int(data[0])}
    if command == "imap_messages":
        client = imap_open(args)
        found = headers_of(client, args.get("mailbox", "INBOX"))
        client.logout()
        return {"messages": found}
    if command == "imap_wait":
        # Mail through Postfix arrives a moment later: look again until it is there or time is up.
        deadline = time.time() + args.get("timeout", 15)
        client = imap_open(args)
        while True:
            found = headers_of(client, args.get("mailbox", "INBOX"))
            if any(m["subject"] == args["subject"] for m in found) or time.time() > deadline:
                client.logout()
                return {"messages": found}
            time.sleep(0.1)
    if command == "pop3_login":
        client = SourcedPOP3(args["port"], source_of(args))
        client.user(args["user"])
        client.pass_(args["password"])
        count, size = client.stat()
        client.quit()
        return {"count": count}
    if command == "smtp_submit":
        client = smtplib.SMTP(HOST, args["port"], source_address=source_of(args))
        client.login(args["user"], args["password"])
        client.sendmail(args["from"], args["to"], message(args))
        client.quit()
        return {}
    if command == "smtp_deliver":
        client = smtplib.SMTP(HOST, args["port"])
        client.sendmail(args["from"], args["to"], message(args))
        client.quit()
        return {}
    if command == "lmtp_raw":
        client = smtplib.LMTP(HOST, args["port"])
        client.sendmail(args["from"], args["to"], args["raw"].encode("utf-8"))
        client.quit()
        return {}
    if command == "lmtp_deliver":
        client = smtplib.LMTP(HOST, args["port"])
        client.sendmail(args["from"], args["to"], message(args))
        client.quit()
        return {}
    raise ValueError("unknown command %s" % command)


LOCK = threading.Lock()


def answer(args):
    try:
        result = run(args)
        result["ok"] = True
    except (imaplib.IMAP4.error, poplib.error_proto, smtplib.SMTPException, ConnectionError, OSError) as error:
        result = {"ok": False, "error": words(error), "code": code_of(error)}
    except Exception as error:
        result = {"ok": False, "error": "client error: %r" % error, "code": None}
    result["id"] = args["id"]
    with LOCK:
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


def main():
    for line in sys.stdin:
        if line.strip():
            threading.Thread(target=answer, args=(json.loads(line),), daemon=True).start()


main()
