#ifndef WEB_UI_PAGE_GET_H
#define WEB_UI_PAGE_GET_H
#include "web_request.h"

/*
 * GET /login, /floor/… and /app/…: the HTML shell of that surface (its
 * screens are drawn by its script, so every path below /floor/ and /app/
 * answers the same page), and /floor/sw.js, the floor's service worker.
 * Public: the page itself holds no data; its script asks the API, which
 * checks the session.
 */
enum MHD_Result web_ui_page_get(struct web_request *req);

#endif
