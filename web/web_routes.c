#include "web_routes.h"

#include "handlers/web_admin_archive_post.h"
#include "handlers/web_admin_partitions_get.h"
#include "handlers/web_audit_get.h"
#include "handlers/web_finance_get.h"
#include "handlers/web_finance_trial_balance_get.h"
#include "handlers/web_finance_journal_get.h"
#include "handlers/web_finance_missing_costs_get.h"
#include "handlers/web_finance_period_close_post.h"
#include "handlers/web_finance_rates_post.h"
#include "handlers/web_finance_entries_post.h"
#include "handlers/web_finance_account_patch.h"
#include "handlers/web_finance_payables_aging_get.h"
#include "handlers/web_finance_settings_patch.h"
#include "handlers/web_supplier_bills_post.h"
#include "handlers/web_supplier_bills_get.h"
#include "handlers/web_supplier_bill_get.h"
#include "handlers/web_supplier_bill_approve_post.h"
#include "handlers/web_supplier_bill_payments_post.h"
#include "handlers/web_supplier_statement_get.h"
#include "handlers/web_settlements_post.h"
#include "handlers/web_settlements_get.h"
#include "handlers/web_settlement_get.h"
#include "handlers/web_owner_billing_rules_get.h"
#include "handlers/web_owner_billing_rules_put.h"
#include "handlers/web_order_services_get.h"
#include "handlers/web_order_services_post.h"
#include "handlers/web_owner_statements_post.h"
#include "handlers/web_owner_statements_get.h"
#include "handlers/web_owner_statement_get.h"
#include "handlers/web_owner_statement_facts_get.h"
#include "handlers/web_owner_statement_adjustments_post.h"
#include "handlers/web_owner_statement_pdf_get.h"
#include "handlers/web_owner_statement_csv_get.h"
#include "handlers/web_owner_statement_xlsx_get.h"
#include "handlers/web_finance_receivables_aging_get.h"
#include "handlers/web_order_invoices_post.h"
#include "handlers/web_invoices_get.h"
#include "handlers/web_invoices_export_get.h"
#include "handlers/web_invoice_get.h"
#include "handlers/web_invoice_pdf_get.h"
#include "handlers/web_invoice_credit_notes_post.h"
#include "handlers/web_finance_tax_get.h"
#include "handlers/web_finance_tax_patch.h"
#include "handlers/web_auth_badge_post.h"
#include "handlers/web_auth_login_post.h"
#include "handlers/web_auth_logout_post.h"
#include "handlers/web_auth_me_get.h"
#include "handlers/web_barcode_get.h"
#include "handlers/web_barcodes_decode_post.h"
#include "handlers/web_label_get.h"
#include "handlers/web_bins_generate_post.h"
#include "handlers/web_bins_get.h"
#include "handlers/web_bins_post.h"
#include "handlers/web_count_bin_done_post.h"
#include "handlers/web_count_close_post.h"
#include "handlers/web_count_entries_post.h"
#include "handlers/web_count_get.h"
#include "handlers/web_count_line_approve_post.h"
#include "handlers/web_count_line_reject_post.h"
#include "handlers/web_count_tasks_get.h"
#include "handlers/web_counts_get.h"
#include "handlers/web_counts_post.h"
#include "handlers/web_customer_get.h"
#include "handlers/web_customers_get.h"
#include "handlers/web_customer_erase_post.h"
#include "handlers/web_customer_export_get.h"
#include "handlers/web_customer_merge_post.h"
#include "handlers/web_customer_patch.h"
#include "handlers/web_customer_segment_csv_get.h"
#include "handlers/web_customer_segments_get.h"
#include "handlers/web_customer_segments_refresh_post.h"
#include "handlers/web_customers_export_get.h"
#include "handlers/web_feedback_get.h"
#include "handlers/web_feedback_import_post.h"
#include "handlers/web_feedback_list_get.h"
#include "handlers/web_feedback_patch.h"
#include "handlers/web_feedback_post.h"
#include "handlers/web_feedback_reply_post.h"
#include "handlers/web_feedback_return_post.h"
#include "handlers/web_feedback_sla_post.h"
#include "handlers/web_healthz_get.h"
#include "handlers/web_openapi_get.h"
#include "handlers/web_owner_get.h"
#include "handlers/web_owner_patch.h"
#include "handlers/web_owners_get.h"
#include "handlers/web_owners_post.h"
#include "handlers/web_product_get.h"
#include "handlers/web_product_patch.h"
#include "handlers/web_products_get.h"
#include "handlers/web_products_post.h"
#include "handlers/web_putaway_rule_delete.h"
#include "handlers/web_putaway_rules_get.h"
#include "handlers/web_putaway_rules_post.h"
#include "handlers/web_putaway_suggest_get.h"
#include "handlers/web_readyz_get.h"
#include "handlers/web_replenish_rules_get.h"
#include "handlers/web_replenish_rules_post.h"
#include "handlers/web_replenish_task_confirm_post.h"
#include "handlers/web_replenish_tasks_get.h"
#include "handlers/web_reservation_consume_post.h"
#include "handlers/web_reservation_get.h"
#include "handlers/web_reservation_release_post.h"
#include "handlers/web_reservations_post.h"
#include "handlers/web_scans_resolve_post.h"
#include "handlers/web_stock_adjustments_post.h"
#include "handlers/web_stock_get.h"
#include "handlers/web_stock_low_get.h"
#include "handlers/web_stock_moves_post.h"
#include "handlers/web_transfer_receive_post.h"
#include "handlers/web_transfers_get.h"
#include "handlers/web_transfers_post.h"
#include "handlers/web_order_cancel_post.h"
#include "handlers/web_order_get.h"
#include "handlers/web_order_hold_post.h"
#include "handlers/web_order_patch.h"
#include "handlers/web_order_release_post.h"
#include "handlers/web_order_timeline_get.h"
#include "handlers/web_orders_get.h"
#include "handlers/web_orders_export_csv_get.h"
#include "handlers/web_orders_export_xlsx_get.h"
#include "handlers/web_orders_post.h"
#include "handlers/web_store_get.h"
#include "handlers/web_store_patch.h"
#include "handlers/web_store_prices_post.h"
#include "handlers/web_store_skumap_delete.h"
#include "handlers/web_store_skumap_get.h"
#include "handlers/web_store_skumap_import_post.h"
#include "handlers/web_store_skumap_post.h"
#include "handlers/web_channel_auth_get.h"
#include "handlers/web_channel_auth_post.h"
#include "handlers/web_channel_pull_post.h"
#include "handlers/web_waybill_accounts_get.h"
#include "handlers/web_waybill_accounts_post.h"
#include "handlers/web_stores_get.h"
#include "handlers/web_stores_post.h"
#include "handlers/web_webhook_shopify_post.h"
#include "handlers/web_webhook_woocommerce_post.h"
#include "handlers/web_version_get.h"
#include "handlers/web_warehouse_get.h"
#include "handlers/web_warehouses_get.h"
#include "handlers/web_users_get.h"
#include "handlers/web_users_post.h"
#include "handlers/web_user_patch.h"
#include "handlers/web_user_password_post.h"
#include "handlers/web_warehouses_post.h"
#include "handlers/web_zones_get.h"
#include "handlers/web_zones_post.h"
#include "handlers/web_layout_get.h"
#include "handlers/web_layout_put.h"
#include "handlers/web_slotting_get.h"
#include "handlers/web_slotting_accept_post.h"
#include "handlers/web_bin_labels_get.h"
#include "handlers/web_station_events_get.h"
#include "handlers/web_station_scans_post.h"
#include "handlers/web_devices_post.h"
#include "handlers/web_devices_get.h"
#include "handlers/web_carton_label_pdf_get.h"
#include "handlers/web_purchase_order_pdf_get.h"
#include "handlers/web_suppliers_post.h"
#include "handlers/web_suppliers_get.h"
#include "handlers/web_supplier_performance_get.h"
#include "handlers/web_purchase_orders_post.h"
#include "handlers/web_purchase_orders_get.h"
#include "handlers/web_purchase_order_get.h"
#include "handlers/web_purchase_order_step_post.h"
#include "handlers/web_settings_purchasing_get.h"
#include "handlers/web_carton_reprint_post.h"
#include "handlers/web_print_jobs_get.h"
#include "handlers/web_settings_purchasing_patch.h"
#include "handlers/web_purchase_order_receipts_post.h"
#include "handlers/web_purchase_order_csv_get.h"
#include "handlers/web_purchase_orders_suggest_post.h"
#include "handlers/web_asns_get.h"
#include "handlers/web_asns_import_post.h"
#include "handlers/web_asns_post.h"
#include "handlers/web_receiving_sscc_post.h"
#include "handlers/web_putaway_tasks_get.h"
#include "handlers/web_putaway_task_confirm_post.h"
#include "handlers/web_supplier_returns_post.h"
#include "handlers/web_return_dispose_post.h"
#include "handlers/web_return_get.h"
#include "handlers/web_return_receive_post.h"
#include "handlers/web_return_refund_post.h"
#include "handlers/web_return_replace_post.h"
#include "handlers/web_return_step_post.h"
#include "handlers/web_returns_get.h"
#include "handlers/web_returns_lookup_get.h"
#include "handlers/web_returns_post.h"
#include "handlers/web_returns_summary_get.h"
#include "handlers/web_returns_unannounced_post.h"
#include "handlers/web_webhook_delete.h"
#include "handlers/web_webhook_deliveries_get.h"
#include "handlers/web_webhook_get.h"
#include "handlers/web_webhook_patch.h"
#include "handlers/web_webhook_redeliver_post.h"
#include "handlers/web_webhooks_get.h"
#include "handlers/web_webhooks_post.h"
#include "handlers/web_carriers_post.h"
#include "handlers/web_carriers_get.h"
#include "handlers/web_carton_types_post.h"
#include "handlers/web_carton_types_get.h"
#include "handlers/web_stations_post.h"
#include "handlers/web_stations_get.h"
#include "handlers/web_holidays_post.h"
#include "handlers/web_holidays_get.h"
#include "handlers/web_waves_post.h"
#include "handlers/web_waves_get.h"
#include "handlers/web_wave_cancel_post.h"
#include "handlers/web_picklist_pdf_get.h"
#include "handlers/web_settings_shipping_get.h"
#include "handlers/web_settings_shipping_patch.h"
#include "handlers/web_station_labels_post.h"
#include "handlers/web_picklists_next_post.h"
#include "handlers/web_picklist_get.h"
#include "handlers/web_picklist_scan_post.h"
#include "handlers/web_picklist_short_post.h"
#include "handlers/web_picklist_assign_post.h"
#include "handlers/web_totes_post.h"
#include "handlers/web_packing_open_post.h"
#include "handlers/web_shipment_get.h"
#include "handlers/web_shipments_get.h"
#include "handlers/web_shipment_cartons_post.h"
#include "handlers/web_carton_scan_post.h"
#include "handlers/web_carton_unscan_post.h"
#include "handlers/web_carton_close_post.h"
#include "handlers/web_carton_label_get.h"
#include "handlers/web_shipment_ship_post.h"
#include "handlers/web_dock_scan_post.h"
#include "handlers/web_shipment_slip_get.h"
#include "handlers/web_shipment_slip_reprint_post.h"
#include "handlers/web_shipment_delivered_post.h"
#include "handlers/web_track_get.h"
#include "handlers/web_exceptions_get.h"
#include "handlers/web_exceptions_post.h"
#include "handlers/web_exception_resolve_post.h"
#include "handlers/web_dashboard_get.h"
#include "handlers/web_reports_aging_get.h"
#include "handlers/web_reports_expiry_get.h"
#include "handlers/web_reports_feedback_get.h"
#include "handlers/web_reports_fulfilment_get.h"
#include "handlers/web_reports_margin_get.h"
#include "handlers/web_reports_inventory_get.h"
#include "handlers/web_reports_returns_get.h"
#include "handlers/web_purchase_orders_export_get.h"
#include "handlers/web_reports_purchasing_get.h"
#include "handlers/web_stock_export_get.h"
#include "handlers/web_reports_staff_get.h"
#include "handlers/web_reports_sales_get.h"
#include "handlers/web_reports_stock_movement_get.h"
#include "handlers/web_ui_asset_get.h"
#include "handlers/web_ui_page_get.h"
#include "handlers/web_ui_root_get.h"

#include <stdio.h>
#include <string.h>

static const char *const q_list[] = {"limit", "offset", "q", NULL};
static const char *const q_audit[] = {"limit",   "offset", "principal", "route",
                                      "outcome", "method", NULL};
static const char *const q_products[] = {"q",     "category", "owner",
                                         "limit", "cursor",   NULL};
static const char *const q_owner[] = {"owner", NULL};
static const char *const q_owners[] = {"q", "limit", "cursor", NULL};
static const char *const q_suppliers[] = {"q", "owner", NULL};
static const char *const q_skumap[] = {"q", "limit", "cursor", NULL};
static const char *const q_slotting[] = {"days", NULL};
static const char *const q_bins[] = {"zone",  "empty",  "sku",
                                     "limit", "cursor", NULL};
static const char *const q_suggest[] = {"warehouse", "sku", "qty", "limit",
                                        NULL};
static const char *const q_transfers[] = {"warehouse", "state", NULL};
static const char *const q_orders[] = {
    "q",  "sort",      "store", "external_id", "state", "from",
    "to", "warehouse", "limit", "cursor",      NULL};
static const char *const q_orders_list[] = {
    "q",         "sort",  "store",  "external_id", "state", "from", "to",
    "warehouse", "limit", "cursor", "total",       "owner", NULL};
static const char *const q_customers[] = {"q",     "tag",    "segment", "store",
                                          "limit", "cursor", NULL};
static const char *const q_customers_export[] = {"q",     "tag",    "segment",
                                                 "store", "format", NULL};
static const char *const q_store[] = {"store", NULL};
static const char *const q_feedback[] = {
    "state",    "kind",    "sku",   "store",  "assignee",
    "customer", "overdue", "limit", "cursor", NULL};
static const char *const q_barcode[] = {"text", "scale", NULL};
static const char *const q_label[] = {"code", "caption", "copies", NULL};
static const char *const q_low[] = {"warehouse", NULL};
static const char *const q_waves[] = {"warehouse", "state", "limit", "cursor",
                                      NULL};
static const char *const q_shipments[] = {"warehouse", "state", "limit",
                                          "cursor", NULL};
static const char *const q_exceptions[] = {
    "warehouse", "state", "kind", "min_age_hours", "limit", "cursor", NULL};
static const char *const q_wh[] = {"warehouse", NULL};
static const char *const q_year[] = {"year", NULL};
static const char *const q_pos[] = {"supplier", "state", "limit", "cursor",
                                    NULL};
static const char *const q_period[] = {"from", "to", NULL};
static const char *const q_rpt_stock[] = {
    "from",  "to",     "warehouse", "sku",   "category", "owner",
    "group", "format", "lang",      "limit", NULL};
static const char *const q_rpt_inventory[] = {
    "at", "warehouse", "sku",  "category", "owner",
    "by", "format",    "lang", "limit",    NULL};
static const char *const q_rpt_sales[] = {
    "from",  "to",        "group",  "by",   "store", "sku", "category",
    "owner", "warehouse", "format", "lang", "limit", NULL};
static const char *const q_rpt_feedback[] = {
    "from", "to",        "group",  "by",   "store", "sku",
    "kind", "warehouse", "format", "lang", "limit", NULL};
static const char *const q_fin_tb[] = {"at",   "account", "warehouse", "format",
                                       "lang", "limit",   NULL};
static const char *const q_fin_journal[] = {"from",  "to",        "account",
                                            "after", "warehouse", "format",
                                            "lang",  "limit",     NULL};
static const char *const q_bills[] = {"status", "supplier", "due_before",
                                      "limit",  "cursor",   NULL};
static const char *const q_fin_ap_aging[] = {"at",   "supplier", "format",
                                             "lang", "limit",    NULL};
static const char *const q_fin_statement[] = {"from", "to",    "format",
                                              "lang", "limit", NULL};
static const char *const q_settlements[] = {"store", "limit", "cursor", NULL};
static const char *const q_invoices[] = {
    "store", "from", "to", "q", "type", "kind", "limit", "cursor", NULL};
static const char *const q_invoices_export[] = {
    "store", "from",   "to",   "q",     "type",
    "kind",  "format", "lang", "limit", NULL};
static const char *const q_statements[] = {"limit", "cursor", NULL};
static const char *const q_lang[] = {"lang", NULL};
static const char *const q_fin_ar_aging[] = {"at",   "store", "format",
                                             "lang", "limit", NULL};
static const char *const q_fin_missing[] = {"warehouse", "format", "lang",
                                            "limit", NULL};
static const char *const q_rpt_aging[] = {
    "warehouse", "sku",    "category", "owner", "buckets",
    "days",      "format", "lang",     "limit", NULL};
static const char *const q_rpt_expiry[] = {"warehouse", "sku",   "category",
                                           "owner",     "days",  "format",
                                           "lang",      "limit", NULL};
static const char *const q_rpt_staff[] = {"from",   "to",   "warehouse", "user",
                                          "format", "lang", "limit",     NULL};
static const char *const q_rpt_margin[] = {
    "from",      "to",     "group", "by",    "store",
    "warehouse", "format", "lang",  "limit", NULL};
static const char *const q_rpt_fulfil[] = {
    "from", "to", "by", "store", "warehouse", "format", "lang", "limit", NULL};
static const char *const q_rpt_purchasing[] = {
    "view",      "from",   "to",   "group", "supplier", "sku",
    "warehouse", "format", "lang", "limit", NULL};
static const char *const q_stock_export[] = {
    "warehouse", "sku", "bin", "lot", "format", "lang", "limit", NULL};
static const char *const q_po_export[] = {
    "supplier", "state", "warehouse", "format", "lang", "limit", NULL};
static const char *const q_station[] = {"station", NULL};
static const char *const q_asns[] = {"purchase_order", "q",      "warehouse",
                                     "limit",          "cursor", NULL};
static const char *const q_returns[] = {
    "state", "store", "q", "from", "to", "warehouse", "limit", "cursor", NULL};
static const char *const q_code[] = {"code", NULL};
static const char *const q_print_jobs[] = {"station", "warehouse", "state",
                                           "limit",   "cursor",    NULL};
static const char *const q_bin_labels[] = {"zone", "bins", "limit", NULL};
static const char *const q_deliveries[] = {"status", "limit", "cursor", NULL};
static const char *const q_stock[] = {"sku",    "warehouse", "bin",
                                      "lot",    "detail",    "limit",
                                      "cursor", "owner",     NULL};

const struct web_route web_routes[] = {
    {"GET", "/healthz", web_healthz_get, "public", false, NULL,
     .scope = WEB_SCOPE_NONE, .rate_free = true},
    {"GET", "/readyz", web_readyz_get, "public", false, NULL,
     .scope = WEB_SCOPE_NONE, .rate_free = true},
    {"GET", "/api/v1/version", web_version_get, "public", false, NULL,
     .scope = WEB_SCOPE_NONE, .rate_free = true},
    /* The API's own reference (issue 23 item 5): public, as API docs are;
       the document names every route's permission, not data. */
    {"GET", "/api/v1/openapi.json", web_openapi_get, "public", false, NULL,
     .scope = WEB_SCOPE_NONE, .rate_free = true},
    {"GET", "/api/docs", web_ui_page_get, "public", false, NULL,
     .scope = WEB_SCOPE_NONE, .rate_free = true},
    {"GET", "/api/v1/warehouses", web_warehouses_get, "inventory.read", false,
     q_list, .scope = WEB_SCOPE_CALLER, .replica = true},
    {"POST", "/api/v1/warehouses", web_warehouses_post, "warehouse.create",
     true, NULL, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/warehouses/{wh}", web_warehouse_get, "inventory.read",
     false, NULL, .scope = WEB_SCOPE_WAREHOUSE},
    {"POST", "/api/v1/auth/login", web_auth_login_post, "public", true, NULL,
     .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/auth/badge", web_auth_badge_post, "public", true, NULL,
     .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/auth/logout", web_auth_logout_post, "authenticated",
     false, NULL, .scope = WEB_SCOPE_NONE, .owner = WEB_OWNER_FREE},
    {"GET", "/api/v1/auth/me", web_auth_me_get, "authenticated", false, NULL,
     .scope = WEB_SCOPE_NONE, .owner = WEB_OWNER_FREE},
    {"GET", "/api/v1/users", web_users_get, "users.manage", false, NULL,
     .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/users", web_users_post, "users.manage", true, NULL,
     .scope = WEB_SCOPE_NONE},
    {"PATCH", "/api/v1/users/{name}", web_user_patch, "users.manage", true,
     NULL, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/users/{name}/password", web_user_password_post,
     "users.manage", true, NULL, true, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/audit", web_audit_get, "audit.read", false, q_audit,
     .scope = WEB_SCOPE_NONE},
    /* The History archive screen (issue 25 item 3): the partitioned
       history and `depot archive --before` from the back office. The
       listing counts rows per partition (bounded: part_overview), so it
       reads on the read lane; the archive writes files for minutes on a
       big ledger, so it runs on the office lane. */
    {"GET", "/api/v1/admin/partitions", web_admin_partitions_get,
     "history.archive", false, NULL, .scope = WEB_SCOPE_NONE,
     .read_lane = true},
    {"POST", "/api/v1/admin/archive", web_admin_archive_post, "history.archive",
     true, NULL, .scope = WEB_SCOPE_NONE, .office = true},
    {"GET", "/api/v1/warehouses/{wh}/zones", web_zones_get, "inventory.read",
     false, NULL, .scope = WEB_SCOPE_WAREHOUSE},
    {"POST", "/api/v1/warehouses/{wh}/zones", web_zones_post, "warehouse.plan",
     true, NULL, .scope = WEB_SCOPE_WAREHOUSE},
    /* Geometry, routing and slotting (issue 24 items 4-6). */
    {"GET", "/api/v1/warehouses/{wh}/layout", web_layout_get, "inventory.read",
     false, NULL, .scope = WEB_SCOPE_WAREHOUSE},
    {"PUT", "/api/v1/warehouses/{wh}/layout", web_layout_put, "warehouse.plan",
     true, NULL, .scope = WEB_SCOPE_WAREHOUSE},
    {"GET", "/api/v1/warehouses/{wh}/slotting", web_slotting_get,
     "warehouse.plan", false, q_slotting, .scope = WEB_SCOPE_WAREHOUSE},
    {"POST", "/api/v1/warehouses/{wh}/slotting/accept",
     web_slotting_accept_post, "warehouse.plan", true, NULL,
     .scope = WEB_SCOPE_WAREHOUSE},
    {"GET", "/api/v1/warehouses/{wh}/bins", web_bins_get, "inventory.read",
     false, q_bins, .scope = WEB_SCOPE_WAREHOUSE, .replica = true},
    {"POST", "/api/v1/warehouses/{wh}/bins", web_bins_post, "warehouse.plan",
     true, NULL, .scope = WEB_SCOPE_WAREHOUSE},
    {"GET", "/api/v1/warehouses/{wh}/labels/{file}", web_bin_labels_get,
     "inventory.read", false, q_bin_labels, .scope = WEB_SCOPE_WAREHOUSE},
    {"POST", "/api/v1/warehouses/{wh}/bins/generate", web_bins_generate_post,
     "warehouse.plan", true, NULL, .scope = WEB_SCOPE_WAREHOUSE},
    {"GET", "/api/v1/warehouses/{wh}/putaway-rules", web_putaway_rules_get,
     "inventory.read", false, NULL, .scope = WEB_SCOPE_WAREHOUSE},
    {"POST", "/api/v1/warehouses/{wh}/putaway-rules", web_putaway_rules_post,
     "warehouse.plan", true, NULL, .scope = WEB_SCOPE_WAREHOUSE},
    {"DELETE", "/api/v1/warehouses/{wh}/putaway-rules/{id}",
     web_putaway_rule_delete, "warehouse.plan", false, NULL,
     .scope = WEB_SCOPE_WAREHOUSE},
    {"GET", "/api/v1/warehouses/{wh}/counts", web_counts_get, "inventory.read",
     false, NULL, .scope = WEB_SCOPE_WAREHOUSE},
    {"POST", "/api/v1/warehouses/{wh}/counts", web_counts_post, "stock.adjust",
     true, NULL, .scope = WEB_SCOPE_WAREHOUSE},
    {"GET", "/api/v1/counts/{id}", web_count_get, "stock.adjust", false, NULL,
     .scope = WEB_SCOPE_COUNT},
    {"GET", "/api/v1/counts/{id}/tasks", web_count_tasks_get, "stock.move",
     false, NULL, .scope = WEB_SCOPE_COUNT},
    {"POST", "/api/v1/counts/{id}/entries", web_count_entries_post,
     "stock.move", true, NULL, .scope = WEB_SCOPE_COUNT},
    {"POST", "/api/v1/counts/{id}/bins/{bin}/done", web_count_bin_done_post,
     "stock.move", false, NULL, .scope = WEB_SCOPE_COUNT},
    {"POST", "/api/v1/counts/{id}/lines/{line}/approve",
     web_count_line_approve_post, "stock.adjust", false, NULL,
     .scope = WEB_SCOPE_COUNT},
    {"POST", "/api/v1/counts/{id}/lines/{line}/reject",
     web_count_line_reject_post, "stock.adjust", false, NULL,
     .scope = WEB_SCOPE_COUNT},
    {"POST", "/api/v1/counts/{id}/close", web_count_close_post, "stock.adjust",
     false, NULL, .scope = WEB_SCOPE_COUNT},
    {"GET", "/api/v1/warehouses/{wh}/replenishment-rules",
     web_replenish_rules_get, "inventory.read", false, NULL,
     .scope = WEB_SCOPE_WAREHOUSE},
    {"POST", "/api/v1/warehouses/{wh}/replenishment-rules",
     web_replenish_rules_post, "warehouse.plan", true, NULL,
     .scope = WEB_SCOPE_WAREHOUSE},
    {"GET", "/api/v1/warehouses/{wh}/replenishment-tasks",
     web_replenish_tasks_get, "inventory.read", false, NULL,
     .scope = WEB_SCOPE_WAREHOUSE},
    {"POST", "/api/v1/replenishment-tasks/{id}/confirm",
     web_replenish_task_confirm_post, "stock.move", true, NULL, true,
     .scope = WEB_SCOPE_REPLENISH_TASK},
    {"GET", "/api/v1/putaway/suggest", web_putaway_suggest_get,
     "inventory.read", false, q_suggest, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse"},
    {"GET", "/api/v1/products", web_products_get, "catalog.read", false,
     q_products, .scope = WEB_SCOPE_NONE, .owner = WEB_OWNER_LIST,
     .replica = true},
    {"POST", "/api/v1/products", web_products_post, "catalog.write", true, NULL,
     .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/products/{sku}", web_product_get, "catalog.read", false,
     NULL, .scope = WEB_SCOPE_NONE, .owner = WEB_OWNER_SKU},
    {"PATCH", "/api/v1/products/{sku}", web_product_patch, "catalog.write",
     true, NULL, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/barcodes/decode", web_barcodes_decode_post,
     "inventory.read", false, NULL, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/barcodes/{file}", web_barcode_get, "inventory.read", false,
     q_barcode, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/labels/{file}", web_label_get, "inventory.read", false,
     q_label, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/scans/resolve", web_scans_resolve_post, "inventory.read",
     true, NULL, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "warehouse"},
    {"GET", "/api/v1/stock", web_stock_get, "inventory.read", false, q_stock,
     .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "?warehouse",
     .owner = WEB_OWNER_LIST, .replica = true},
    {"GET", "/api/v1/stock/export", web_stock_export_get, "inventory.read",
     false, q_stock_export, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .owner = WEB_OWNER_LIST, .replica = true},
    {"GET", "/api/v1/stock/low", web_stock_low_get, "inventory.read", false,
     q_low, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "?warehouse",
     .replica = true},
    {"POST", "/api/v1/stock/moves", web_stock_moves_post, "stock.move", true,
     NULL, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "warehouse"},
    {"POST", "/api/v1/stock/adjustments", web_stock_adjustments_post,
     "stock.adjust", true, NULL, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "warehouse"},
    {"GET", "/api/v1/stock/transfers", web_transfers_get, "inventory.read",
     false, q_transfers, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true},
    {"POST", "/api/v1/stock/transfers", web_transfers_post, "stock.adjust",
     true, NULL, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "from_warehouse"},
    {"POST", "/api/v1/stock/transfers/{id}/receive", web_transfer_receive_post,
     "stock.move", true, NULL, true, .scope = WEB_SCOPE_TRANSFER},
    {"POST", "/api/v1/stock/reservations", web_reservations_post,
     "stock.reserve", true, NULL, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "warehouse"},
    {"GET", "/api/v1/stock/reservations/{id}", web_reservation_get,
     "inventory.read", false, NULL, .scope = WEB_SCOPE_RESERVATION},
    {"POST", "/api/v1/stock/reservations/{id}/release",
     web_reservation_release_post, "stock.reserve", false, NULL,
     .scope = WEB_SCOPE_RESERVATION},
    {"POST", "/api/v1/stock/reservations/{id}/consume",
     web_reservation_consume_post, "stock.reserve", false, NULL,
     .scope = WEB_SCOPE_RESERVATION},
    {"GET", "/api/v1/stores", web_stores_get, "orders.read", false, q_owner,
     .scope = WEB_SCOPE_CALLER, .owner = WEB_OWNER_LIST},
    {"POST", "/api/v1/stores", web_stores_post, "orders.write", true, NULL,
     .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "warehouse"},
    {"GET", "/api/v1/stores/{store}", web_store_get, "orders.read", false, NULL,
     .scope = WEB_SCOPE_STORE, .owner = WEB_OWNER_STORE},
    {"PATCH", "/api/v1/stores/{store}", web_store_patch, "orders.write", true,
     NULL, .scope = WEB_SCOPE_STORE},
    {"POST", "/api/v1/stores/{store}/prices", web_store_prices_post,
     "orders.write", true, NULL, .scope = WEB_SCOPE_STORE},
    {"GET", "/api/v1/stores/{store}/sku-map", web_store_skumap_get,
     "orders.read", false, q_skumap, .scope = WEB_SCOPE_STORE},
    {"POST", "/api/v1/stores/{store}/sku-map", web_store_skumap_post,
     "orders.write", true, NULL, .scope = WEB_SCOPE_STORE},
    {"POST", "/api/v1/stores/{store}/sku-map/import",
     web_store_skumap_import_post, "orders.write", true, NULL,
     .scope = WEB_SCOPE_STORE},
    {"DELETE", "/api/v1/stores/{store}/sku-map/{code}", web_store_skumap_delete,
     "orders.write", false, NULL, .scope = WEB_SCOPE_STORE},
    /* Marketplace connections (issue 27): credentials and "pull now". */
    {"GET", "/api/v1/stores/{store}/channel-auth", web_channel_auth_get,
     "orders.read", false, NULL, .scope = WEB_SCOPE_STORE},
    {"POST", "/api/v1/stores/{store}/channel-auth", web_channel_auth_post,
     "orders.write", true, NULL, .scope = WEB_SCOPE_STORE},
    {"POST", "/api/v1/stores/{store}/channel-pull", web_channel_pull_post,
     "orders.write", false, NULL, .scope = WEB_SCOPE_STORE},
    /* E-waybill accounts (电子面单) per carrier, issue 27 item 4. */
    {"GET", "/api/v1/stores/{store}/waybill-accounts", web_waybill_accounts_get,
     "orders.read", false, NULL, .scope = WEB_SCOPE_STORE},
    {"POST", "/api/v1/stores/{store}/waybill-accounts",
     web_waybill_accounts_post, "orders.write", true, NULL,
     .scope = WEB_SCOPE_STORE},
    {"POST", "/api/v1/stores/{store}/webhooks/shopify",
     web_webhook_shopify_post, "public", false, NULL, .scope = WEB_SCOPE_NONE,
     .rate_free = true},
    {"POST", "/api/v1/stores/{store}/webhooks/woocommerce",
     web_webhook_woocommerce_post, "public", false, NULL,
     .scope = WEB_SCOPE_NONE, .rate_free = true},
    {"GET", "/api/v1/customers", web_customers_get, "orders.read", false,
     q_customers, .scope = WEB_SCOPE_CALLER},
    /* CRM (issue 20): the literal segments routes come before {id}. */
    {"GET", "/api/v1/customers/segments", web_customer_segments_get,
     "orders.read", false, q_store, .scope = WEB_SCOPE_CALLER},
    {"POST", "/api/v1/customers/segments/refresh",
     web_customer_segments_refresh_post, "customers.write", false, NULL,
     .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/customers/segments/{segment}/export.csv",
     web_customer_segment_csv_get, "orders.read", false, q_store,
     .scope = WEB_SCOPE_CALLER},
    {"GET", "/api/v1/customers/export", web_customers_export_get, "orders.read",
     false, q_customers_export, .scope = WEB_SCOPE_CALLER},
    {"GET", "/api/v1/customers/{id}", web_customer_get, "orders.read", false,
     NULL, .scope = WEB_SCOPE_CUSTOMER},
    {"PATCH", "/api/v1/customers/{id}", web_customer_patch, "customers.write",
     true, NULL, .scope = WEB_SCOPE_CUSTOMER},
    {"POST", "/api/v1/customers/{id}/merge", web_customer_merge_post,
     "customers.write", true, NULL, .scope = WEB_SCOPE_CUSTOMER},
    {"GET", "/api/v1/customers/{id}/export", web_customer_export_get,
     "customers.privacy", false, NULL, .scope = WEB_SCOPE_CUSTOMER},
    {"POST", "/api/v1/customers/{id}/erase", web_customer_erase_post,
     "customers.privacy", false, NULL, .scope = WEB_SCOPE_CUSTOMER},
    {"GET", "/api/v1/feedback", web_feedback_list_get, "feedback.read", false,
     q_feedback, .scope = WEB_SCOPE_CALLER},
    {"POST", "/api/v1/feedback", web_feedback_post, "feedback.write", true,
     NULL, .scope = WEB_SCOPE_STORE, .scope_from = "store"},
    {"POST", "/api/v1/feedback/sla", web_feedback_sla_post, "feedback.write",
     true, NULL, .scope = WEB_SCOPE_STORE, .scope_from = "store"},
    {"POST", "/api/v1/feedback/import", web_feedback_import_post,
     "feedback.write", true, NULL, .scope = WEB_SCOPE_STORE,
     .scope_from = "store"},
    {"GET", "/api/v1/feedback/{id}", web_feedback_get, "feedback.read", false,
     NULL, .scope = WEB_SCOPE_FEEDBACK},
    {"PATCH", "/api/v1/feedback/{id}", web_feedback_patch, "feedback.write",
     true, NULL, .scope = WEB_SCOPE_FEEDBACK},
    {"POST", "/api/v1/feedback/{id}/reply", web_feedback_reply_post,
     "feedback.write", true, NULL, .scope = WEB_SCOPE_FEEDBACK},
    {"POST", "/api/v1/feedback/{id}/return", web_feedback_return_post,
     "returns.write", true, NULL, .scope = WEB_SCOPE_FEEDBACK},
    {"GET", "/api/v1/orders", web_orders_get, "orders.read", false,
     q_orders_list, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "?warehouse",
     .owner = WEB_OWNER_LIST, .replica = true},
    {"GET", "/api/v1/orders/export.csv", web_orders_export_csv_get,
     "orders.read", false, q_orders, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true},
    {"GET", "/api/v1/orders/export.xlsx", web_orders_export_xlsx_get,
     "orders.read", false, q_orders, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true},
    {"POST", "/api/v1/orders", web_orders_post, "orders.write", true, NULL,
     .scope = WEB_SCOPE_STORE, .scope_from = "store", .owner = WEB_OWNER_STORE,
     .owner_from = "store", .office = true},
    {"GET", "/api/v1/orders/{id}", web_order_get, "orders.read", false, NULL,
     .scope = WEB_SCOPE_ORDER, .owner = WEB_OWNER_ORDER},
    {"PATCH", "/api/v1/orders/{id}", web_order_patch, "orders.write", true,
     NULL, .scope = WEB_SCOPE_ORDER},
    {"GET", "/api/v1/orders/{id}/timeline", web_order_timeline_get,
     "orders.read", false, NULL, .scope = WEB_SCOPE_ORDER,
     .owner = WEB_OWNER_ORDER},
    /* Value-added services done for an order (3PL billing). */
    {"GET", "/api/v1/orders/{id}/services", web_order_services_get,
     "orders.read", false, NULL, .scope = WEB_SCOPE_ORDER,
     .owner = WEB_OWNER_ORDER},
    {"POST", "/api/v1/orders/{id}/services", web_order_services_post,
     "services.record", true, NULL, .scope = WEB_SCOPE_ORDER},
    {"POST", "/api/v1/orders/{id}/cancel", web_order_cancel_post,
     "orders.write", false, NULL, .scope = WEB_SCOPE_ORDER},
    {"POST", "/api/v1/orders/{id}/release", web_order_release_post,
     "orders.write", false, NULL, .scope = WEB_SCOPE_ORDER},
    {"POST", "/api/v1/orders/{id}/hold", web_order_hold_post, "orders.write",
     true, NULL, true, .scope = WEB_SCOPE_ORDER},
    {"POST", "/api/v1/waves", web_waves_post, "fulfil.plan", true, NULL,
     .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "warehouse", .office = true},
    {"GET", "/api/v1/waves", web_waves_get, "inventory.read", false, q_waves,
     .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "?warehouse"},
    {"POST", "/api/v1/waves/{id}/cancel", web_wave_cancel_post, "fulfil.plan",
     false, NULL, .scope = WEB_SCOPE_WAVE},
    {"POST", "/api/v1/warehouses/{wh}/totes", web_totes_post, "warehouse.plan",
     true, NULL, .scope = WEB_SCOPE_WAREHOUSE},
    {"POST", "/api/v1/picklists/next", web_picklists_next_post, "fulfil.pick",
     true, NULL, true, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "warehouse"},
    {"GET", "/api/v1/picklists/{id}", web_picklist_get, "fulfil.pick", false,
     NULL, .scope = WEB_SCOPE_PICKLIST},
    {"GET", "/api/v1/picklists/{id}/picklist.pdf", web_picklist_pdf_get,
     "fulfil.pick", false, NULL, .scope = WEB_SCOPE_PICKLIST},
    {"POST", "/api/v1/picklists/{id}/scan", web_picklist_scan_post,
     "fulfil.pick", true, NULL, .scope = WEB_SCOPE_PICKLIST},
    {"POST", "/api/v1/picklists/{id}/short", web_picklist_short_post,
     "fulfil.pick", true, NULL, true, .scope = WEB_SCOPE_PICKLIST},
    {"POST", "/api/v1/picklists/{id}/assign", web_picklist_assign_post,
     "fulfil.plan", true, NULL, .scope = WEB_SCOPE_PICKLIST},
    {"POST", "/api/v1/packing/open", web_packing_open_post, "fulfil.pick", true,
     NULL, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "warehouse"},
    {"GET", "/api/v1/shipments", web_shipments_get, "shipments.read", false,
     q_shipments, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "?warehouse",
     .owner = WEB_OWNER_LIST},
    {"GET", "/api/v1/shipments/{id}", web_shipment_get, "shipments.read", false,
     NULL, .scope = WEB_SCOPE_SHIPMENT, .owner = WEB_OWNER_SHIPMENT},
    {"POST", "/api/v1/shipments/{id}/cartons", web_shipment_cartons_post,
     "fulfil.pick", true, NULL, .scope = WEB_SCOPE_SHIPMENT},
    {"POST", "/api/v1/shipments/{id}/ship", web_shipment_ship_post,
     "fulfil.pick", true, NULL, true, .scope = WEB_SCOPE_SHIPMENT},
    {"GET", "/api/v1/shipments/{id}/packing-slip.zpl", web_shipment_slip_get,
     "fulfil.pick", false, NULL, .scope = WEB_SCOPE_SHIPMENT},
    {"POST", "/api/v1/shipments/{id}/slip/reprint",
     web_shipment_slip_reprint_post, "fulfil.pick", true, NULL, true,
     .scope = WEB_SCOPE_SHIPMENT},
    {"POST", "/api/v1/dock/scan", web_dock_scan_post, "fulfil.pick", true, NULL,
     .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "warehouse"},
    {"POST", "/api/v1/shipments/{id}/delivered", web_shipment_delivered_post,
     "fulfil.plan", false, NULL, .scope = WEB_SCOPE_SHIPMENT},
    {"POST", "/api/v1/cartons/{id}/scan", web_carton_scan_post, "fulfil.pick",
     true, NULL, .scope = WEB_SCOPE_CARTON},
    {"POST", "/api/v1/cartons/{id}/unscan", web_carton_unscan_post,
     "fulfil.pick", true, NULL, .scope = WEB_SCOPE_CARTON},
    {"POST", "/api/v1/cartons/{id}/close", web_carton_close_post, "fulfil.pick",
     true, NULL, .scope = WEB_SCOPE_CARTON},
    {"POST", "/api/v1/cartons/{id}/reprint", web_carton_reprint_post,
     "fulfil.pick", true, NULL, true, .scope = WEB_SCOPE_CARTON},
    {"GET", "/api/v1/print-jobs", web_print_jobs_get, "fulfil.pick", false,
     q_print_jobs, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "?warehouse"},
    {"GET", "/api/v1/cartons/{id}/label.pdf", web_carton_label_pdf_get,
     "fulfil.pick", false, NULL, .scope = WEB_SCOPE_CARTON},
    {"GET", "/api/v1/cartons/{id}/label.zpl", web_carton_label_get,
     "fulfil.pick", false, NULL, .scope = WEB_SCOPE_CARTON},
    {"GET", "/api/v1/exceptions", web_exceptions_get, "fulfil.plan", false,
     q_exceptions, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "?warehouse"},
    {"POST", "/api/v1/exceptions", web_exceptions_post, "fulfil.pick", true,
     NULL, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "warehouse"},
    {"POST", "/api/v1/exceptions/{id}/resolve", web_exception_resolve_post,
     "fulfil.plan", true, NULL, .scope = WEB_SCOPE_EXCEPTION},
    {"GET", "/api/v1/carriers", web_carriers_get, "inventory.read", false, NULL,
     .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/carriers", web_carriers_post, "shipping.configure", true,
     NULL, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/carton-types", web_carton_types_get, "inventory.read",
     false, NULL, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/carton-types", web_carton_types_post,
     "shipping.configure", true, NULL, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/stations", web_stations_get, "inventory.read", false, q_wh,
     .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "?warehouse"},
    {"POST", "/api/v1/stations", web_stations_post, "shipping.configure", true,
     NULL, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "warehouse"},
    {"GET", "/api/v1/holidays", web_holidays_get, "inventory.read", false,
     q_year, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/holidays", web_holidays_post, "shipping.configure", true,
     NULL, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/suppliers", web_suppliers_post, "purchasing.write", true,
     NULL, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/suppliers", web_suppliers_get, "purchasing.read", false,
     q_suppliers, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/suppliers/{code}/performance",
     web_supplier_performance_get, "purchasing.read", false, q_period,
     .scope = WEB_SCOPE_NONE, .replica = true},
    {"POST", "/api/v1/purchase-orders/suggest",
     web_purchase_orders_suggest_post, "purchasing.write", true, NULL, true,
     .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "warehouse"},
    {"POST", "/api/v1/purchase-orders", web_purchase_orders_post,
     "purchasing.write", true, NULL, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "warehouse"},
    {"GET", "/api/v1/purchase-orders", web_purchase_orders_get, "po.read",
     false, q_pos, .scope = WEB_SCOPE_CALLER, .owner = WEB_OWNER_LIST,
     .replica = true},
    {"GET", "/api/v1/purchase-orders/export", web_purchase_orders_export_get,
     "purchasing.read", false, q_po_export, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true},
    {"GET", "/api/v1/purchase-orders/{id}", web_purchase_order_get, "po.read",
     false, NULL, .scope = WEB_SCOPE_PURCHASE_ORDER, .owner = WEB_OWNER_PO},
    {"GET", "/api/v1/purchase-orders/{id}/export.pdf",
     web_purchase_order_pdf_get, "purchasing.read", false, NULL,
     .scope = WEB_SCOPE_PURCHASE_ORDER},
    {"GET", "/api/v1/purchase-orders/{id}/export.csv",
     web_purchase_order_csv_get, "purchasing.read", false, NULL,
     .scope = WEB_SCOPE_PURCHASE_ORDER},
    {"POST", "/api/v1/purchase-orders/{id}/submit",
     web_purchase_order_step_post, "purchasing.write", false, NULL,
     .scope = WEB_SCOPE_PURCHASE_ORDER},
    {"POST", "/api/v1/purchase-orders/{id}/approve",
     web_purchase_order_step_post, "purchasing.approve", false, NULL,
     .scope = WEB_SCOPE_PURCHASE_ORDER},
    {"GET", "/api/v1/settings/purchasing", web_settings_purchasing_get,
     "purchasing.read", false, NULL, .scope = WEB_SCOPE_NONE},
    {"PATCH", "/api/v1/settings/purchasing", web_settings_purchasing_patch,
     "settings.write", true, NULL, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/settings/shipping", web_settings_shipping_get,
     "shipping.configure", false, NULL, .scope = WEB_SCOPE_NONE},
    {"PATCH", "/api/v1/settings/shipping", web_settings_shipping_patch,
     "settings.write", true, NULL, .scope = WEB_SCOPE_IN_HANDLER},
    {"POST", "/api/v1/purchase-orders/{id}/send", web_purchase_order_step_post,
     "purchasing.write", false, NULL, .scope = WEB_SCOPE_PURCHASE_ORDER},
    {"POST", "/api/v1/purchase-orders/{id}/cancel",
     web_purchase_order_step_post, "purchasing.write", false, NULL,
     .scope = WEB_SCOPE_PURCHASE_ORDER},
    {"POST", "/api/v1/purchase-orders/{id}/close", web_purchase_order_step_post,
     "purchasing.write", false, NULL, .scope = WEB_SCOPE_PURCHASE_ORDER},
    {"POST", "/api/v1/purchase-orders/{id}/receipts",
     web_purchase_order_receipts_post, "receiving", true, NULL,
     .scope = WEB_SCOPE_PURCHASE_ORDER},
    {"POST", "/api/v1/asns", web_asns_post, "asn.write", true, NULL,
     .scope = WEB_SCOPE_PURCHASE_ORDER, .scope_from = "purchase_order",
     .owner = WEB_OWNER_PO, .owner_from = "purchase_order"},
    /* The 3PL client portal (issue 23 item 3): ASNs listed and uploaded. */
    {"GET", "/api/v1/asns", web_asns_get, "po.read", false, q_asns,
     .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "?warehouse",
     .owner = WEB_OWNER_LIST},
    {"POST", "/api/v1/asns/import", web_asns_import_post, "asn.write", true,
     NULL, .scope = WEB_SCOPE_PURCHASE_ORDER, .scope_from = "purchase_order",
     .owner = WEB_OWNER_PO, .owner_from = "purchase_order"},
    {"POST", "/api/v1/receiving/sscc", web_receiving_sscc_post, "receiving",
     true, NULL, .scope = WEB_SCOPE_IN_HANDLER},
    {"GET", "/api/v1/putaway-tasks", web_putaway_tasks_get, "receiving", false,
     q_low, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "?warehouse"},
    {"POST", "/api/v1/putaway-tasks/{id}/confirm",
     web_putaway_task_confirm_post, "receiving", true, NULL,
     .scope = WEB_SCOPE_PUTAWAY_TASK},
    {"GET", "/api/v1/returns", web_returns_get, "returns.read", false,
     q_returns, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "?warehouse",
     .owner = WEB_OWNER_LIST, .replica = true},
    {"POST", "/api/v1/returns", web_returns_post, "returns.write", true, NULL,
     .scope = WEB_SCOPE_ORDER, .scope_from = "order"},
    {"GET", "/api/v1/returns/lookup", web_returns_lookup_get, "returns.read",
     false, q_code, .scope = WEB_SCOPE_CALLER},
    {"GET", "/api/v1/returns/summary", web_returns_summary_get, "returns.read",
     false, q_wh, .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "?warehouse",
     .replica = true},
    {"POST", "/api/v1/returns/unannounced", web_returns_unannounced_post,
     "returns.receive", true, NULL, .scope = WEB_SCOPE_ORDER,
     .scope_from = "order"},
    {"GET", "/api/v1/returns/{id}", web_return_get, "returns.read", false, NULL,
     .scope = WEB_SCOPE_RMA, .owner = WEB_OWNER_RMA},
    {"POST", "/api/v1/returns/{id}/receive", web_return_receive_post,
     "returns.receive", true, NULL, .scope = WEB_SCOPE_RMA},
    {"POST", "/api/v1/returns/{id}/dispose", web_return_dispose_post,
     "returns.receive", true, NULL, .scope = WEB_SCOPE_RMA},
    {"POST", "/api/v1/returns/{id}/refund", web_return_refund_post,
     "returns.refund", true, NULL, .scope = WEB_SCOPE_RMA},
    {"POST", "/api/v1/returns/{id}/exchange", web_return_replace_post,
     "returns.write", true, NULL, .scope = WEB_SCOPE_RMA},
    {"POST", "/api/v1/returns/{id}/reship", web_return_replace_post,
     "returns.write", true, NULL, .body_optional = true,
     .scope = WEB_SCOPE_RMA},
    {"POST", "/api/v1/returns/{id}/authorize", web_return_step_post,
     "returns.write", true, NULL, .body_optional = true,
     .scope = WEB_SCOPE_RMA},
    {"POST", "/api/v1/returns/{id}/reject", web_return_step_post,
     "returns.write", true, NULL, .body_optional = true,
     .scope = WEB_SCOPE_RMA},
    {"POST", "/api/v1/returns/{id}/close", web_return_step_post,
     "returns.write", true, NULL, .body_optional = true,
     .scope = WEB_SCOPE_RMA},
    /* Event webhooks (issue 23 item 6): subscriptions are global, like
       users; owner-bound ones come with stock owners. */
    {"GET", "/api/v1/webhooks", web_webhooks_get, "webhooks.manage", false,
     NULL, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/webhooks", web_webhooks_post, "webhooks.manage", true,
     NULL, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/webhooks/{id}", web_webhook_get, "webhooks.manage", false,
     NULL, .scope = WEB_SCOPE_NONE},
    {"PATCH", "/api/v1/webhooks/{id}", web_webhook_patch, "webhooks.manage",
     true, NULL, .scope = WEB_SCOPE_NONE},
    {"DELETE", "/api/v1/webhooks/{id}", web_webhook_delete, "webhooks.manage",
     false, NULL, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/webhooks/{id}/deliveries", web_webhook_deliveries_get,
     "webhooks.manage", false, q_deliveries, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver",
     web_webhook_redeliver_post, "webhooks.manage", false, NULL,
     .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/supplier-returns", web_supplier_returns_post,
     "purchasing.write", true, NULL, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "warehouse"},
    {"POST", "/api/v1/stations/{code}/labels", web_station_labels_post,
     "shipping.configure", true, NULL, .scope = WEB_SCOPE_STATION},
    {"GET", "/api/v1/stations/{code}/events", web_station_events_get,
     "fulfil.pick", false, NULL, .scope = WEB_SCOPE_STATION},
    {"POST", "/api/v1/stations/{code}/scans", web_station_scans_post,
     "station.scan", true, NULL, .scope = WEB_SCOPE_STATION},
    {"POST", "/api/v1/devices", web_devices_post, "warehouse.plan", true, NULL,
     .scope = WEB_SCOPE_STATION, .scope_from = "station"},
    {"GET", "/api/v1/devices", web_devices_get, "inventory.read", false,
     q_station, .scope = WEB_SCOPE_STATION, .scope_from = "?station"},
    {"GET", "/track/{token}", web_track_get, "public", false, NULL,
     .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/dashboard", web_dashboard_get, "orders.read", false, q_wh,
     .scope = WEB_SCOPE_WAREHOUSE, .scope_from = "?warehouse", .replica = true,
     .read_lane = true},
    {"GET", "/api/v1/reports/stock-movement", web_reports_stock_movement_get,
     "purchasing.read", false, q_rpt_stock, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true, .read_lane = true},
    {"GET", "/api/v1/reports/inventory", web_reports_inventory_get,
     "purchasing.read", false, q_rpt_inventory, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true, .read_lane = true},
    {"GET", "/api/v1/reports/sales", web_reports_sales_get, "purchasing.read",
     false, q_rpt_sales, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true, .read_lane = true},
    {"GET", "/api/v1/reports/returns", web_reports_returns_get, "orders.read",
     false, q_rpt_sales, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true, .read_lane = true},
    {"GET", "/api/v1/reports/feedback", web_reports_feedback_get,
     "feedback.read", false, q_rpt_feedback, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true, .read_lane = true},
    {"GET", "/api/v1/reports/purchasing", web_reports_purchasing_get,
     "purchasing.read", false, q_rpt_purchasing, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true, .read_lane = true},
    {"GET", "/api/v1/reports/staff", web_reports_staff_get, "fulfil.plan",
     false, q_rpt_staff, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true, .read_lane = true},
    {"GET", "/api/v1/reports/margin", web_reports_margin_get, "finance.read",
     false, q_rpt_margin, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true, .read_lane = true},
    {"GET", "/api/v1/reports/fulfilment", web_reports_fulfilment_get,
     "orders.read", false, q_rpt_fulfil, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true, .read_lane = true},
    {"GET", "/api/v1/reports/aging", web_reports_aging_get, "purchasing.read",
     false, q_rpt_aging, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true, .read_lane = true},
    {"GET", "/api/v1/reports/expiry", web_reports_expiry_get, "inventory.read",
     false, q_rpt_expiry, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true, .read_lane = true},
    /* Finance (issue 22): the ledger. Company-wide writes; the reads
       narrow a warehouse-limited caller to its warehouses' lines. */
    {"GET", "/api/v1/finance", web_finance_get, "finance.read", false, NULL,
     .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/finance/trial-balance", web_finance_trial_balance_get,
     "finance.read", false, q_fin_tb, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true},
    {"GET", "/api/v1/finance/journal", web_finance_journal_get, "finance.read",
     false, q_fin_journal, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true},
    {"GET", "/api/v1/finance/missing-costs", web_finance_missing_costs_get,
     "finance.read", false, q_fin_missing, .scope = WEB_SCOPE_WAREHOUSE,
     .scope_from = "?warehouse", .replica = true},
    {"POST", "/api/v1/finance/periods/{month}/close",
     web_finance_period_close_post, "finance.write", true, NULL,
     .body_optional = true, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/finance/rates", web_finance_rates_post, "finance.write",
     true, NULL, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/finance/entries", web_finance_entries_post,
     "finance.write", true, NULL, .scope = WEB_SCOPE_NONE},
    {"PATCH", "/api/v1/finance/accounts/{code}", web_finance_account_patch,
     "finance.write", true, NULL, .scope = WEB_SCOPE_NONE},
    {"PATCH", "/api/v1/finance/settings", web_finance_settings_patch,
     "finance.write", true, NULL, .scope = WEB_SCOPE_NONE},
    /* Supplier bills (payables): company-wide like the ledger. */
    {"POST", "/api/v1/supplier-bills", web_supplier_bills_post, "finance.write",
     true, NULL, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/supplier-bills", web_supplier_bills_get, "finance.read",
     false, q_bills, .scope = WEB_SCOPE_NONE, .replica = true},
    {"GET", "/api/v1/supplier-bills/{id}", web_supplier_bill_get,
     "finance.read", false, NULL, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/supplier-bills/{id}/approve",
     web_supplier_bill_approve_post, "finance.write", true, NULL,
     .body_optional = true, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/supplier-bills/{id}/payments",
     web_supplier_bill_payments_post, "finance.write", true, NULL,
     .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/finance/payables-aging", web_finance_payables_aging_get,
     "finance.read", false, q_fin_ap_aging, .scope = WEB_SCOPE_NONE,
     .replica = true},
    {"GET", "/api/v1/suppliers/{code}/statement", web_supplier_statement_get,
     "finance.read", false, q_fin_statement, .scope = WEB_SCOPE_NONE},
    /* Platform settlements (receivables). */
    {"POST", "/api/v1/settlements", web_settlements_post, "finance.write", true,
     NULL, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/settlements", web_settlements_get, "finance.read", false,
     q_settlements, .scope = WEB_SCOPE_NONE, .replica = true},
    {"GET", "/api/v1/settlements/{id}", web_settlement_get, "finance.read",
     false, NULL, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/finance/receivables-aging",
     web_finance_receivables_aging_get, "finance.read", false, q_fin_ar_aging,
     .scope = WEB_SCOPE_NONE, .replica = true},
    /* Sales invoices and credit notes (issue 22 item 3): company-wide like
       the ledger; issued from an order, which names its warehouse. */
    {"POST", "/api/v1/orders/{id}/invoices", web_order_invoices_post,
     "finance.write", true, NULL, .scope = WEB_SCOPE_ORDER},
    {"GET", "/api/v1/invoices", web_invoices_get, "finance.read", false,
     q_invoices, .scope = WEB_SCOPE_NONE, .replica = true},
    {"GET", "/api/v1/invoices/export", web_invoices_export_get, "finance.read",
     false, q_invoices_export, .scope = WEB_SCOPE_NONE, .replica = true},
    {"GET", "/api/v1/invoices/{id}", web_invoice_get, "finance.read", false,
     NULL, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/invoices/{id}/invoice.pdf", web_invoice_pdf_get,
     "finance.read", false, q_lang, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/invoices/{id}/credit-notes",
     web_invoice_credit_notes_post, "finance.write", true, NULL,
     .body_optional = true, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/finance/tax", web_finance_tax_get, "finance.read", false,
     NULL, .scope = WEB_SCOPE_NONE},
    {"PATCH", "/api/v1/finance/tax", web_finance_tax_patch, "finance.write",
     true, NULL, .scope = WEB_SCOPE_NONE},
    /* Stock owners (issue 23 items 1 and 2): the company's 3PL clients.
       Owners hold no warehouse; a client sees its own owner only. */
    {"GET", "/api/v1/owners", web_owners_get, "owners.read", false, q_owners,
     .scope = WEB_SCOPE_NONE, .owner = WEB_OWNER_LIST, .replica = true},
    {"POST", "/api/v1/owners", web_owners_post, "owners.write", true, NULL,
     .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/owners/{code}", web_owner_get, "owners.read", false, NULL,
     .scope = WEB_SCOPE_NONE, .owner = WEB_OWNER_OWNER},
    {"PATCH", "/api/v1/owners/{code}", web_owner_patch, "owners.write", true,
     NULL, .scope = WEB_SCOPE_NONE},
    /* 3PL billing (issue 23 item 4): price lists, monthly statements from
       the ledger, their lines' facts and downloads. A client reads its own
       owner's price list and statements only. */
    {"GET", "/api/v1/owners/{code}/billing-rules", web_owner_billing_rules_get,
     "billing.read", false, NULL, .scope = WEB_SCOPE_NONE,
     .owner = WEB_OWNER_OWNER},
    {"PUT", "/api/v1/owners/{code}/billing-rules", web_owner_billing_rules_put,
     "billing.write", true, NULL, .scope = WEB_SCOPE_NONE},
    {"POST", "/api/v1/owners/{code}/statements", web_owner_statements_post,
     "billing.write", true, NULL, .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/owners/{code}/statements", web_owner_statements_get,
     "billing.read", false, q_statements, .scope = WEB_SCOPE_NONE,
     .owner = WEB_OWNER_OWNER},
    {"GET", "/api/v1/owners/{code}/statements/{id}", web_owner_statement_get,
     "billing.read", false, NULL, .scope = WEB_SCOPE_NONE,
     .owner = WEB_OWNER_OWNER},
    {"GET", "/api/v1/owners/{code}/statements/{id}/lines/{n}/facts",
     web_owner_statement_facts_get, "billing.read", false, NULL,
     .scope = WEB_SCOPE_NONE, .owner = WEB_OWNER_OWNER},
    {"POST", "/api/v1/owners/{code}/statements/{id}/adjustments",
     web_owner_statement_adjustments_post, "billing.write", true, NULL,
     .scope = WEB_SCOPE_NONE},
    {"GET", "/api/v1/owners/{code}/statements/{id}/statement.pdf",
     web_owner_statement_pdf_get, "billing.read", false, q_lang,
     .scope = WEB_SCOPE_NONE, .owner = WEB_OWNER_OWNER},
    {"GET", "/api/v1/owners/{code}/statements/{id}/statement.csv",
     web_owner_statement_csv_get, "billing.read", false, q_lang,
     .scope = WEB_SCOPE_NONE, .owner = WEB_OWNER_OWNER},
    {"GET", "/api/v1/owners/{code}/statements/{id}/statement.xlsx",
     web_owner_statement_xlsx_get, "billing.read", false, q_lang,
     .scope = WEB_SCOPE_NONE, .owner = WEB_OWNER_OWNER},
    /* The web UI: pages hold no data (their scripts ask the API). */
    {"GET", "/", web_ui_root_get, "public", false, NULL,
     .scope = WEB_SCOPE_NONE, .rate_free = true},
    {"GET", "/login", web_ui_page_get, "public", false, NULL,
     .scope = WEB_SCOPE_NONE, .rate_free = true},
    {"GET", "/floor/sw.js", web_ui_page_get, "public", false, NULL,
     .scope = WEB_SCOPE_NONE, .rate_free = true},
    {"GET", "/floor/{*}", web_ui_page_get, "public", false, NULL,
     .scope = WEB_SCOPE_NONE, .rate_free = true},
    {"GET", "/app/{*}", web_ui_page_get, "public", false, NULL,
     .scope = WEB_SCOPE_NONE, .rate_free = true},
    {"GET", "/portal/{*}", web_ui_page_get, "public", false, NULL,
     .scope = WEB_SCOPE_NONE, .rate_free = true},
    {"GET", "/ui/{*}", web_ui_asset_get, "public", false, NULL,
     .scope = WEB_SCOPE_NONE, .rate_free = true},
    {NULL, NULL, NULL, NULL, false, NULL, false, WEB_SCOPE_UNDECLARED, NULL,
     false, WEB_OWNER_REFUSED, NULL, false},
};

/*
 * Matches @a segs (n of them) against @a pattern; on success the {x}
 * segments are stored in @a params.
 */
static bool
pattern_matches(const char *pattern, char *const segs[], unsigned n,
                const char *params[], unsigned *nparams)
{
  unsigned i = 0;
  unsigned np = 0;
  const char *p = pattern;
  while (*p == '/') {
    p++;
    size_t len = strcspn(p, "/");
    if (len == 3 && memcmp(p, "{*}", 3) == 0) {
      /* The rest of the path, none or any depth (the handler reads it). */
      i = n;
      p += len;
      break;
    }
    if (i >= n)
      return false;
    if (p[0] == '{') {
      if (np >= WEB_MAX_PARAMS)
        return false;
      params[np++] = segs[i];
    } else if (strlen(segs[i]) != len || memcmp(segs[i], p, len) != 0) {
      return false;
    }
    i++;
    p += len;
  }
  if (i != n)
    return false;
  *nparams = np;
  return true;
}

/* Splits @a scratch in place at '/'; false if it has too many segments. */
static bool
split(char *scratch, char *segs[], unsigned max, unsigned *n)
{
  *n = 0;
  char *p = scratch;
  if (*p != '/')
    return false;
  while (*p == '/') {
    *p++ = '\0';
    if (*p == '\0' && *n > 0)
      break; /* one trailing slash is tolerated */
    if (*n >= max)
      return false;
    segs[(*n)++] = p;
    p += strcspn(p, "/");
  }
  for (unsigned i = 0; i < *n; i++) {
    if (segs[i][0] == '\0' && !(i == 0 && *n == 1))
      return false; /* "//" */
  }
  return true;
}

enum web_route_match
web_routes_match(const char *method, const char *path, char *scratch,
                 const struct web_route **out, const char *params[],
                 unsigned *nparams, char *allow, size_t allow_len)
{
  char *segs[16];
  unsigned n;
  allow[0] = '\0';
  (void)path;
  if (!split(scratch, segs, 16, &n))
    return WEB_ROUTE_NOT_FOUND;
  bool path_known = false;
  for (const struct web_route *r = web_routes; r->method != NULL; r++) {
    const char *tmp[WEB_MAX_PARAMS];
    unsigned ntmp;
    if (!pattern_matches(r->pattern, segs, n, tmp, &ntmp))
      continue;
    if (strcmp(r->method, method) == 0 ||
        (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
      memcpy(params, tmp, sizeof tmp);
      *nparams = ntmp;
      *out = r;
      return WEB_ROUTE_FOUND;
    }
    size_t used = strlen(allow);
    snprintf(allow + used, allow_len - used, "%s%s", path_known ? ", " : "",
             r->method);
    path_known = true;
  }
  return path_known ? WEB_ROUTE_BAD_METHOD : WEB_ROUTE_NOT_FOUND;
}
