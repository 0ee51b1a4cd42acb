#!/usr/bin/env python3
"""Stores the shared hostile-HTML corpus as mail in a user's folder "xss" (one message each).

    seed-xss-corpus.py HOME_DIR CORPUS_DIR

CORPUS_DIR is ../shared/corpus (DOMPurify's vectors, Roundcube's cases). Prints how many
messages it wrote; writes nothing (and exits 0) when the corpus is absent.
"""
import base64
import json
import os
import sys

def main():
    home, corpus = sys.argv[1], sys.argv[2]
    vectors_file = os.path.join(corpus, "xss", "dompurify-vectors.json")
    if not os.path.exists(vectors_file):
        print("xss corpus: not found, skipped")
        return
    folder = os.path.join(home, "Maildir", ".xss")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    open(os.path.join(folder, "maildirfolder"), "a").close()
    messages = []
    for vector in json.load(open(vectors_file, encoding="utf-8"))["vectors"]:
        messages.append((f"xss-dompurify-{vector['id']}", vector["payload"].encode("utf-8"), None))
    rc = os.path.join(corpus, "roundcube")
    for name in ("htmlxss.txt", "htmlbody.txt", "htmlbase.txt", "htmlcom.txt", "BID-26800.txt", "invalidchars.html"):
        path = os.path.join(rc, name)
        if os.path.exists(path):
            messages.append((f"xss-roundcube-{name}", open(path, "rb").read(), None))
    for name in ("html.msg", "mail0.eml", "filename.eml"):
        path = os.path.join(rc, name)
        if os.path.exists(path):
            messages.append((f"xss-roundcube-{name}", None, open(path, "rb").read()))
    for i, (subject, html, raw) in enumerate(messages, start=1):
        if raw is None:
            body = base64.encodebytes(html).decode()
            raw = (
                f"From: corpus@example.org\r\nTo: alice@example.test\r\nSubject: {subject}\r\n"
                f"Date: Mon, 2 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                f"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{body}"
            ).encode()
        # Named so that Dovecot gives them UIDs in this order.
        with open(os.path.join(folder, "cur", f"{1700000000 + i}.M{i}.xss:2,S"), "wb") as f:
            f.write(raw.replace(b"\r\n", b"\n"))
    st = os.stat(os.path.dirname(os.path.dirname(home)))
    for root, dirs, files in os.walk(folder):
        os.chown(root, st.st_uid, st.st_gid)
        for f in files:
            os.chown(os.path.join(root, f), st.st_uid, st.st_gid)
    print(f"xss corpus: {len(messages)} messages in folder xss")

if __name__ == "__main__":
    main()
