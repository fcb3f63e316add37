-- Up Migration

-- One row per case run: a projection of the workflow's state, written by the recordCase activity.
-- A write carries the case's own sequence (`version`); an older or repeated one changes nothing.
CREATE TABLE case_records (
  case_id text NOT NULL,
  -- The first run id of the case's workflow chain: a later case for the same transaction is another row.
  case_run_id text NOT NULL,
  version integer NOT NULL,
  status text NOT NULL,
  category text NOT NULL,
  processor text NOT NULL,
  channel text NOT NULL,
  liability text,
  rule text,
  recommended_action text,
  currency text NOT NULL,
  disputed_minor bigint,
  refunded_minor bigint NOT NULL DEFAULT 0,
  credited_minor bigint NOT NULL DEFAULT 0,
  customer_id text,
  customer_email text,
  customer_locale text,
  order_id text,
  transaction_id text NOT NULL,
  opened_at timestamptz NOT NULL,
  first_decision_at timestamptz,
  first_decision_due_at timestamptz,
  resolution_due_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  sla_breached boolean NOT NULL DEFAULT false,
  escalated boolean NOT NULL DEFAULT false,
  outside_reporting_window boolean NOT NULL DEFAULT false,
  open_chargeback boolean NOT NULL DEFAULT false,
  assignee text,
  outcome text,
  closed_reason text,
  reopenings integer NOT NULL DEFAULT 0,
  satisfied boolean,
  decided_automatically boolean,
  decided_by text,
  -- When the status last changed: what the queues' "waiting since" reads.
  status_since timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, case_run_id)
);

-- The queues: by status, sorted by due date, opened time or amount, paged by (sort key, case id).
CREATE INDEX case_records_status_due ON case_records (status, first_decision_due_at, case_id);
CREATE INDEX case_records_due ON case_records (first_decision_due_at, case_id);
CREATE INDEX case_records_opened ON case_records (opened_at, case_id);
CREATE INDEX case_records_amount ON case_records (disputed_minor, case_id);
CREATE INDEX case_records_assignee ON case_records (assignee, status);
-- Search: e-mail addresses are stored lower-cased; order and transaction ids as given.
CREATE INDEX case_records_customer_email ON case_records (customer_email);
CREATE INDEX case_records_order ON case_records (order_id);
CREATE INDEX case_records_transaction ON case_records (transaction_id);

-- One row per status a case run entered (`seq` counts them from 1), for the time spent in each.
CREATE TABLE case_status_changes (
  case_id text NOT NULL,
  case_run_id text NOT NULL,
  seq integer NOT NULL,
  status text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (case_id, case_run_id, seq)
);

-- The outbound e-mail log: a worker claims a message before it sends it and marks it sent after the
-- SMTP server accepted it, so any number of workers send each message once (adapters/smtp).
CREATE TABLE sent_mail (
  idempotency_key text PRIMARY KEY,
  message_id text NOT NULL,
  case_id text NOT NULL,
  kind text NOT NULL,
  state text NOT NULL CHECK (state IN ('SENDING', 'SENT')),
  claimed_by text NOT NULL,
  claimed_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX sent_mail_case ON sent_mail (case_id);

-- Resolution documents (PDF and JSON), readable from every API process; kept after the cases end.
CREATE TABLE documents (
  case_id text NOT NULL,
  document_id text NOT NULL,
  format text NOT NULL CHECK (format IN ('pdf', 'json')),
  content bytea NOT NULL,
  saved_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, document_id, format)
);
CREATE INDEX documents_latest ON documents (case_id, saved_at DESC);

-- The Adyen notifications received (Adyen has no lookup API: they are the record of a PSP reference).
CREATE TABLE adyen_notifications (
  notification_key text PRIMARY KEY,
  psp_reference text NOT NULL,
  original_reference text,
  merchant_reference text,
  item jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  seq bigserial NOT NULL
);
CREATE INDEX adyen_notifications_psp ON adyen_notifications (psp_reference);
CREATE INDEX adyen_notifications_original ON adyen_notifications (original_reference);
CREATE INDEX adyen_notifications_merchant ON adyen_notifications (merchant_reference);

-- Codec server sign-ins (the Temporal Web UI's cookie): the id is kept only as a digest, the
-- credential only encrypted, so a restarted API keeps engineers signed in until expiry.
CREATE TABLE codec_sessions (
  id_digest text PRIMARY KEY,
  credential_sealed text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX codec_sessions_expiry ON codec_sessions (expires_at);

-- Down Migration

DROP TABLE codec_sessions;
DROP TABLE adyen_notifications;
DROP TABLE documents;
DROP TABLE sent_mail;
DROP TABLE case_status_changes;
DROP TABLE case_records;
