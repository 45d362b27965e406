-- CRM for the hand-made demo (`depot demo seed`, issue 20): forty buyers
-- of the thirty days of history (a few who buy often, many once), with
-- tags, notes and a preferred language; feedback and complaint tickets in
-- every state (two of them overdue), with replies and internal notes; and
-- the RFM segments computed once. Phones and emails are written plain
-- here: `depot serve` seals them at its start, as it does every row left
-- plain (core_pii_batch), so they never stay readable. A second call adds
-- nothing. Returns how many tickets it made.
CREATE OR REPLACE FUNCTION demo_crm() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  n integer := 0;
  v_clerk bigint;
  v_store bigint;
  t record;
  r record;
  fid bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM feedback) THEN
    RETURN 0;
  END IF;
  -- Buyers, named as the history's ship-to names, with demo contacts.
  INSERT INTO customer (name, email, phone, tags, preferred_language)
  SELECT (ARRAY['王芳', '李娜', '张伟', '刘洋', '陈静', '杨磊', '赵敏',
                'Emily Chen'])[1 + i % 8] || CASE WHEN i >= 8
           THEN (ARRAY['', '·湘潭', '·长沙', '·株洲', '·广州'])[1 + i / 8]
           ELSE '' END,
         'buyer' || i || '@demo.example.com',
         '139' || lpad((73100000 + i * 7919)::text, 8, '0'),
         CASE WHEN i % 9 = 0 THEN ARRAY['VIP', '回头客']
              WHEN i % 7 = 0 THEN ARRAY['批发']
              WHEN i % 11 = 0 THEN ARRAY['企业采购']
              ELSE '{}' END,
         CASE WHEN i % 8 = 7 THEN 'en' ELSE 'zh-CN' END
    FROM generate_series(0, 39) i
  ON CONFLICT DO NOTHING;
  -- Each history order goes to a buyer: the low numbers buy far more often.
  UPDATE sales_order o SET customer_id = c.id
    FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k
            FROM customer WHERE email LIKE 'buyer%@demo.example.com') c
   WHERE o.external_id LIKE 'H%' AND o.customer_id IS NULL
     AND c.k = floor(40 * power(((o.id * 2654435761) % 1000) / 1000.0, 2))::int;
  INSERT INTO customer_note (customer_id, body)
  SELECT id, note FROM (VALUES
      ('buyer0@demo.example.com', '老客户，偏好釉下五彩青花系列，节前电话回访'),
      ('buyer7@demo.example.com', 'Prefers English; ships gifts to Guangzhou'),
      ('buyer14@demo.example.com', '批发客户，月结，发票抬头见订单备注')) v(email, note)
    JOIN customer c ON c.email = v.email;
  SELECT id INTO v_clerk FROM app_user WHERE role = 'back_office'
   ORDER BY id LIMIT 1;
  SELECT id INTO v_store FROM store WHERE active AND code <> 'SCALE'
   ORDER BY code LIMIT 1;
  IF v_store IS NULL THEN
    RETURN 0;
  END IF;
  FOR t IN
    SELECT * FROM (VALUES
      ('complaint', 'urgent', 'in_progress', 1, '收到的醴陵釉下五彩杯有一只裂了，要求补发', 30, true),
      ('complaint', 'high', 'open', 2, '物流太慢，下单五天还没发货', 50, false),
      ('complaint', 'normal', 'resolved', 2, '茶叶包装破损，茶饼散了', 80, true),
      ('review', 'low', 'closed', 5, '瓷器很精美，包装很用心，五星好评', 120, true),
      ('review', 'normal', 'open', 3, '颜色和图片有点差别', 6, false),
      ('inquiry', 'normal', 'open', NULL, '安化黑茶可以开增值税专用发票吗', 2, false),
      ('inquiry', 'low', 'in_progress', NULL, 'Do you ship to Singapore?', 20, true),
      ('suggestion', 'low', 'open', NULL, '希望增加礼盒装和手提袋', 10, false),
      ('complaint', 'high', 'reopened', 1, '补发的杯子又碎了', 40, true))
      v(kind, sev, state, rating, body, hours_ago, replied)
  LOOP
    -- The order first, then the number: nextval only for a ticket made.
    SELECT o.id, o.store_id, o.customer_id, ol.sku_id INTO r
      FROM sales_order o
      JOIN order_line ol ON ol.order_id = o.id AND ol.line_no = 1
     WHERE o.customer_id IS NOT NULL AND o.external_id LIKE 'H%'
     ORDER BY o.id DESC OFFSET n * 3 LIMIT 1;
    IF r.id IS NULL THEN
      CONTINUE;
    END IF;
    INSERT INTO feedback (number, store_id, customer_id, order_id, sku_id,
      kind, rating, severity, channel, body, state, assignee_id, due_at,
      replied_at, resolved_at, closed_at, created_at, updated_at, posted_at)
    VALUES ('FB' || nextval('feedback_number_seq'), r.store_id,
      r.customer_id, r.id, r.sku_id, t.kind, t.rating, t.sev,
      CASE WHEN t.kind = 'review' THEN 'marketplace' ELSE 'office' END,
      t.body, t.state, CASE WHEN t.state <> 'open' THEN v_clerk END,
      now() - make_interval(hours => t.hours_ago)
        + make_interval(hours => crm_feedback_hours(r.store_id, t.sev)),
      CASE WHEN t.replied THEN now() - make_interval(hours => t.hours_ago / 2) END,
      CASE WHEN t.state IN ('resolved', 'closed') THEN now() - interval '1 hour' END,
      CASE WHEN t.state = 'closed' THEN now() - interval '30 minutes' END,
      now() - make_interval(hours => t.hours_ago), now(),
      now() - make_interval(hours => t.hours_ago))
    RETURNING id INTO fid;
    INSERT INTO feedback_event (feedback_id, from_state, to_state, user_id, at)
    VALUES (fid, NULL, 'open', v_clerk, now() - make_interval(hours => t.hours_ago));
    IF t.state <> 'open' THEN
      INSERT INTO feedback_event (feedback_id, from_state, to_state, user_id)
      VALUES (fid, 'open', t.state, v_clerk);
    END IF;
    IF t.replied THEN
      INSERT INTO feedback_reply (feedback_id, internal, body, author_id, created_at)
      VALUES (fid, true, '已联系仓库核实，拍照留档', v_clerk,
              now() - make_interval(hours => t.hours_ago / 2 + 1)),
             (fid, false, '非常抱歉给您带来不便，我们已安排处理，请留意物流信息', v_clerk,
              now() - make_interval(hours => t.hours_ago / 2));
    END IF;
    n := n + 1;
  END LOOP;
  PERFORM demo_crm_desk(v_store, v_clerk);
  PERFORM crm_rfm_refresh();
  RETURN n;
END $$;

-- The desk's imports, one-step returns and the sales by segment (issue 20,
-- item 3; issue 21, item 1) in the demo: the shipments demo_shipments made
-- get the shipped lines the shipping transaction writes (order_ship_line:
-- what sales by customer segment and the returns read), a marketplace's
-- reviews come in through the importer's own procedure (crm_review_import),
-- and a complaint names the return it opened.
CREATE OR REPLACE FUNCTION demo_crm_desk(in_store bigint, in_clerk bigint)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  m record;
  fid bigint;
BEGIN
  INSERT INTO order_ship_line (shipment_id, order_id, warehouse_id, sku_id,
    qty, unit_price, unit_cost, shipped_at)
  SELECT DISTINCT ON (o.id, ol.id) s.id, o.id, s.warehouse_id, ol.sku_id,
         ol.qty, ol.unit_price, coalesce(c.avg_cost, k.cost, 0),
         coalesce(s.shipped_at, o.updated_at)
    FROM shipment s JOIN sales_order o ON o.id = s.order_id
    JOIN order_line ol ON ol.order_id = o.id AND ol.requires_shipping
    JOIN sku k ON k.id = ol.sku_id
    LEFT JOIN sku_cost c ON c.warehouse_id = s.warehouse_id
                        AND c.sku_id = ol.sku_id
   WHERE o.external_id LIKE 'H%' AND s.state IN ('shipped', 'delivered')
     AND NOT EXISTS (SELECT 1 FROM order_ship_line x WHERE x.order_id = o.id)
   ORDER BY o.id, ol.id, s.id;
  PERFORM crm_review_import((SELECT code FROM store WHERE id = in_store),
    (SELECT jsonb_agg(jsonb_build_object('line', v.i + 1,
       'review_id', 'DEMO-R-' || (1000 + i), 'rating', v.rating,
       'text', v.body, 'sku', (SELECT min(code) FROM sku
                                WHERE code LIKE v.sku || '%'),
       'posted_at', to_char(now() - make_interval(days => v.days),
                            'YYYY-MM-DD HH24:MI')) ORDER BY v.i)
       FROM (SELECT x.*, row_number() OVER () - 1 AS i FROM (VALUES (5, '釉下五彩杯很漂亮，包装结实', 'LL-CUP', 20),
                    (4, '碗的釉面光滑，送人很体面', 'LL-BOWL', 16),
                    (2, '盘子边上有一个小黑点', 'LL-PLATE', 12),
                    (5, '茶具一套很齐全，物流也快', 'LL-TEASET', 8),
                    (1, '花瓶收到时瓶口有裂纹', 'LL-VASE', 4),
                    (3, '和图片颜色略有差别', 'LL-CUP', 1))
               x(rating, body, sku, days)) v), in_clerk);
  -- A complaint about the first authorised return's order, which opened it.
  SELECT id, order_id, store_id, customer_id INTO m FROM rma
   WHERE state = 'authorized' AND order_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM feedback WHERE rma_id = rma.id)
   ORDER BY id LIMIT 1;
  IF m.id IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO feedback (number, store_id, customer_id, order_id, kind,
    severity, channel, body, state, assignee_id, due_at, rma_id, created_by)
  VALUES ('FB' || nextval('feedback_number_seq'), m.store_id, m.customer_id,
    m.order_id, 'complaint', 'high', 'office', '收到的杯子有裂纹，要求退货退款',
    'in_progress', in_clerk,
    now() + make_interval(hours => crm_feedback_hours(m.store_id, 'high')),
    m.id, in_clerk)
  RETURNING id INTO fid;
  INSERT INTO feedback_event (feedback_id, from_state, to_state, user_id)
  VALUES (fid, NULL, 'open', in_clerk), (fid, 'open', 'in_progress', in_clerk);
  INSERT INTO feedback_reply (feedback_id, internal, body, author_id)
  VALUES (fid, true, 'return ' || (SELECT number FROM rma WHERE id = m.id)
                     || ' opened', in_clerk);
END $$;
