#include "core_modules.h"

#include "core_catalog.h"
#include "core_reserve.h"
#include "core_stock.h"
#include "core_stock_query.h"
#include "core_crm.h"
#include "core_part.h"
#include "core_crm_reviews.h"
#include "core_customer.h"
#include "core_dashboard.h"
#include "core_finance.h"
#include "core_invoice.h"
#include "core_settlement.h"
#include "core_billing.h"
#include "core_order.h"
#include "core_owner.h"
#include "core_pii_batch.h"
#include "core_outbox.h"
#include "core_purchase.h"
#include "core_returns.h"
#include "core_report.h"
#include "core_scan.h"
#include "core_skumap.h"
#include "core_store.h"
#include "core_transfer.h"
#include "core_user_admin.h"
#include "core_auth.h"
#include "core_warehouse.h"
#include "core_channel.h"
#include "core_channel_stock.h"
#include "core_waybill.h"
#include "core_webhook.h"

void
core_modules_register(void)
{
  core_warehouse_register();
  core_catalog_register();
  core_catalog_patch_register();
  core_stock_register();
  core_reserve_register();
  core_stock_query_register();
  core_transfer_register();
  core_store_register();
  core_skumap_register();
  core_order_register();
  core_customer_register();
  core_crm_register();
  core_part_register();
  core_crm_reviews_register();
  core_pii_batch_register();
  core_outbox_register();
  core_scan_register();
  core_purchase_register();
  core_returns_register();
  core_webhook_register();
  core_channel_register();
  core_channel_stock_register();
  core_waybill_register();
  core_owner_register();
  core_finance_register();
  core_settlement_register();
  core_invoice_register();
  core_billing_register();
  core_auth_register();
  core_user_admin_register();
  core_dashboard_register();
  core_report_register();
}
