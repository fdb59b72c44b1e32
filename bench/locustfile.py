"""`make load`: real journeys against gunicorn, driven by locust (bench/load.py starts everything).

Runs in its own virtual environment (.venv-locust), so it imports nothing of the app: the
accounts come from a JSON file that bench/load.py writes (LOAD_ACCOUNTS), and everyone signs in
through the real login page, staff with a code from their authenticator app (worked out here
from the app's key, as the phone would). Forms are posted with their CSRF token, as a browser
would. Requests go through plain HTTP to 127.0.0.1 but say they came through the usual TLS proxy
(X-Forwarded-Proto, and each user's own X-Forwarded-For), as in production.

Every change posted must succeed: a form shown again with errors, a refusal or a server error
counts as a failure, and so does any 4xx or 5xx.
"""

import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from datetime import date
from html import unescape
from urllib.parse import urlsplit

from locust import HttpUser, between, task
from requests.cookies import RequestsCookieJar

with open(os.environ["LOAD_ACCOUNTS"]) as f:
    ACCOUNTS = json.load(f)
PASSWORD = ACCOUNTS["password"]
WAIT = tuple(float(s) for s in os.environ.get("LOAD_WAIT", "1,3").split(","))
_pools = {kind: itertools.cycle(ACCOUNTS[kind]) for kind in ACCOUNTS if kind != "password"}
_addresses = itertools.count(1)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# An error message shown after a change (the messages block at the top of every page).
ERROR_MESSAGE = re.compile(
    r'<div class="messages"[^>]*>\s*(?:<div class="alert[^"]*"[^>]*>.*?</div>\s*)*?'
    r'<div class="alert alert-danger"[^>]*>(.*?)</div>',
    re.S,
)


def totp(secret: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for this key (RFC 6238, 30-second steps)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((at or time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class _CookiesOverPlainHttp(RequestsCookieJar):
    """The app marks its cookies Secure (it sits behind a TLS proxy); the proxy is left out here,
    so the cookies are kept as if they were not, or they would never be sent back."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def links(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(rf'href="({pattern})"', html)))


def form_fields(html: str) -> dict:
    """Every field of the page's forms with the value it shows (the form's own defaults)."""
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or re.search(r'type="(submit|checkbox|radio)"', tag):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = unescape(body.strip())
    for name, body in re.findall(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        fields[name] = chosen.group(1) if chosen else ""
    return fields


class Visitor(HttpUser):
    abstract = True
    wait_time = between(*WAIT)
    pool = ""

    def on_start(self):
        self.account = next(_pools[self.pool])
        n = next(_addresses)
        self.client.cookies = _CookiesOverPlainHttp()
        # The address the browser shows: HTTPS, as the proxy in front answers it (CSRF checks it).
        self.origin = f"https://{urlsplit(self.host).netloc}"
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": f"10.{n // 62500 % 250}.{n // 250 % 250}.{n % 250 + 1}",
                "Origin": self.origin,
            }
        )
        self.sign_in()

    # --- Requests ---------------------------------------------------------------------------------
    def page(self, url: str, name: str | None = None) -> str:
        """GET a page (following redirects); a page that is not 200 in the end is a failure."""
        with self.client.get(url, name=name or url, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} from {url}")
            return response.text

    def post(self, url: str, data: dict, *, name: str, csrf_from: str, expect_redirect: bool = True) -> str:
        """POST a form with the CSRF token of the page it was on; it must redirect (saved) unless told."""
        token = CSRF.search(csrf_from)
        data = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        with self.client.post(
            url,
            data=data,
            name=name,
            catch_response=True,
            allow_redirects=False,
            headers={"Referer": self.origin + url},
        ) as response:
            if expect_redirect and response.status_code != 302:
                response.failure(f"{response.status_code} from POST {url}: the form was not saved")
                return response.text
            if response.status_code >= 400:
                response.failure(f"{response.status_code} from POST {url}")
                return response.text
            location = response.headers.get("Location", "")
        if not location:
            return ""
        with self.client.get(location, name=f"{name} (after)", catch_response=True) as followed:
            if followed.status_code != 200:
                followed.failure(f"{followed.status_code} after POST {url}")
            elif refused := ERROR_MESSAGE.search(followed.text):
                message = re.sub(r"<[^>]+>|\s+", " ", refused.group(1)).strip()[:200]
                followed.failure(f"POST {url} was refused: {message}")
            return followed.text

    def sign_in(self):
        login = self.page("/accounts/login/", name="sign in: page")
        token = CSRF.search(login)
        with self.client.post(
            "/accounts/login/",
            data={
                "login": self.account["email"],
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.origin + "/accounts/login/"},
            name="sign in: password",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "/accounts/login/" in response.url:
                response.failure(f"sign in answered {response.status_code} at {response.url}")
                return
            html = response.text
            url = response.url
        if "/2fa/authenticate" in url:
            with self.client.post(
                "/accounts/2fa/authenticate/",
                data={"code": totp(self.account["totp"]), "csrfmiddlewaretoken": CSRF.search(html).group(1)},
                headers={"Referer": self.origin + "/accounts/2fa/authenticate/"},
                name="sign in: code",
                catch_response=True,
            ) as response:
                if response.status_code != 200 or "/2fa/authenticate" in response.url:
                    response.failure("the authenticator code was not accepted")


class Coordinator(Visitor):
    """Browses the registry and the people waiting, ranks carers for a referral and proposes one."""

    weight = 20
    pool = "staff"

    @task(3)
    def dashboard(self):
        self.page("/dashboard/")

    @task(4)
    def registry(self):
        self.page(f"/carers/?page={random.randint(1, 5)}", name="/carers/?page=n")
        filtered = "/carers/?status=approved&support_type=short_break&matchable=true"
        self.page(filtered, name="/carers/?filtered")
        html = self.page("/carers/?sort=-places", name="/carers/?sort")
        households = links(html, r"/carers/\d+/")
        if households:
            self.page(random.choice(households), name="/carers/[id]/")

    @task(3)
    def people_waiting(self):
        self.page("/people/")
        html = self.page("/referrals/")
        people = links(html, r"/people/\d+/")
        if people:
            self.page(random.choice(people), name="/people/[id]/")

    @task(4)
    def rank_and_propose(self):
        referral = random.choice(self.account["referrals"])
        url = f"/referrals/{referral}/candidates/"
        html = self.page(url, name="/referrals/[id]/candidates/")
        if random.random() < 0.3:
            self.page(url + "?neighbours=1", name="/referrals/[id]/candidates/?neighbours=1")
        households = re.findall(r'name="household" value="(\d+)"', html)
        if households and random.random() < 0.5:
            self.post(
                f"/referrals/{referral}/propose/",
                {"household": random.choice(households)},
                name="POST /referrals/[id]/propose/",
                csrf_from=html,
            )

    @task(2)
    def board(self):
        html = self.page("/proposals/")
        proposals = links(html, r"/proposals/\d+/")
        if proposals:
            self.page(random.choice(proposals), name="/proposals/[id]/")


class Carer(Visitor):
    """Looks at their home page, the proposals sent to them (answering those waiting), payments."""

    weight = 12
    pool = "carers"

    @task(3)
    def home(self):
        self.page("/carer/")

    @task(3)
    def proposals(self):
        html = self.page("/carer/proposals/")
        for url in links(html, r"/carer/proposals/\d+/")[:3]:
            detail = self.page(url, name="/carer/proposals/[id]/")
            if 'name="answer" value="interested"' in detail:
                answer = "interested" if random.random() < 0.8 else "not_interested"
                self.post(url, {"answer": answer}, name="POST /carer/proposals/[id]/", csrf_from=detail)
                break

    @task(2)
    def arrangements_and_payments(self):
        self.page("/carer/arrangements/")
        html = self.page("/carer/statements/")
        months = links(html, r"/carer/statements/\d+/\d+/")
        if months:
            self.page(months[0], name="/carer/statements/[y]/[m]/")


class Family(Visitor):
    """Looks at the people they represent and their proposals, and sends their views on one."""

    weight = 8
    pool = "families"

    @task(3)
    def home(self):
        self.page("/family/")

    @task(3)
    def proposals(self):
        html = self.page("/family/proposals/")
        proposals = links(html, r"/family/proposals/\d+/")
        if not proposals:
            return
        url = random.choice(proposals)
        detail = self.page(url, name="/family/proposals/[id]/")
        if random.random() < 0.5 and 'name="view"' in detail:
            self.post(
                f"{url}views/",
                {"view": "support", "comment": "We would like them to meet."},
                name="POST /family/proposals/[id]/views/",
                csrf_from=detail,
            )

    @task(1)
    def arrangements(self):
        self.page("/family/arrangements/")


class Person(Visitor):
    """Reads the easy-read pages and says yes to meeting the carers proposed."""

    weight = 5
    pool = "people"

    @task(2)
    def home(self):
        self.page("/me/")

    @task(3)
    def proposals(self):
        html = self.page("/me/proposals/")
        for url in links(html, r"/me/proposals/\d+/")[:2]:
            detail = self.page(url, name="/me/proposals/[id]/")
            answers = links(detail, r"/me/proposals/\d+/answer/interested/")
            if answers:
                check = self.page(answers[0], name="/me/proposals/[id]/answer/[a]/")
                self.post(answers[0], {}, name="POST /me/proposals/[id]/answer/[a]/", csrf_from=check)
                break


class Reviewer(Visitor):
    """A coordinator recording the review of an arrangement that is due one."""

    weight = 5
    pool = "reviewers"

    def on_start(self):
        super().on_start()
        self.to_review = list(self.account["arrangements"])
        random.shuffle(self.to_review)

    @task(2)
    def reviews_due(self):
        self.page("/reviews/due/")

    @task(1)
    def record_review(self):
        if not self.to_review:
            self.page("/reviews/due/")
            return
        arrangement = self.to_review.pop()
        url = f"/arrangements/{arrangement}/reviews/new/"
        html = self.page(url, name="/arrangements/[id]/reviews/new/")
        fields = form_fields(html)
        fields.pop("csrfmiddlewaretoken", None)
        fields.update(
            held_on=fields.get("held_on") or date.today().isoformat(),
            participants="The person, both carers and their coordinator",
            persons_words="I like living here. I want to go swimming more.",
            informed_score="4",
            informed_comment="Knows more about the college courses nearby.",
            confident_score="4",
            confident_comment="Goes to the shop on their own now.",
            connected_score="3",
            connected_comment="Sees their sister every fortnight.",
            actions="Look into swimming sessions.",
        )
        self.post(url, fields, name="POST /arrangements/[id]/reviews/new/", csrf_from=html)
