#!/usr/bin/env python3
"""Writes realistic demo mail straight into a Dovecot Maildir (faster than delivering it).

    seed-mail.py HOME_DIR [--count N]

HOME_DIR is the user's Dovecot home (Maildir below it). Writes, once: plain and HTML mail (with
remote images), one with a PDF attachment, a reply thread, non-ASCII subjects and senders, and
mail in Sent, Archive and a non-ASCII folder "Projekte/Überweisungen". With --count N it adds N
generated plain messages to INBOX (for large-folder tests). Files get the owner of HOME_DIR's
parent so Dovecot can index them.
"""
import argparse
import os
import random
import time
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from datetime import datetime, timedelta, timezone

ME = Address("Alice Example", "alice", "example.test")
PEOPLE = [
    Address("Bob Builder", "bob", "example.test"),
    Address("Zoë Müller", "zoe", "example.org"),
    Address("Hosting Support", "support", "hosting.test"),
    Address("Carol Chen", "carol", "example.org"),
    Address("Dave O'Neil", "dave", "example.org"),
    Address("Élodie Durand", "elodie", "example.org"),
]
NOW = datetime.now(timezone.utc).replace(microsecond=0)


def maildir_name(folder):
    """INBOX → Maildir; "A/B" → Maildir/.A.B (Maildir++ with modified UTF-7)."""
    if folder == "INBOX":
        return "Maildir"
    return "Maildir/." + ".".join(mutf7(part) for part in folder.split("/"))


def mutf7(text):
    out, pending = [], ""
    def flush():
        nonlocal pending
        if pending:
            import base64
            b64 = base64.b64encode(pending.encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
            out.append("&" + b64 + "-")
            pending = ""
    for ch in text:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending += ch
    flush()
    return "".join(out)


class Writer:
    def __init__(self, home):
        self.home = home
        self.counter = 0
        # The owner of the nearest existing ancestor (the mail root Dovecot's user owns).
        self.created = []
        ancestor = os.path.abspath(home)
        while not os.path.exists(ancestor):
            self.created.append(ancestor)
            ancestor = os.path.dirname(ancestor)
        st = os.stat(ancestor)
        self.uid, self.gid = st.st_uid, st.st_gid
        os.makedirs(home, exist_ok=True)

    def ensure(self, folder):
        path = os.path.join(self.home, maildir_name(folder))
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(path, sub), exist_ok=True)
        if folder != "INBOX":
            open(os.path.join(path, "maildirfolder"), "a").close()
        return path

    def write(self, folder, message, date, seen=True, flagged=False, answered=False):
        path = self.ensure(folder)
        self.counter += 1
        flags = "".join(f for f, on in (("F", flagged), ("R", answered), ("S", seen)) if on)
        stamp = int(date.timestamp())
        name = f"{stamp}.M{self.counter}P{os.getpid()}.postern-seed:2,{flags}"
        data = message.as_bytes() if isinstance(message, EmailMessage) else message
        data = data.replace(b"\r\n", b"\n")
        target = os.path.join(path, "cur", name)
        with open(target, "wb") as f:
            f.write(data)
        os.utime(target, (stamp, stamp))

    def chown_all(self):
        for path in self.created:
            os.chown(path, self.uid, self.gid)
        for root, dirs, files in os.walk(self.home):
            os.chown(root, self.uid, self.gid)
            for f in files:
                os.chown(os.path.join(root, f), self.uid, self.gid)


def message(sender, to, subject, body, date, html=None, reply_to=None, **headers):
    m = EmailMessage()
    m["From"] = sender
    m["To"] = to
    m["Subject"] = subject
    m["Date"] = format_datetime(date)
    m["Message-ID"] = headers.pop("message_id", None) or make_msgid(domain=sender.domain)
    if reply_to is not None:
        m["In-Reply-To"] = reply_to
        m["References"] = reply_to
    for k, v in headers.items():
        m[k.replace("_", "-")] = v
    m.set_content(body)
    if html:
        m.add_alternative(html, subtype="html")
    return m


def seed_demo(w):
    for folder in ("INBOX", "Drafts", "Sent", "Junk", "Trash", "Archive", "Projekte", "Projekte/Überweisungen"):
        w.ensure(folder)
    rnd = random.Random(7)
    ago = lambda days, hours=0: NOW - timedelta(days=days, hours=hours)

    # A reply thread: Bob asks, Alice answers (in Sent), Bob replies.
    first_id = make_msgid(domain="example.test")
    w.write("INBOX", message(PEOPLE[0], ME, "Site migration this weekend", "Hi Alice,\n\nwe move the shop to the new server on Saturday.\nCan you check the DNS records before Friday?\n\nThanks,\nBob\n", ago(3, 5), message_id=first_id), ago(3, 5), answered=True)
    answer_id = make_msgid(domain="example.test")
    w.write("Sent", message(ME, PEOPLE[0], "Re: Site migration this weekend", "Hi Bob,\n\nDNS looks fine, TTLs are down to 300.\n\nOn Monday, Bob Builder wrote:\n> we move the shop to the new server on Saturday.\n> Can you check the DNS records before Friday?\n\nAlice\n", ago(3, 2), reply_to=first_id, message_id=answer_id), ago(3, 2))
    w.write("INBOX", message(PEOPLE[0], ME, "Re: Site migration this weekend", "Great, thanks!\n\n> DNS looks fine, TTLs are down to 300.\n\nBob\n", ago(2, 20), reply_to=answer_id), ago(2, 20), seen=False)

    # HTML newsletter with remote images (blocked until the reader asks).
    html = """<html><body style="font-family: sans-serif">
<h1 style="color:#0a5">Autumn offers</h1>
<p><img src="https://images.example.net/banner.png" alt="Banner" width="600"></p>
<p>Our <b>autumn</b> sale starts today. <a href="https://shop.example.net/sale">See the offers</a>.</p>
<img src="https://tracker.example.net/open.gif?id=alice" width="1" height="1">
</body></html>"""
    w.write("INBOX", message(Address("Example Shop", "news", "shop.example.net"), ME, "Autumn offers – 20 % off everything", "Our autumn sale starts today: https://shop.example.net/sale\n", ago(1, 3), html=html), ago(1, 3), seen=False)

    # An invoice with a PDF attachment.
    invoice = message(PEOPLE[2], ME, "Invoice 2026-1104 for example.test", "Dear customer,\n\nplease find attached the invoice for your hosting package.\n\nKind regards,\nHosting Support\n", ago(5))
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    invoice.add_attachment(pdf, maintype="application", subtype="pdf", filename="Rechnung-2026-1104.pdf")
    w.write("INBOX", invoice, ago(5), flagged=True)

    # Non-ASCII senders and subjects (RFC 2047 on the wire).
    w.write("INBOX", message(PEOPLE[1], ME, "Grüße aus München 🍺", "Hallo Alice,\n\nviele Grüße vom Oktoberfest!\n\nZoë\n", ago(0, 2)), ago(0, 2), seen=False)
    w.write("INBOX", message(PEOPLE[5], ME, "Réunion de l'équipe – ordre du jour", "Bonjour,\n\nvoici l'ordre du jour de la réunion de jeudi.\n\nÉlodie\n", ago(4)), ago(4))
    w.write("INBOX", message(PEOPLE[3], ME, "", "A message without a subject.\n", ago(6)), ago(6))

    # Everyday mail to fill the Inbox.
    topics = [
        ("Quota warning: mailbox 91 % full", "Your mailbox is almost full. Empty the Trash to free space.\n"),
        ("Lunch on Thursday?", "Are you free for lunch on Thursday at noon?\n"),
        ("Your order has shipped", "Your order #48213 has shipped and arrives on Tuesday.\n"),
        ("Password policy update", "From next month, passwords need at least 12 characters.\n"),
        ("Meeting notes", "Attached are the notes from today's meeting (see below).\n\n- budget\n- timeline\n"),
        ("Backup report", "All 14 backups completed successfully.\n"),
        ("Weekend plans", "Hiking on Saturday if the weather holds?\n"),
        ("Re: Contract renewal", "Signed copy is on its way.\n"),
        ("SSL certificate renewed", "The certificate for example.test was renewed until next year.\n"),
        ("Welcome to the team!", "Welcome aboard, we are happy to have you.\n"),
        ("Reminder: dentist appointment", "This is a reminder of your appointment on Monday at 9:00.\n"),
        ("Photos from the trip", "The photos are in the shared folder.\n"),
        ("Server maintenance window", "Maintenance on Sunday 02:00–04:00 UTC.\n"),
        ("Newsletter: October", "News from the community this month.\n"),
        ("Invitation: product demo", "Join us for a short demo on Wednesday.\n"),
        ("Question about the invoice", "Could you send the invoice again with our VAT number?\n"),
        ("Your domain renews soon", "example.test renews in 30 days.\n"),
        ("Feedback on the draft", "Looks good, a few comments inline.\n"),
        ("Conference tickets", "Your tickets for the conference are confirmed.\n"),
        ("Re: Holiday schedule", "I am away from the 22nd to the 3rd.\n"),
    ]
    for i, (subject, body) in enumerate(topics):
        sender = PEOPLE[i % len(PEOPLE)]
        date = ago(7 + i, rnd.randint(0, 23))
        w.write("INBOX", message(sender, ME, subject, f"Hello Alice,\n\n{body}\nBest,\n{sender.display_name}\n", date), date, seen=i % 3 != 0, flagged=i % 7 == 0)

    # Other folders.
    for i in range(4):
        date = ago(30 + i)
        w.write("Archive", message(PEOPLE[i], ME, f"Archived report {2025 - i}", "Yearly report.\n", date), date)
    w.write("Projekte/Überweisungen", message(PEOPLE[1], ME, "Überweisung erhalten", "Die Überweisung über 120,00 € ist eingegangen.\n", ago(8)), ago(8), seen=False)
    w.write("Projekte", message(PEOPLE[4], ME, "Project kickoff", "Kickoff is on the 1st.\n", ago(9)), ago(9))
    w.write("Junk", message(Address("Prize Desk", "winner", "spam.example.net"), ME, "You have WON!!!", "Click here to claim.\n", ago(2)), ago(2), seen=False)
    w.write("Trash", message(PEOPLE[3], ME, "Old newsletter", "Old news.\n", ago(40)), ago(40))


def seed_bulk(w, count):
    w.ensure("INBOX")
    rnd = random.Random(count)
    words = "budget report meeting server invoice holiday project update review plan backup domain".split()
    for i in range(count):
        sender = PEOPLE[i % len(PEOPLE)]
        date = NOW - timedelta(minutes=(count - i) * 7)
        subject = f"{rnd.choice(words).title()} {rnd.choice(words)} #{i + 1}"
        w.write("INBOX", message(sender, ME, subject, f"Message number {i + 1}.\n", date), date, seen=rnd.random() < 0.7)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--address", help="whose mail it is (bulk only): name@domain")
    args = parser.parse_args()
    if args.address:
        global ME
        user, domain = args.address.split("@", 1)
        ME = Address(user.title() + " Example", user, domain)
    w = Writer(args.home)
    marker = os.path.join(args.home, ".postern-demo-seeded")
    if args.count:
        seed_bulk(w, args.count)
    elif not os.path.exists(marker):
        seed_demo(w)
        open(marker, "w").close()
    w.chown_all()


if __name__ == "__main__":
    main()
