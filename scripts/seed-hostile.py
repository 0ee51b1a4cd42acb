#!/usr/bin/env python3
"""Stores the browser tests' hostile and download fixtures in a user's Maildir, and writes what
the tests compare against into OUT_DIR.

    seed-hostile.py HOME_DIR OUT_DIR

- folder "Downloads": one message with a text attachment under a non-ASCII name and a 1.5 MB
  PDF-like binary (several 1 MB chunks); OUT_DIR gets the attachments and the .eml as stored.
- folder "Hostile": messages whose Subject and sender name try to leave the page's <title>.
- folders with hostile names (another client made them), each holding one message.
OUT_DIR/hostile.json lists the subjects and folder names for the tests.
"""
import base64
import json
import os
import random
import sys

SUBJECTS = [
    '</title><meta http-equiv="refresh" content="0;url=http://evil.test/"><title>',
    '</title><h1 data-testid="injected">Injected</h1><title>',
    '<script>alert(1)</script> Tom &amp; Jerry "double" \'single\'',
    'unclosed <title title=',
]
# No "/" (the hierarchy separator) and no "." (Maildir++'s on disk).
FOLDERS = [
    '<img src=x onerror=alert(1)> & "Q"',
    '<meta http-equiv="refresh" content="0"><h1 data-testid="injected">F',
    '<title title=',
]
SENDER = '"</title><h1 data-testid=\\"injected\\">Name</h1>" <evil@example.org>'


def mutf7_ascii(name):
    """Modified UTF-7 of an ASCII name: only "&" changes."""
    return name.replace("&", "&-")


def maildir(home, folder):
    path = os.path.join(home, "Maildir", "." + mutf7_ascii(folder))
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(path, sub), exist_ok=True)
    open(os.path.join(path, "maildirfolder"), "a").close()
    return path


def store(path, n, raw):
    with open(os.path.join(path, "cur", f"{1700000000 + n}.M{n}.hostile:2,"), "wb") as f:
        f.write(raw)


def b64(data):
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


def main():
    home, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    text = "".join(f"Zeile {i}: Grüße aus München\n" for i in range(3000)).encode()
    rng = random.Random(7)
    pdf = b"%PDF-1.4\n" + bytes(rng.getrandbits(8) for _ in range(1_500_000))
    text_name = "Grüße aus München.txt"
    pdf_name = "Rechnung März 2026.pdf"
    raw = (
        b"From: Bob Builder <bob@example.test>\r\nTo: alice@example.test\r\n"
        b"Subject: Two files to download\r\nDate: Tue, 3 Mar 2026 09:00:00 +0000\r\n"
        b"Message-ID: <downloads@example.test>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="dl"\r\n\r\n'
        b"--dl\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBoth files are attached.\r\n"
        b"--dl\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Disposition: attachment; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20aus%20M%C3%BCnchen.txt\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + b64(text) +
        b"--dl\r\nContent-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename*=UTF-8''Rechnung%20M%C3%A4rz%202026.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + b64(pdf) +
        b"--dl--\r\n"
    )
    store(maildir(home, "Downloads"), 1, raw)
    with open(os.path.join(out, "message.eml"), "wb") as f:
        f.write(raw)
    files = {text_name: "attachment-1", pdf_name: "attachment-2"}
    for (name, data) in ((text_name, text), (pdf_name, pdf)):
        with open(os.path.join(out, files[name]), "wb") as f:
            f.write(data)

    hostile = maildir(home, "Hostile")
    for n, subject in enumerate(SUBJECTS, start=1):
        message = (
            f"From: {SENDER}\r\nTo: alice@example.test\r\nSubject: {subject}\r\n"
            f"Date: Tue, 3 Mar 2026 10:0{n}:00 +0000\r\nMessage-ID: <hostile{n}@example.org>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Hostile subject number {n}.\r\n"
            '</textarea><h1 data-testid="injected">Body</h1><form action="http://evil.test/">\r\n'
        ).encode()
        store(hostile, n, message)
    for n, folder in enumerate(FOLDERS, start=1):
        message = (
            f"From: {SENDER}\r\nTo: alice@example.test\r\nSubject: In a hostile folder {n}\r\n"
            "Date: Tue, 3 Mar 2026 11:00:00 +0000\r\nContent-Type: text/plain\r\n\r\nHello.\r\n"
        ).encode()
        store(maildir(home, folder), 1, message)

    with open(os.path.join(out, "hostile.json"), "w", encoding="utf-8") as f:
        json.dump({"subjects": SUBJECTS, "folders": FOLDERS, "files": files}, f, ensure_ascii=False)

    st = os.stat(os.path.dirname(os.path.dirname(home)))
    for root, dirs, names in os.walk(os.path.join(home, "Maildir")):
        os.chown(root, st.st_uid, st.st_gid)
        for name in names:
            os.chown(os.path.join(root, name), st.st_uid, st.st_gid)
    print(f"hostile fixtures: {len(SUBJECTS)} subjects, {len(FOLDERS)} folders, 2 downloads")


if __name__ == "__main__":
    main()
