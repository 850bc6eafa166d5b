"""Users, API tokens, sessions and login attempts (the rules are in peaceobs.accounts)."""

from __future__ import annotations

from typing import NamedTuple

from .core import StoreCore, _now


class UserRow(NamedTuple):
    name: str
    role: str
    password_hash: str
    active: bool
    created_at: str


class SessionRow(NamedTuple):
    user_name: str
    csrf: str
    expires_at: str


class AccountsMixin(StoreCore):
    def put_user(self, name: str, role: str, password_hash: str) -> None:
        with self.transaction():
            self._execute(self._q("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)"),
                          (name, role, password_hash, _now()))

    def update_user(self, name: str, role: str | None = None, password_hash: str | None = None,
                    active: bool | None = None) -> bool:
        sets, params = [], []
        for column, value in (("role", role), ("password_hash", password_hash),
                              ("active", None if active is None else int(active))):
            if value is not None:
                sets.append(f"{column} = ?")
                params.append(value)
        if not sets:
            return False
        with self.transaction():
            return self._execute(self._q(f"UPDATE users SET {', '.join(sets)} WHERE name = ?"),
                                 (*params, name)).rowcount == 1

    def user(self, name: str) -> UserRow | None:
        row = self._one("SELECT name, role, password_hash, active, created_at FROM users WHERE name = ?", (name,))
        return None if row is None else UserRow(row[0], row[1], row[2], bool(row[3]), row[4])

    def users(self) -> list[UserRow]:
        return [UserRow(n, r, h, bool(a), c) for n, r, h, a, c in self._all(
            "SELECT name, role, password_hash, active, created_at FROM users ORDER BY name")]

    def put_token(self, digest: str, user_name: str, label: str) -> None:
        with self.transaction():
            self._execute(self._q("INSERT INTO api_tokens (digest, user_name, label, created_at) VALUES (?, ?, ?, ?)"),
                          (digest, user_name, label, _now()))

    def token_user(self, digest: str) -> str | None:
        row = self._one("SELECT user_name FROM api_tokens WHERE digest = ? AND revoked = 0", (digest,))
        return row[0] if row else None

    def revoke_tokens(self, user_name: str) -> int:
        with self.transaction():
            return self._execute(self._q("UPDATE api_tokens SET revoked = 1 WHERE user_name = ? AND revoked = 0"),
                                 (user_name,)).rowcount

    def put_session(self, digest: str, user_name: str, csrf: str, expires_at: str) -> None:
        with self.transaction():
            self._execute(self._q("INSERT INTO sessions (digest, user_name, csrf, created_at, expires_at) "
                                  "VALUES (?, ?, ?, ?, ?)"), (digest, user_name, csrf, _now(), expires_at))

    def session(self, digest: str) -> SessionRow | None:
        row = self._one("SELECT user_name, csrf, expires_at FROM sessions WHERE digest = ?", (digest,))
        return SessionRow(*row) if row else None

    def end_session(self, digest: str) -> None:
        with self.transaction():
            self._execute(self._q("DELETE FROM sessions WHERE digest = ?"), (digest,))

    def record_login(self, user_name: str, client: str, ok: bool) -> None:
        with self.transaction():
            self._execute(self._q("INSERT INTO login_attempts (user_name, client, ok, at) VALUES (?, ?, ?, ?)"),
                          (user_name, client, int(ok), _now()))

    def failed_logins_since(self, user_name: str, client: str, since: str) -> int:
        row = self._one("SELECT count(*) FROM login_attempts WHERE ok = 0 AND at >= ? AND (user_name = ? OR client = ?)",
                        (since, user_name, client))
        return int(row[0]) if row else 0
