-- Up Migration

-- The agent console's sign-ins (api/console-session.ts), shared by every API process. The session id
-- is the cookie's value and a credential: only its SHA-256 digest is kept. The CSRF token is kept in
-- clear because the console asks for it again after a reload; alone it authenticates nothing.
-- expires_at is when the session ends unless used again: the earlier of last use + idle timeout and
-- creation + absolute life; a use moves it on (never past the absolute end).
CREATE TABLE console_sessions (
  id_digest text PRIMARY KEY,
  principal_id text NOT NULL,
  subject text NOT NULL,
  role text NOT NULL,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);

-- Down Migration

DROP TABLE console_sessions;
