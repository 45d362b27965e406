#ifndef WEB_UI_BUNDLE_H
#define WEB_UI_BUNDLE_H
/*
 * The web UI compiled into the binary: every file under web/ui and the
 * catalogs of web/i18n as byte arrays, generated at build time by
 * cmake/EmbedUiRun.cmake into web_ui_bundle.c. Read it through web_ui.h.
 */
#include <stddef.h>

struct web_ui_bundle_file {
  const char *path;         /* URL path: "/ui/floor/floor.js" */
  const char *content_type; /* by extension, with charset for text */
  const char *etag;         /* strong, quoted: "\"<128-bit SHA-256 hex>\"" */
  const unsigned char *data;
  size_t len;
};

/* Every embedded file, ended by an entry with a NULL path. */
extern const struct web_ui_bundle_file web_ui_bundle_files[];

#endif
