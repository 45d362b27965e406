/*
 * ZXing-C++ 1.4 behind a C interface. Exceptions never cross into C:
 * every entry point catches them and reports the message.
 */
#define ZX_USE_UTF8 1
#include "dev_zxing.h"

#include "dev_datamatrix.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>
#include <ZXing/TextUtfEncoding.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

static const struct {
  const char *name;
  dev_zxing_format format;
  ZXing::BarcodeFormat zx;
} formats[] = {
    {"code128", DEV_ZXING_CODE128, ZXing::BarcodeFormat::Code128},
    {"ean13", DEV_ZXING_EAN13, ZXing::BarcodeFormat::EAN13},
    {"qr", DEV_ZXING_QR, ZXing::BarcodeFormat::QRCode},
    {"datamatrix", DEV_ZXING_DATAMATRIX, ZXing::BarcodeFormat::DataMatrix},
    {"gs1-128", DEV_ZXING_GS1_128, ZXing::BarcodeFormat::Code128},
    {"gs1-datamatrix", DEV_ZXING_GS1_DATAMATRIX,
     ZXing::BarcodeFormat::DataMatrix},
};

/* Code 128 input for GS1: FNC1 first, each GS an FNC1 (ZXing's U+00F1). */
static std::wstring
gs1_128_text(const char *text)
{
  std::wstring w(1, L'\u00f1');
  for (const char *p = text; *p != '\0'; p++)
    w.push_back(*p == 0x1d ? L'\u00f1' : static_cast<wchar_t>(*p));
  return w;
}

/* Whether @a text (in, NUL-terminated) is 7-bit ASCII. */
static bool
ascii(const char *text)
{
  for (const char *p = text; *p != '\0'; p++) {
    if (static_cast<unsigned char>(*p) >= 0x80)
      return false;
  }
  return true;
}

extern "C" bool
dev_zxing_format_parse(const char *name, dev_zxing_format *out)
{
  for (const auto &f : formats) {
    if (std::strcmp(f.name, name) == 0) {
      *out = f.format;
      return true;
    }
  }
  return false;
}

extern "C" const char *
dev_zxing_format_name(dev_zxing_format f)
{
  for (const auto &e : formats) {
    if (e.format == f)
      return e.name;
  }
  return "unknown";
}

extern "C" bool
dev_zxing_encode(dev_zxing_format f, const char *text, int margin,
                 dev_zxing_matrix *out, char *err, size_t errlen)
{
  *out = dev_zxing_matrix{0, 0, nullptr};
  if (std::strlen(text) > DEV_ZXING_MAX_TEXT || text[0] == '\0') {
    std::snprintf(err, errlen, "text must have 1..%d bytes",
                  DEV_ZXING_MAX_TEXT);
    return false;
  }
  if (f == DEV_ZXING_GS1_DATAMATRIX)
    return dev_datamatrix_encode_gs1(text, margin, out, err, errlen);
  try {
    ZXing::BarcodeFormat zx = ZXing::BarcodeFormat::None;
    for (const auto &e : formats) {
      if (e.format == f)
        zx = e.zx;
    }
    std::wstring w = f == DEV_ZXING_GS1_128
                         ? gs1_128_text(text)
                         : ZXing::TextUtfEncoding::FromUtf8(text);
    ZXing::MultiFormatWriter writer(zx);
    writer.setMargin(margin);
    /* Text beyond ASCII goes into a QR code as UTF-8 bytes behind an ECI
       (UTF-8) designator: without one ZXing takes ISO 8859-1 and refuses
       Chinese. ASCII keeps its plain, shorter symbol. */
    if (f == DEV_ZXING_QR && !ascii(text))
      writer.setEncoding(ZXing::CharacterSet::UTF8);
    ZXing::BitMatrix m = writer.encode(w, 0, 0);
    /* Linear symbols come back as one row (or rows all alike). */
    bool linear = f == DEV_ZXING_CODE128 || f == DEV_ZXING_EAN13 ||
                  f == DEV_ZXING_GS1_128;
    int h = linear ? 1 : m.height();
    out->width = m.width();
    out->height = h;
    out->dark = static_cast<unsigned char *>(
        std::calloc(static_cast<size_t>(m.width()) * h, 1));
    if (out->dark == nullptr)
      std::abort();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < m.width(); x++)
        out->dark[static_cast<size_t>(y) * m.width() + x] = m.get(x, y);
    }
    return true;
  } catch (const std::exception &e) {
    std::snprintf(err, errlen, "could not encode: %s", e.what());
    return false;
  }
}

extern "C" void
dev_zxing_matrix_clear(dev_zxing_matrix *m)
{
  std::free(m->dark);
  *m = dev_zxing_matrix{0, 0, nullptr};
}

/* Decodes up to @a max symbols; the body of both entry points. */
static bool
decode(const unsigned char *gray, int width, int height, int max,
       dev_zxing_result *out, size_t *n, char *err, size_t errlen)
{
  *n = 0;
  if (width <= 0 || height <= 0 || width > DEV_ZXING_MAX_SIDE ||
      height > DEV_ZXING_MAX_SIDE ||
      static_cast<long>(width) * height > DEV_ZXING_MAX_PIXELS) {
    std::snprintf(err, errlen, "image of %dx%d pixels is too large", width,
                  height);
    return false;
  }
  try {
    ZXing::DecodeHints hints;
    hints.setTryHarder(true).setTryRotate(true).setMaxNumberOfSymbols(max);
    auto results = ZXing::ReadBarcodes(
        ZXing::ImageView(gray, width, height, ZXing::ImageFormat::Lum), hints);
    for (const auto &r : results) {
      if (!r.isValid() || *n == DEV_ZXING_MAX_RESULTS)
        continue;
      dev_zxing_result &o = out[(*n)++];
      std::snprintf(o.format, sizeof o.format, "%s",
                    ZXing::ToString(r.format()));
      std::snprintf(o.symbology, sizeof o.symbology, "%s",
                    r.symbologyIdentifier().c_str());
      std::string t = r.text();
      o.len = t.size();
      o.text = static_cast<char *>(std::malloc(t.size() + 1));
      if (o.text == nullptr)
        std::abort();
      std::memcpy(o.text, t.c_str(), t.size() + 1);
    }
    return true;
  } catch (const std::exception &e) {
    std::snprintf(err, errlen, "could not decode: %s", e.what());
    return false;
  }
}

extern "C" bool
dev_zxing_decode(const unsigned char *gray, int width, int height,
                 dev_zxing_result *out, size_t *n, char *err, size_t errlen)
{
  return decode(gray, width, height, DEV_ZXING_MAX_RESULTS, out, n, err,
                errlen);
}

extern "C" bool
dev_zxing_decode_one(const unsigned char *gray, int width, int height,
                     dev_zxing_result *out, size_t *n, char *err, size_t errlen)
{
  return decode(gray, width, height, 1, out, n, err, errlen);
}

extern "C" void
dev_zxing_result_clear(dev_zxing_result *r)
{
  std::free(r->text);
  r->text = nullptr;
}
