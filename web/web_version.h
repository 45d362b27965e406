#ifndef WEB_VERSION_H
#define WEB_VERSION_H
/* Version of this build, filled in by CMake. */
extern const char web_version_string[];
extern const char web_version_git[];
#endif
