#include "web_ui.h"

#include "web_reply.h"

#include <string.h>

/*
 * No max-age: URLs are not fingerprinted, so a browser must ask again, and
 * the ETag makes asking cost a 304. A new build is seen at the next load.
 */
static const char cache_control[] = "no-cache";

const struct web_ui_bundle_file *
web_ui_find(const char *path)
{
  if (path == NULL)
    return NULL;
  for (const struct web_ui_bundle_file *f = web_ui_bundle_files;
       f->path != NULL; f++) {
    if (strcmp(f->path, path) == 0)
      return f;
  }
  return NULL;
}

/* Whether If-None-Match @a inm (may be NULL) lists @a etag, or is "*". */
static bool
etag_matches(const char *inm, const char *etag)
{
  if (inm == NULL)
    return false;
  size_t n = strlen(etag);
  const char *p = inm;
  while (*p != '\0') {
    p += strspn(p, " ,\t");
    if (p[0] == '*')
      return true;
    if (strncmp(p, "W/", 2) == 0)
      p += 2; /* a weak comparison is what If-None-Match asks for */
    if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || strchr(" ,\t", p[n])))
      return true;
    p += strcspn(p, ",");
  }
  return false;
}

enum MHD_Result
web_ui_reply(struct web_request *req, const struct web_ui_bundle_file *f)
{
  const char *inm = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_IF_NONE_MATCH);
  unsigned status =
      etag_matches(inm, f->etag) ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
  struct web_reply_asset a = {
      .data = f->data,
      .len = status == MHD_HTTP_OK ? f->len : 0,
      .content_type = f->content_type,
      .etag = f->etag,
      .cache_control = cache_control,
  };
  return web_reply_asset(req, status, &a);
}
