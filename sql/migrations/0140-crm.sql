-- CRM (issue 20, items 1-3 and 5): what the back office keeps about a
-- customer beyond intake's matching (tags, notes, language, do-not-contact,
-- merges, erasure), the RFM scores and named segments per store, and the
-- feedback and complaint tickets with their due times. Personal fields stay
-- where migration 0160 seals them (customer.pii, sales_order.ship_to_pii):
-- nothing here holds a phone, email or address line.

ALTER TABLE customer
  ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
  ADD COLUMN preferred_language text NOT NULL DEFAULT ''
    CHECK (preferred_language IN ('', 'zh-CN', 'en')),
  ADD COLUMN do_not_contact boolean NOT NULL DEFAULT false,
  ADD COLUMN merged_into bigint REFERENCES customer (id),
  ADD COLUMN merged_at timestamptz,
  ADD COLUMN erased_at timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD CHECK (merged_into IS DISTINCT FROM id);
COMMENT ON COLUMN customer.tags IS
  'Back-office labels (VIP, 批发, ...): at most 20 of at most 32 characters';
COMMENT ON COLUMN customer.preferred_language IS
  'Language to write to the customer in; empty: unknown';
COMMENT ON COLUMN customer.do_not_contact IS
  'The customer asked not to be contacted (marketing, surveys)';
COMMENT ON COLUMN customer.merged_into IS
  'This record was a duplicate of that customer: its orders, tickets and notes moved there';
COMMENT ON COLUMN customer.erased_at IS
  'Personal data erased on the person''s request; orders and figures kept';
CREATE INDEX customer_tags_idx ON customer USING gin (tags);
CREATE INDEX customer_merged_into_idx ON customer (merged_into)
  WHERE merged_into IS NOT NULL;

CREATE TABLE customer_note (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customer (id),
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  author_id   bigint REFERENCES app_user (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE customer_note IS
  'A back-office note on a customer, shown on the timeline; kept when merged';
CREATE INDEX customer_note_customer_idx ON customer_note (customer_id, id);

CREATE TABLE customer_rfm (
  store_id      bigint NOT NULL REFERENCES store (id),
  customer_id   bigint NOT NULL REFERENCES customer (id),
  orders        integer NOT NULL CHECK (orders > 0),
  spend         numeric(16, 2) NOT NULL,
  last_order_at timestamptz NOT NULL,
  first_order_at timestamptz NOT NULL,
  r             smallint NOT NULL CHECK (r BETWEEN 1 AND 5),
  f             smallint NOT NULL CHECK (f BETWEEN 1 AND 5),
  m             smallint NOT NULL CHECK (m BETWEEN 1 AND 5),
  segment       text NOT NULL CHECK (segment IN ('champions', 'loyal',
                  'at_risk', 'hibernating', 'new', 'others')),
  computed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, customer_id)
);
COMMENT ON TABLE customer_rfm IS
  'RFM quintiles (5 best) of a customer''s orders in one store, and the named segment; '
  'rebuilt as a whole by crm_rfm_refresh (on demand and nightly)';
COMMENT ON COLUMN customer_rfm.r IS 'Recency quintile: 5 = ordered most recently';
COMMENT ON COLUMN customer_rfm.f IS 'Frequency quintile of the order count';
COMMENT ON COLUMN customer_rfm.m IS 'Monetary quintile of the spend in the store''s currency';
CREATE INDEX customer_rfm_segment_idx ON customer_rfm (segment, customer_id);
CREATE INDEX customer_rfm_customer_idx ON customer_rfm (customer_id);

CREATE TABLE crm_state (
  id                 integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  rfm_refreshed_at   timestamptz
);
COMMENT ON TABLE crm_state IS
  'One row: when the segments were last computed (the nightly run looks here)';
INSERT INTO crm_state DEFAULT VALUES;

CREATE TABLE feedback_sla (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  store_id bigint REFERENCES store (id),
  severity text NOT NULL CHECK (severity IN ('low', 'normal', 'high',
             'urgent')),
  hours    integer NOT NULL CHECK (hours BETWEEN 1 AND 2000)
);
COMMENT ON TABLE feedback_sla IS
  'Hours to resolve a ticket by severity; store_id NULL: the default of every store';
CREATE UNIQUE INDEX feedback_sla_default_idx ON feedback_sla (severity)
  WHERE store_id IS NULL;
CREATE UNIQUE INDEX feedback_sla_store_idx ON feedback_sla (store_id, severity)
  WHERE store_id IS NOT NULL;
INSERT INTO feedback_sla (store_id, severity, hours)
VALUES (NULL, 'urgent', 4), (NULL, 'high', 24), (NULL, 'normal', 48),
       (NULL, 'low', 120);

CREATE SEQUENCE feedback_number_seq START 100001;
CREATE TABLE feedback (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number      text NOT NULL UNIQUE CHECK (number ~ '^FB[0-9]+$'),
  store_id    bigint NOT NULL REFERENCES store (id),
  customer_id bigint REFERENCES customer (id),
  order_id    bigint REFERENCES sales_order (id),
  sku_id      bigint REFERENCES sku (id),
  kind        text NOT NULL CHECK (kind IN ('complaint', 'review', 'inquiry',
                'suggestion')),
  rating      smallint CHECK (rating BETWEEN 1 AND 5),
  severity    text NOT NULL DEFAULT 'normal' CHECK (severity IN ('low',
                'normal', 'high', 'urgent')),
  channel     text NOT NULL DEFAULT 'office'
                CHECK (length(channel) BETWEEN 1 AND 32),
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open',
                'in_progress', 'resolved', 'closed', 'reopened')),
  assignee_id bigint REFERENCES app_user (id),
  due_at      timestamptz NOT NULL,
  replied_at  timestamptz,
  resolved_at timestamptz,
  closed_at   timestamptz,
  created_by  bigint REFERENCES app_user (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  external_id text CHECK (length(external_id) BETWEEN 1 AND 100),
  UNIQUE (store_id, external_id)
);
COMMENT ON TABLE feedback IS
  'A feedback or complaint ticket (客诉/工单): open -> in_progress -> resolved -> closed, or reopened';
COMMENT ON COLUMN feedback.due_at IS
  'When it must be resolved: created (or reopened) plus feedback_sla hours for its severity';
COMMENT ON COLUMN feedback.external_id IS
  'The marketplace''s review id, for idempotent imports';
CREATE INDEX feedback_open_idx ON feedback (due_at)
  WHERE state IN ('open', 'in_progress', 'reopened');
CREATE INDEX feedback_customer_idx ON feedback (customer_id);
CREATE INDEX feedback_list_idx ON feedback (id DESC);

CREATE TABLE feedback_reply (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  feedback_id bigint NOT NULL REFERENCES feedback (id),
  internal    boolean NOT NULL DEFAULT false,
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  author_id   bigint REFERENCES app_user (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE feedback_reply IS
  'A reply to the customer, or an internal note (internal) on a ticket';
CREATE INDEX feedback_reply_ticket_idx ON feedback_reply (feedback_id, id);

CREATE TABLE feedback_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  feedback_id bigint NOT NULL REFERENCES feedback (id),
  from_state  text,
  to_state    text NOT NULL,
  user_id     bigint REFERENCES app_user (id),
  at          timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE feedback_event IS 'Each state change of a ticket, who and when';
CREATE INDEX feedback_event_ticket_idx ON feedback_event (feedback_id, id);
