-- Order intake: stores of every channel feed one order pool.

CREATE TABLE store (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code            text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  channel         text NOT NULL CHECK (channel IN ('shopify', 'woocommerce',
                    'csv', 'api', 'manual')),
  warehouse_id    bigint NOT NULL REFERENCES warehouse (id),
  webhook_secret  text NOT NULL DEFAULT '',
  currency        text NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$'),
  price_tolerance numeric(5, 2) NOT NULL DEFAULT 0
                  CHECK (price_tolerance BETWEEN 0 AND 100),
  carrier         text NOT NULL DEFAULT '',
  active          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE store IS 'A shop on one sales channel; its orders land in the pool';
COMMENT ON COLUMN store.webhook_secret IS
  'Key of the channel''s webhook HMAC-SHA256 signatures (Shopify, WooCommerce)';
COMMENT ON COLUMN store.price_tolerance IS
  'Percent an order line''s price may differ from the store''s price list';

CREATE TABLE store_price (
  store_id bigint NOT NULL REFERENCES store (id),
  sku_id   bigint NOT NULL REFERENCES sku (id),
  price    numeric(14, 2) NOT NULL CHECK (price > 0),
  PRIMARY KEY (store_id, sku_id)
);
COMMENT ON TABLE store_price IS 'The store''s price list, in the store''s currency';

CREATE TABLE customer (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text NOT NULL DEFAULT '',
  email      text NOT NULL DEFAULT '',
  phone      text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE customer IS 'A buyer, matched across orders by email or phone';
CREATE UNIQUE INDEX customer_email_idx ON customer (lower(email)) WHERE email <> '';
CREATE INDEX customer_phone_idx ON customer (phone) WHERE phone <> '';

CREATE TABLE sales_order (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  store_id        bigint NOT NULL REFERENCES store (id),
  external_id     text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 100),
  customer_id     bigint REFERENCES customer (id),
  warehouse_id    bigint REFERENCES warehouse (id),
  state           text NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'on_hold',
                    'allocated', 'backordered', 'picking', 'packed', 'shipped',
                    'delivered', 'cancelled')),
  currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  shipping_amount numeric(14, 2) NOT NULL DEFAULT 0 CHECK (shipping_amount >= 0),
  total           numeric(14, 2) NOT NULL DEFAULT 0,
  ship_to         jsonb NOT NULL DEFAULT '{}',
  notes           text NOT NULL DEFAULT '',
  content_hash    text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, external_id)
);
COMMENT ON TABLE sales_order IS 'An order from any store, in the one order pool';
COMMENT ON COLUMN sales_order.content_hash IS
  'md5 of the normalized order: a redelivery with other content is refused';
COMMENT ON COLUMN sales_order.state IS
  'new -> on_hold | allocated | backordered -> picking -> packed -> shipped -> delivered; cancelled';
CREATE INDEX sales_order_state_idx ON sales_order (state, created_at);
CREATE INDEX sales_order_customer_idx ON sales_order (customer_id);

CREATE TABLE order_line (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id          bigint NOT NULL REFERENCES sales_order (id),
  line_no           integer NOT NULL,
  sku_id            bigint REFERENCES sku (id),
  sku_code          text NOT NULL DEFAULT '',
  name              text NOT NULL DEFAULT '',
  qty               bigint NOT NULL CHECK (qty > 0),
  unit_price        numeric(14, 2) NOT NULL CHECK (unit_price >= 0),
  requires_shipping boolean NOT NULL DEFAULT true,
  external_line_id  text NOT NULL DEFAULT '',
  allocated_qty     bigint NOT NULL DEFAULT 0 CHECK (allocated_qty >= 0),
  reservation_id    bigint REFERENCES reservation (id),
  UNIQUE (order_id, line_no),
  CHECK (allocated_qty <= qty)
);
COMMENT ON TABLE order_line IS
  'What was ordered; qty in units (a carton barcode line counts its units)';
COMMENT ON COLUMN order_line.requires_shipping IS
  'false for gift cards and services: kept on the order, never picked';
COMMENT ON COLUMN order_line.allocated_qty IS 'Units reserved; qty - allocated_qty is backordered';

CREATE TABLE order_hold (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id    bigint NOT NULL REFERENCES sales_order (id),
  reason      text NOT NULL,
  field       text NOT NULL DEFAULT '',
  detail      text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz
);
COMMENT ON TABLE order_hold IS 'Why an order waits for the back office: one row per reason';
CREATE INDEX order_hold_order_idx ON order_hold (order_id) WHERE released_at IS NULL;

CREATE TABLE order_event (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id   bigint NOT NULL REFERENCES sales_order (id),
  from_state text,
  to_state   text NOT NULL,
  note       text NOT NULL DEFAULT '',
  user_id    bigint,
  request_id text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE order_event IS 'The order timeline: every state change, when and by whom';
CREATE INDEX order_event_order_idx ON order_event (order_id, id);
