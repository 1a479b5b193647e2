"""Accounts and logging in: argon2id hashes, TOTP, lockout and rate limits in the database."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection

from ebbtide.domain.errors import ValidationError
from ebbtide.server import messages as msg
from ebbtide.server import repo, vocab
from ebbtide.server.db import ServerDB, Settings
from ebbtide.service import system_tz
from ebbtide.store import repo as store_repo

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{1,63}$")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024


def hasher(settings: Settings) -> PasswordHasher:
    """The argon2id hasher with the configured cost."""
    return PasswordHasher(
        time_cost=settings.argon_time_cost, memory_cost=settings.argon_memory_kib, parallelism=1
    )


def normal_email(email: str) -> str:
    """The stored form of an email: trimmed, lower case."""
    return email.strip().lower()


def new_uid(prefix: str) -> str:
    """A public identifier: a prefix and 16 random bytes, never a database id."""
    return f"{prefix}_{secrets.token_urlsafe(16)}"


@dataclass(frozen=True)
class NewAccount:
    """A created account and, for roles that need it, the TOTP secret to provision."""

    uid: str
    email: str
    role: str
    totp_secret: str | None

    @property
    def totp_uri(self) -> str | None:
        """The otpauth:// URI an authenticator app takes (as a QR code or text)."""
        if self.totp_secret is None:
            return None
        return pyotp.TOTP(self.totp_secret).provisioning_uri(name=self.email, issuer_name="ebbtide")


def add_account(
    db: ServerDB,
    email: str,
    password: str,
    role: str,
    *,
    tz: str | None = None,
    totp: bool | None = None,
) -> NewAccount:
    """Create an account (clients get their own store subject); TOTP is on for staff roles."""
    address = normal_email(email)
    if not EMAIL.match(address):
        raise ValidationError("email", msg.BAD_EMAIL)
    if role not in vocab.ROLES:
        raise ValidationError("role", f"role must be one of: {', '.join(vocab.ROLES)}")
    if len(password) < MIN_PASSWORD or len(password) > MAX_PASSWORD:
        raise ValidationError("password", msg.SHORT_PASSWORD)
    zone = tz or system_tz()
    secret = pyotp.random_base32() if (totp or role in vocab.MFA_ROLES) else None
    uid = new_uid("u")
    hashed = hasher(db.settings).hash(password)

    def work(conn: Connection) -> None:
        if repo.account_by_email(conn, address) is not None:
            raise ValidationError("email", msg.EMAIL_TAKEN)
        subject_id = (
            store_repo.get_or_create_subject(conn, f"client:{uid}", zone)
            if role == vocab.CLIENT
            else None
        )
        repo.insert_account(
            conn,
            uid=uid,
            email=address,
            role=role,
            password_hash=hashed,
            totp_secret=secret,
            subject_id=subject_id,
            tz=zone,
            created_at=db.now(),
        )

    db.write(work)
    return NewAccount(uid, address, role, secret)


def add_organisation(db: ServerDB, kind: str, name: str) -> repo.Organisation:
    """Create (or find) a clinic or a study by name."""
    if kind not in vocab.ORG_KINDS:
        raise ValidationError("kind", "an organisation is a clinic or a study")

    def work(conn: Connection) -> repo.Organisation:
        found = repo.org_by_name(conn, kind, name)
        if found is not None:
            return found
        uid = new_uid(kind[0])
        return repo.Organisation(repo.insert_org(conn, uid, kind, name, db.now()), uid, kind, name)

    return db.write(work)


def add_member(db: ServerDB, email: str, org_uid: str) -> None:
    """Add an account to a clinic or study."""

    def work(conn: Connection) -> None:
        account = repo.account_by_email(conn, normal_email(email))
        org = repo.org_by_uid(conn, org_uid)
        if account is None or org is None:
            raise ValidationError("member", "no such account or organisation")
        repo.add_membership(conn, account.id, org.id)

    db.write(work)


class LoginRefused(Exception):
    """A login did not succeed; ``reason`` is for the audit, ``message`` for the person."""

    def __init__(self, reason: str, message: str, status: int = 401) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.status = status
        self.account: repo.Account | None = None


# A real argon2id hash of a random password: unknown emails cost as much as known ones.
_DUMMY: dict[tuple[int, int], str] = {}


def _dummy_hash(ph: PasswordHasher) -> str:
    key = (ph.time_cost, ph.memory_cost)
    if key not in _DUMMY:
        _DUMMY[key] = ph.hash(secrets.token_urlsafe(16))
    return _DUMMY[key]


def _totp_ok(account: repo.Account, code: str | None, db: ServerDB) -> int | None:
    """The accepted TOTP time step, or None. A step already used is refused (no replay)."""
    if account.totp_secret is None or not code or not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(account.totp_secret)
    now = db.now()
    step = int(now.timestamp()) // 30
    for candidate in (step - 1, step, step + 1):
        if secrets.compare_digest(totp.at(candidate * 30), code):
            if account.totp_last is not None and candidate <= account.totp_last:
                return None
            return candidate
    return None


def login(db: ServerDB, email: str, password: str, code: str | None, address: str) -> repo.Account:
    """Check a login; count failures and lock out in the database; return the account."""
    s = db.settings
    ph = hasher(s)
    key = normal_email(email)[:300]
    now = db.now()
    since = now - timedelta(minutes=s.window_minutes)

    def work(conn: Connection) -> tuple[repo.Account | None, LoginRefused | None]:
        if (
            repo.failures_since(conn, "address", address, since) >= s.max_failures_per_address
            or repo.failures_since(conn, "email", key, since) >= s.max_failures_per_email
        ):
            repo.record_attempt(conn, key, address, now, False)
            return None, LoginRefused("rate-limited", msg.RATE_LIMITED, 429)
        account = repo.account_by_email(conn, key, lock=True)
        if account is None:
            _verify(ph, _dummy_hash(ph), password)
            repo.record_attempt(conn, key, address, now, False)
            return None, LoginRefused("unknown-account", msg.LOGIN_FAILED)
        if account.locked_until is not None and account.locked_until > now:
            repo.record_attempt(conn, key, address, now, False)
            return account, LoginRefused("locked", msg.LOCKED, 423)
        password_ok = _verify(ph, account.password_hash, password)
        needs_code = account.role in vocab.MFA_ROLES or account.totp_secret is not None
        step = _totp_ok(account, code, db) if needs_code else None
        if not password_ok or (needs_code and step is None):
            failed = account.failed_logins + 1
            locked = failed >= s.lock_after
            repo.update_account(
                conn,
                account.id,
                failed_logins=0 if locked else failed,
                locked_until=now + timedelta(minutes=s.lock_minutes) if locked else None,
            )
            repo.record_attempt(conn, key, address, now, False)
            reason = "bad-password" if not password_ok else "bad-totp"
            return account, LoginRefused(reason, msg.LOGIN_FAILED)
        changes: dict[str, object] = {"failed_logins": 0, "locked_until": None}
        if step is not None:
            changes["totp_last"] = step
        if ph.check_needs_rehash(account.password_hash):
            changes["password_hash"] = ph.hash(password)
        repo.update_account(conn, account.id, **changes)
        repo.record_attempt(conn, key, address, now, True)
        return account, None

    account, refused = db.write(work)
    if refused is not None:
        refused.account = account
        raise refused
    assert account is not None
    return account


def _verify(ph: PasswordHasher, hashed: str, password: str) -> bool:
    try:
        return ph.verify(hashed, password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return False
