#!/usr/bin/env python3
"""A hostile-input run against a live kabinet (issue 16): each attack, what the server answered,
and whether anything was stored. Standard library only. Usage: scripts/hostile.py [base-url]
(default http://127.0.0.1:3000). Run it against a development server (it reads /dev/outbox)."""

import concurrent.futures
import json
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3000"
HOST, PORT = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port or 80


def post(path, form, cookie=None, headers=None):
    data = form if isinstance(form, bytes) else urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(BASE + path, data=data, method="POST")
    request.add_header("content-type", "application/x-www-form-urlencoded")
    for k, v in (headers or {}).items():
        request.add_header(k, v)
    if cookie:
        request.add_header("cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read().decode(), answer.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), e.headers


def outbox():
    with urllib.request.urlopen(BASE + "/dev/outbox", timeout=10) as answer:
        return answer.read().decode()


def message(body):
    try:
        parsed = json.loads(body)
        if isinstance(parsed, dict):
            fields = parsed.get("fields") or []
            return parsed.get("message") or (fields[0]["message"] if fields else body[:120])
    except (ValueError, KeyError, IndexError, TypeError):
        pass
    return body[:120]


def report(name, answer, stored):
    print(f"- {name}: {answer}; {stored}")


def signup_form(phone):
    return {
        "surname": "Иванов", "first_name": "Иван", "phone": phone, "email": "ivan@mail.ru",
        "password": "correct horse 42", "password_repeat": "correct horse 42",
        "consent_personal_data": "on", "consent_credit_bureau": "on",
        "consent_electronic_signature": "on",
    }


def big_body():
    # The body is announced whole and sent in part: a server that reads it all would wait for the
    # rest; kabinet answers from the declared length before reading a byte of it.
    s = socket.create_connection((HOST, PORT))
    size = 50 * 1024 * 1024
    s.sendall(f"POST /api/signup/start HTTP/1.1\r\nHost: {HOST}\r\n"
              f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {size}\r\n\r\n"
              .encode() + urllib.parse.urlencode(signup_form("+79120000001")).encode())
    started = time.time()
    s.settimeout(30)
    data = b""
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    status = data.split(b"\r\n", 1)[0].decode(errors="replace")
    body = data.split(b"\r\n\r\n", 1)[-1].decode(errors="replace")
    report("50 MB server-function body",
           f"«{status}» in {time.time() - started:.2f} s: «{message(body)}»",
           "the phone has no sign-up code in the outbox" if "+79120000001" not in outbox()
           else "A CODE WAS SENT")


def slowloris():
    s = socket.create_connection((HOST, PORT))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    started = time.time()
    s.settimeout(60)
    try:
        got = s.recv(1024)
    except OSError:
        got = b""
    report("slowloris (headers never finished)",
           f"connection closed after {time.time() - started:.1f} s, answer {got[:40]!r}", "nothing stored")
    s = socket.create_connection((HOST, PORT))
    s.sendall(b"POST /api/quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: 100\r\n\r\nproduct=")
    started = time.time()
    s.settimeout(120)
    data = b""
    while True:
        try:
            chunk = s.recv(4096)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    status = data.split(b"\r\n", 1)[0].decode(errors="replace")
    body = data.split(b"\r\n\r\n", 1)[-1].decode(errors="replace")
    report("slow body (100 bytes promised, 8 sent)",
           f"«{status}» after {time.time() - started:.1f} s: «{message(body)}»", "nothing stored")


def signup_race():
    phone = "+79120000002"
    first = post("/api/signup/start", signup_form(phone))
    second = post("/api/signup/start", dict(signup_form(phone), password="attacker pass 99",
                                            password_repeat="attacker pass 99"))
    codes = outbox().count(phone)
    report("sign-up race (a second browser posts the same phone with its own password)",
           f"first {first[0]}, second {second[0]} «{message(second[1])}»",
           f"{codes} SMS to the phone; the second browser has no cookie for the first's code")


def code_guesses():
    phone = "+79120000003"
    status, _, headers = post("/api/signup/start", signup_form(phone))
    cookie = headers.get("set-cookie", "").split(";")[0]

    def guess(i):
        return post("/api/signup/confirm", {"code": f"{i:06d}"}, cookie=cookie)[0]

    with concurrent.futures.ThreadPoolExecutor(max_workers=25) as pool:
        answers = list(pool.map(guess, range(100000, 100100)))
    counts = {s: answers.count(s) for s in sorted(set(answers))}
    report("100 concurrent guesses of a sign-up code", f"answers by status {counts}",
           "no account made" if status == 200 else f"start answered {status}")


def code_for(phone):
    import re
    for item in outbox().split('<li class="message">')[1:]:
        if f'<span class="to">{phone}</span>' in item:
            found = re.search(r"\b(\d{6})\b", item)
            if found:
                return found.group(1)
    return ""


def reset_to_unconfirmed():
    phone = "+79120000004"
    _, _, headers = post("/api/signup/start", dict(signup_form(phone), email="victim@mail.ru"))
    cookie = headers.get("set-cookie", "").split(";")[0]
    made, text, _ = post("/api/signup/confirm", {"code": code_for(phone)}, cookie=cookie)
    if made != 200:
        report("password reset to an unconfirmed email", f"sign-up failed {made} {text[:80]}", "?")
        return
    before = outbox().count("смена пароля")
    status, text, _ = post("/api/reset/start", {"login": "victim@mail.ru"})
    time.sleep(1)
    after = outbox().count("смена пароля")
    report("password reset to an unconfirmed email", f"{status} {text}",
           "no reset email sent" if after == before else "A RESET EMAIL WAS SENT")


for attack in (big_body, slowloris, signup_race, reset_to_unconfirmed, code_guesses):
    try:
        attack()
    except Exception as e:  # report and go on: one attack's failure is a finding too
        report(attack.__name__, f"the run failed: {e!r}", "?")
