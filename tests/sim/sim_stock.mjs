// Stock update APIs of the four marketplace simulators (issue 27 item 5),
// kept apart from each simulator's order code. Each platform's simulator
// checks the signature and common parameters first (its own check()),
// then hands the call here; this module checks the API's own parameters
// as the platform documents them and records the figure each listing was
// set to. Shapes followed:
//   Taobao  taobao.skus.quantity.update (num_iid, skuid_quantities
//           "skuId:qty;…" at most 20, type 1|2) and
//           taobao.item.quantity.update (num_iid, quantity, sku_id?, type)
//   JD      jingdong.stock.write.updateSkuStock (360buy_param_json
//           {skuId, stockNum, storeId?}); answer
//           jingdong_stock_write_updateSkuStock_responce {code:"0",success}
//   PDD     pdd.goods.quantity.update (goods_id, quantity, sku_id |
//           outer_id, update_type 1|2); goods_quantity_update_response
//           {is_success}
//   Douyin  sku.syncStock (param_json {product_id, sku_id | out_sku_id,
//           stock_num, incremental, idempotent_id}); data {}
//
// Control (under /__sim/, see stockControl): POST stock_fail {count}: the
// next count stock calls are refused as a busy platform; GET stock: the
// book {calls, failed, listings: {key: {qty, sets}}}. A listing's key is
// "<item>:<sku>" (sku "" for an item's own stock, or the outer code).
export const book = { calls: 0, failed: 0, listings: {} };
let failNext = 0;

function set(key, qty) {
  const prev = book.listings[key];
  book.listings[key] = { qty, sets: (prev?.sets ?? 0) + 1 };
}

// A refusal the test asked for, or null.
function busy() {
  book.calls += 1;
  if (failNext > 0) {
    failNext -= 1;
    book.failed += 1;
    return true;
  }
  return false;
}

const whole = (v) => /^\d{1,9}$/.test(String(v ?? ''));

// Handles /__sim/<what> for the stock book; false when it is not ours.
export function stockControl(what, j) {
  if (what === 'stock_fail') {
    failNext = Number(j.count ?? 0);
    return true;
  }
  return what === 'stock';
}

// Taobao: p the form parameters; error(code, msg, sub, subMsg) builds TOP's
// error_response. Returns the answer body.
export function taobaoStock(p, error) {
  if (!/^\d+$/.test(p.num_iid ?? '')) return error(40, 'Missing required arguments:num_iid', 'isv.missing-parameter', 'num_iid');
  const type = p.type ?? '1';
  if (type !== '1') return error(15, 'Remote service error', 'isv.invalid-parameter', '只支持全量更新');
  if (p.method === 'taobao.skus.quantity.update') {
    const pairs = (p.skuid_quantities ?? '').split(';').filter((x) => x !== '');
    if (pairs.length === 0 || pairs.length > 20) return error(15, 'Remote service error', 'isv.invalid-parameter', 'skuid_quantities 需1到20个SKU');
    for (const x of pairs) {
      const [sku, q] = x.split(':');
      if (!/^\d+$/.test(sku ?? '') || !whole(q)) return error(15, 'Remote service error', 'isv.invalid-parameter', `非法的 skuid_quantities: ${x}`);
    }
    if (busy()) return error(15, 'Remote service error', 'isp.item-update-service-error', '商品服务繁忙');
    const skus = pairs.map((x) => {
      const [sku, q] = x.split(':');
      set(`${p.num_iid}:${sku}`, Number(q));
      return { sku_id: Number(sku), quantity: Number(q), modified: '2026-12-07 10:00:00' };
    });
    return { skus_quantity_update_response: { item: { num_iid: Number(p.num_iid), modified: '2026-12-07 10:00:00', skus: { sku: skus } } } };
  }
  if (!whole(p.quantity)) return error(40, 'Missing required arguments:quantity', 'isv.missing-parameter', 'quantity');
  if (busy()) return error(15, 'Remote service error', 'isp.item-update-service-error', '商品服务繁忙');
  set(`${p.num_iid}:${p.sku_id ?? ''}`, Number(p.quantity));
  return { item_quantity_update_response: { item: { num_iid: Number(p.num_iid), num: Number(p.quantity), modified: '2026-12-07 10:00:00' } } };
}

// JD: biz the parsed 360buy_param_json; error(code, zh, en).
export function jdStock(biz, error) {
  if (!/^\d+$/.test(String(biz.skuId ?? ''))) return error(61, 'skuId不能为空', 'skuId is required');
  if (!Number.isInteger(biz.stockNum) || biz.stockNum < 0) return error(61, 'stockNum不合法', 'stockNum is invalid');
  if (busy()) return error(67, '平台服务不可用', 'platform service unavailable');
  set(`:${biz.skuId}`, biz.stockNum);
  return { jingdong_stock_write_updateSkuStock_responce: { code: '0', success: true } };
}

// Pinduoduo: p the form parameters; error(code, msg, subCode, subMsg).
export function pddStock(p, error) {
  if (!/^\d+$/.test(p.goods_id ?? '')) return error(10000, '参数错误', 10000, 'goods_id 不能为空');
  if (!whole(p.quantity)) return error(10000, '参数错误', 10000, 'quantity 不合法');
  if (!p.sku_id && !p.outer_id) return error(10000, '参数错误', 10000, 'sku_id和outer_id必填一个');
  if ((p.update_type ?? '1') !== '1') return error(10000, '参数错误', 10000, '只支持全量更新');
  if (busy()) return error(70031, '调用过于频繁', 70031, '系统繁忙');
  set(`${p.goods_id}:${p.sku_id || p.outer_id}`, Number(p.quantity));
  return { goods_quantity_update_response: { is_success: true } };
}

// Douyin: b the parsed param_json (every value a string);
// answer(code, msg, sub, subMsg, data) and ok(data) its answer builders.
export function douyinStock(b, answer, ok) {
  if (!/^\d+$/.test(b.product_id ?? '')) return answer(40002, '缺少必选参数', 'isv.missing-parameter', 'product_id不能为空');
  if (!b.sku_id && !b.out_sku_id) return answer(40002, '缺少必选参数', 'isv.missing-parameter', 'sku_id和out_sku_id必填一个');
  if (!whole(b.stock_num)) return answer(40004, '非法的参数', 'isv.parameter-invalid', 'stock_num不合法');
  if (b.incremental !== 'false') return answer(40004, '非法的参数', 'isv.parameter-invalid', '只支持全量更新');
  if (busy()) return answer(50002, '业务处理失败', 'isv.business-failed:system-busy', '系统繁忙，请稍后重试');
  set(`${b.product_id}:${b.sku_id || b.out_sku_id}`, Number(b.stock_num));
  return ok({});
}
