"""Accounts: users with roles, argon2 password hashes, API tokens for scripts, login sessions
with a CSRF token each, and login rate limiting. The web app and the CLI both authenticate here;
what each role may do is in :mod:`peaceobs.track.roles`.

Tokens and session IDs are random (``secrets``) and only their SHA-256 digests are stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import NamedTuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .errors import PeaceobsError
from .store import Store
from .track.roles import Actor, Role, require

_HASHER = PasswordHasher()
MIN_PASSWORD = 10
SESSION_HOURS = 12
LOGIN_WINDOW_MINUTES = 15
LOGIN_FAILURES_ALLOWED = 5  # per user name or client address within the window


class AuthError(PeaceobsError):
    """Wrong name or password, unknown or revoked token, expired session (HTTP 401)."""


class RateLimited(AuthError):
    """Too many failed logins for this name or address (HTTP 429)."""


class AccountError(PeaceobsError):
    """A user that cannot be added or changed as asked."""


class Session(NamedTuple):
    token: str  # the cookie's value (only its digest is stored)
    csrf: str  # the form token that goes with it
    actor: Actor
    expires_at: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def add_user(store: Store, name: str, role: str, password: str, by: Actor | None = None) -> None:
    """Add a user. The first user of a store may be added by anyone (it is how a deployment
    starts, from the command line); after that, only an admin may add users."""
    if store.users():
        if by is None:
            raise AccountError("only an admin may add users once the store has one: give --as NAME")
        require(by, "users")
    name = name.strip()
    if not name or len(name) > 64 or not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise AccountError(f"user name {name!r}: 1–64 letters, digits, '-', '_' or '.'")
    parsed = Role.parse(role)
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"password too short: at least {MIN_PASSWORD} characters")
    if store.user(name) is not None:
        raise AccountError(f"user {name!r} exists")
    store.put_user(name, parsed.label, _HASHER.hash(password))


def set_role(store: Store, by: Actor, name: str, role: str) -> None:
    require(by, "users")
    if not store.update_user(name, role=Role.parse(role).label):
        raise AccountError(f"no user {name!r}")


def authenticate(store: Store, name: str, password: str, client: str = "cli") -> Actor:
    """The actor for a name and password; failures are counted and, past the limit within the
    window, refused without checking the password (:class:`RateLimited`)."""
    since = (_now() - dt.timedelta(minutes=LOGIN_WINDOW_MINUTES)).isoformat(timespec="seconds")
    if store.failed_logins_since(name, client, since) >= LOGIN_FAILURES_ALLOWED:
        raise RateLimited(f"too many failed logins for {name!r} or from {client}: wait "
                          f"{LOGIN_WINDOW_MINUTES} minutes")
    user = store.user(name)
    ok = False
    if user is not None and user.active:
        try:
            ok = _HASHER.verify(user.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
    store.record_login(name, client, ok)
    if not ok or user is None:
        raise AuthError("wrong user name or password")
    if _HASHER.check_needs_rehash(user.password_hash):
        store.update_user(name, password_hash=_HASHER.hash(password))
    return Actor(user.name, Role.parse(user.role))


def actor(store: Store, name: str) -> Actor:
    user = store.user(name)
    if user is None or not user.active:
        raise AuthError(f"no active user {name!r}")
    return Actor(user.name, Role.parse(user.role))


def issue_token(store: Store, by: Actor, name: str, label: str = "") -> str:
    """A new API token for ``name`` (a user for themself, an admin for anyone); shown once."""
    if by.name != name:
        require(by, "users")
    actor(store, name)
    token = "po_" + secrets.token_urlsafe(32)
    store.put_token(_digest(token), name, label)
    return token


def token_actor(store: Store, token: str) -> Actor:
    name = store.token_user(_digest(token))
    if name is None:
        raise AuthError("unknown or revoked token")
    return actor(store, name)


def start_session(store: Store, who: Actor) -> Session:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = (_now() + dt.timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")
    store.put_session(_digest(token), who.name, csrf, expires)
    return Session(token, csrf, who, expires)


def session_for(store: Store, token: str) -> Session:
    row = store.session(_digest(token))
    if row is None or row.expires_at < _now().isoformat(timespec="seconds"):
        raise AuthError("no session, or it has expired: log in")
    return Session(token, row.csrf, actor(store, row.user_name), row.expires_at)


def end_session(store: Store, token: str) -> None:
    store.end_session(_digest(token))


def csrf_ok(session: Session, submitted: str | None) -> bool:
    return bool(submitted) and secrets.compare_digest(session.csrf, submitted or "")
