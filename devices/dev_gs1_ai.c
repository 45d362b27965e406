/*
 * The GS1 Application Identifier table, transcribed from the GS1 General
 * Specifications (section 3.2) and the GS1 Barcode Syntax Dictionary.
 * Association rules carry the req/ex pairs of the dictionary that matter
 * for a warehouse, erring on the lenient side where unsure (measures
 * accept an SSCC, for logistic units), so that no valid message fails.
 */
#include "dev_gs1_ai.h"

#include <string.h>

#define CN DEV_GS1_AI_CSET_N
#define CX DEV_GS1_AI_CSET_X
#define CY DEV_GS1_AI_CSET_Y
#define CZ DEV_GS1_AI_CSET_Z

/* Components: fixed N, variable N..n, fixed X, variable X..n. */
#define N(n, f)                                                                \
  {                                                                            \
    CN, n, n, f                                                                \
  }
#define NV(n, f)                                                               \
  {                                                                            \
    CN, 1, n, f                                                                \
  }
#define X(n, f)                                                                \
  {                                                                            \
    CX, n, n, f                                                                \
  }
#define XV(n, f)                                                               \
  {                                                                            \
    CX, 1, n, f                                                                \
  }
#define YV(n, f)                                                               \
  {                                                                            \
    CY, 1, n, f                                                                \
  }
#define ZV(n, f)                                                               \
  {                                                                            \
    CZ, 1, n, f                                                                \
  }
#define OPT DEV_GS1_AI_OPT
#define CSUM DEV_GS1_AI_CSUM
#define DATE DEV_GS1_AI_DATE
#define DATE0 DEV_GS1_AI_DATE0
#define HHMM DEV_GS1_AI_HHMM
#define YESNO DEV_GS1_AI_YESNO
#define DEC DEV_GS1_AI_DEC

#define AI1(a, t, c1, rq, x)                                                   \
  {                                                                            \
    a, t, 0, 1, {c1}, rq, x                                                    \
  }
#define AI2(a, t, c1, c2, rq, x)                                               \
  {                                                                            \
    a, t, 0, 2, {c1, c2}, rq, x                                                \
  }
#define AI3(a, t, c1, c2, c3, rq, x)                                           \
  {                                                                            \
    a, t, 0, 3, {c1, c2, c3}, rq, x                                            \
  }
#define AIDEC(a, t, md, c1, rq, x)                                             \
  {                                                                            \
    a, t, md, 1, {c1}, rq, x                                                   \
  }
#define AIDEC2(a, t, md, c1, c2, rq, x)                                        \
  {                                                                            \
    a, t, md, 2, {c1, c2}, rq, x                                               \
  }

/* Identifies a trade item (or its logistic equivalents). */
#define TRADE "01,02,8006,8026"
/* Measures: of a trade item, or (logistic measures) of an SSCC'd unit. */
#define MEASURE(a, t) AIDEC(a, t, 5, N(6, DEC), "00," TRADE, NULL)

static const struct dev_gs1_ai_spec table[] = {
    AI1("00", "SSCC", N(18, CSUM), NULL, NULL),
    AI1("01", "GTIN", N(14, CSUM), NULL, "02 255 37"),
    AI1("02", "CONTENT", N(14, CSUM), "37", "01"),
    AI1("10", "BATCH/LOT", XV(20, 0), TRADE, NULL),
    AI1("11", "PROD DATE", N(6, DATE0), TRADE, NULL),
    AI1("12", "DUE DATE", N(6, DATE0), NULL, NULL),
    AI1("13", "PACK DATE", N(6, DATE0), TRADE, NULL),
    AI1("15", "BEST BEFORE or BEST BY", N(6, DATE0), TRADE, NULL),
    AI1("16", "SELL BY", N(6, DATE0), TRADE, NULL),
    AI1("17", "USE BY or EXPIRY", N(6, DATE0), TRADE, NULL),
    AI1("20", "VARIANT", N(2, 0), "01,02", NULL),
    AI1("21", "SERIAL", XV(20, 0), "01,8006", NULL),
    AI1("22", "CPV", XV(20, 0), "01", NULL),
    AI1("235", "TPX", XV(28, 0), "01", NULL),
    AI1("240", "ADDITIONAL ID", XV(30, 0), TRADE, NULL),
    AI1("241", "CUST. PART No.", XV(30, 0), TRADE, NULL),
    AI1("242", "MTO VARIANT", NV(6, 0), "01,8006", NULL),
    AI1("243", "PCN", XV(20, 0), "01", NULL),
    AI1("250", "SECONDARY SERIAL", XV(30, 0), "01,8006 21", NULL),
    AI1("251", "REF. TO SOURCE", XV(30, 0), "01,8006", NULL),
    AI2("253", "GDTI", N(13, CSUM), XV(17, OPT), NULL, NULL),
    AI1("254", "GLN EXTENSION COMPONENT", XV(20, 0), "414", NULL),
    AI2("255", "GCN", N(13, CSUM), NV(12, OPT), NULL, "01"),
    AI1("30", "VAR. COUNT", NV(8, 0), TRADE, NULL),
    MEASURE("310n", "NET WEIGHT (kg)"),
    MEASURE("311n", "LENGTH (m)"),
    MEASURE("312n", "WIDTH (m)"),
    MEASURE("313n", "HEIGHT (m)"),
    MEASURE("314n", "AREA (m2)"),
    MEASURE("315n", "NET VOLUME (l)"),
    MEASURE("316n", "NET VOLUME (m3)"),
    MEASURE("320n", "NET WEIGHT (lb)"),
    MEASURE("321n", "LENGTH (in)"),
    MEASURE("322n", "LENGTH (ft)"),
    MEASURE("323n", "LENGTH (yd)"),
    MEASURE("324n", "WIDTH (in)"),
    MEASURE("325n", "WIDTH (ft)"),
    MEASURE("326n", "WIDTH (yd)"),
    MEASURE("327n", "HEIGHT (in)"),
    MEASURE("328n", "HEIGHT (ft)"),
    MEASURE("329n", "HEIGHT (yd)"),
    MEASURE("330n", "GROSS WEIGHT (kg)"),
    MEASURE("331n", "LENGTH (m), log"),
    MEASURE("332n", "WIDTH (m), log"),
    MEASURE("333n", "HEIGHT (m), log"),
    MEASURE("334n", "AREA (m2), log"),
    MEASURE("335n", "VOLUME (l), log"),
    MEASURE("336n", "VOLUME (m3), log"),
    MEASURE("337n", "KG PER m2"),
    MEASURE("340n", "GROSS WEIGHT (lb)"),
    MEASURE("341n", "LENGTH (in), log"),
    MEASURE("342n", "LENGTH (ft), log"),
    MEASURE("343n", "LENGTH (yd), log"),
    MEASURE("344n", "WIDTH (in), log"),
    MEASURE("345n", "WIDTH (ft), log"),
    MEASURE("346n", "WIDTH (yd), log"),
    MEASURE("347n", "HEIGHT (in), log"),
    MEASURE("348n", "HEIGHT (ft), log"),
    MEASURE("349n", "HEIGHT (yd), log"),
    MEASURE("350n", "AREA (in2)"),
    MEASURE("351n", "AREA (ft2)"),
    MEASURE("352n", "AREA (yd2)"),
    MEASURE("353n", "AREA (in2), log"),
    MEASURE("354n", "AREA (ft2), log"),
    MEASURE("355n", "AREA (yd2), log"),
    MEASURE("356n", "NET WEIGHT (t oz)"),
    MEASURE("357n", "NET VOLUME (oz)"),
    MEASURE("360n", "NET VOLUME (qt)"),
    MEASURE("361n", "NET VOLUME (gal.)"),
    MEASURE("362n", "VOLUME (qt), log"),
    MEASURE("363n", "VOLUME (gal.), log"),
    MEASURE("364n", "VOLUME (in3)"),
    MEASURE("365n", "VOLUME (ft3)"),
    MEASURE("366n", "VOLUME (yd3)"),
    MEASURE("367n", "VOLUME (in3), log"),
    MEASURE("368n", "VOLUME (ft3), log"),
    MEASURE("369n", "VOLUME (yd3), log"),
    AI1("37", "COUNT", NV(8, 0), "02,8026", NULL),
    AIDEC("390n", "AMOUNT", 9, NV(15, DEC), "8020,255", NULL),
    AIDEC2("391n", "AMOUNT", 9, N(3, 0), NV(15, DEC), "8020,255", NULL),
    AIDEC("392n", "PRICE", 9, NV(15, DEC), "01", NULL),
    AIDEC2("393n", "PRICE", 9, N(3, 0), NV(15, DEC), "01", NULL),
    AIDEC("394n", "PRCNT OFF", 3, N(4, DEC), "255", NULL),
    AIDEC("395n", "PRICE/UoM", 5, N(6, DEC), "01", NULL),
    AI1("400", "ORDER NUMBER", XV(30, 0), NULL, NULL),
    AI1("401", "GINC", XV(30, 0), NULL, NULL),
    AI1("402", "GSIN", N(17, CSUM), NULL, NULL),
    AI1("403", "ROUTE", XV(30, 0), "00", NULL),
    AI1("410", "SHIP TO LOC", N(13, CSUM), NULL, NULL),
    AI1("411", "BILL TO", N(13, CSUM), NULL, NULL),
    AI1("412", "PURCHASE FROM", N(13, CSUM), NULL, NULL),
    AI1("413", "SHIP FOR LOC", N(13, CSUM), NULL, NULL),
    AI1("414", "LOC No.", N(13, CSUM), NULL, NULL),
    AI1("415", "PAY TO", N(13, CSUM), NULL, NULL),
    AI1("416", "PROD/SERV LOC", N(13, CSUM), NULL, NULL),
    AI1("417", "PARTY", N(13, CSUM), NULL, NULL),
    AI1("420", "SHIP TO POST", XV(20, 0), NULL, NULL),
    AI2("421", "SHIP TO POST", N(3, 0), XV(9, 0), NULL, NULL),
    AI1("422", "ORIGIN", N(3, 0), TRADE, NULL),
    AI2("423", "COUNTRY - INITIAL PROCESS", N(3, 0), NV(12, OPT), TRADE, NULL),
    AI1("424", "COUNTRY - PROCESS", N(3, 0), TRADE, NULL),
    AI2("425", "COUNTRY - DISASSEMBLY", N(3, 0), NV(12, OPT), TRADE, NULL),
    AI1("426", "COUNTRY - FULL PROCESS", N(3, 0), TRADE, NULL),
    AI1("427", "ORIGIN SUBDIVISION", XV(3, 0), "422", NULL),
    AI1("4300", "SHIP TO COMP", XV(35, 0), NULL, NULL),
    AI1("4301", "SHIP TO NAME", XV(35, 0), NULL, NULL),
    AI1("4302", "SHIP TO ADD1", XV(70, 0), NULL, NULL),
    AI1("4303", "SHIP TO ADD2", XV(70, 0), NULL, NULL),
    AI1("4304", "SHIP TO SUB", XV(70, 0), NULL, NULL),
    AI1("4305", "SHIP TO LOC", XV(70, 0), NULL, NULL),
    AI1("4306", "SHIP TO REG", XV(70, 0), NULL, NULL),
    AI1("4307", "SHIP TO COUNTRY", X(2, 0), NULL, NULL),
    AI1("4308", "SHIP TO PHONE", XV(30, 0), NULL, NULL),
    AI1("4309", "SHIP TO GEO", N(20, 0), NULL, NULL),
    AI1("4310", "RTN TO COMP", XV(35, 0), NULL, NULL),
    AI1("4311", "RTN TO NAME", XV(35, 0), NULL, NULL),
    AI1("4312", "RTN TO ADD1", XV(70, 0), NULL, NULL),
    AI1("4313", "RTN TO ADD2", XV(70, 0), NULL, NULL),
    AI1("4314", "RTN TO SUB", XV(70, 0), NULL, NULL),
    AI1("4315", "RTN TO LOC", XV(70, 0), NULL, NULL),
    AI1("4316", "RTN TO REG", XV(70, 0), NULL, NULL),
    AI1("4317", "RTN TO COUNTRY", X(2, 0), NULL, NULL),
    AI1("4318", "RTN TO POST", XV(20, 0), NULL, NULL),
    AI1("4319", "RTN TO PHONE", XV(30, 0), NULL, NULL),
    AI1("4320", "SRV DESCRIPTION", XV(35, 0), NULL, NULL),
    AI1("4321", "DANGEROUS GOODS", N(1, YESNO), NULL, NULL),
    AI1("4322", "AUTH LEAVE", N(1, YESNO), NULL, NULL),
    AI1("4323", "SIG REQUIRED", N(1, YESNO), NULL, NULL),
    AI2("4324", "NBEF DEL DT", N(6, DATE), N(4, HHMM), NULL, NULL),
    AI2("4325", "NAFT DEL DT", N(6, DATE), N(4, HHMM), NULL, NULL),
    AI1("4326", "REL DATE", N(6, DATE), NULL, NULL),
    AI2("4330", "MAX TEMP F", N(6, 0), X(1, OPT), NULL, NULL),
    AI2("4331", "MAX TEMP C", N(6, 0), X(1, OPT), NULL, NULL),
    AI2("4332", "MIN TEMP F", N(6, 0), X(1, OPT), NULL, NULL),
    AI2("4333", "MIN TEMP C", N(6, 0), X(1, OPT), NULL, NULL),
    AI1("7001", "NSN", N(13, 0), "01,02", NULL),
    AI1("7002", "MEAT CUT", XV(30, 0), "01,02", NULL),
    AI2("7003", "EXPIRY TIME", N(6, DATE), N(4, HHMM), "01,02", NULL),
    AI1("7004", "ACTIVE POTENCY", NV(4, 0), "01,02", NULL),
    AI1("7005", "CATCH AREA", XV(12, 0), "01,02", NULL),
    AI1("7006", "FIRST FREEZE DATE", N(6, DATE), "01,02", NULL),
    AI2("7007", "HARVEST DATE", N(6, DATE), N(6, DATE | OPT), "01,02", NULL),
    AI1("7008", "AQUATIC SPECIES", XV(3, 0), "01,02", NULL),
    AI1("7009", "FISHING GEAR TYPE", XV(10, 0), "01,02", NULL),
    AI1("7010", "PROD METHOD", XV(2, 0), "01,02", NULL),
    AI2("7011", "TEST BY DATE", N(6, DATE), N(4, HHMM | OPT), NULL, NULL),
    AI1("7020", "REFURB LOT", XV(20, 0), "01,8006", NULL),
    AI1("7021", "FUNC STAT", XV(20, 0), "01,8006", NULL),
    AI1("7022", "REV STAT", XV(20, 0), "7021", NULL),
    AI1("7023", "GIAI - ASSEMBLY", XV(30, 0), "8004", NULL),
    AI2("703s", "PROCESSOR #", N(3, 0), XV(27, 0), "01,02", NULL),
    AI3("7040", "UIC+EXT", N(1, 0), X(1, 0), X(2, 0), NULL, NULL),
    AI1("7041", "UFRGT UNIT TYPE", XV(4, 0), "00", NULL),
    AI1("710", "NHRN PZN", XV(20, 0), "01", NULL),
    AI1("711", "NHRN CIP", XV(20, 0), "01", NULL),
    AI1("712", "NHRN CN", XV(20, 0), "01", NULL),
    AI1("713", "NHRN DRN", XV(20, 0), "01", NULL),
    AI1("714", "NHRN AIM", XV(20, 0), "01", NULL),
    AI1("715", "NHRN NDC", XV(20, 0), "01", NULL),
    AI1("716", "NHRN AIC", XV(20, 0), "01", NULL),
    AI2("723s", "CERT #", X(2, 0), XV(28, 0), NULL, NULL),
    AI1("7240", "PROTOCOL", XV(20, 0), NULL, NULL),
    AI1("7241", "AIDC MEDIA TYPE", N(2, 0), NULL, NULL),
    AI1("7242", "VCN", XV(25, 0), NULL, NULL),
    AI1("7250", "DOB", N(8, DEV_GS1_AI_YYYYMMDD), NULL, NULL),
    AI2("7251", "DOB TIME", N(8, DEV_GS1_AI_YYYYMMDD), N(4, HHMM), NULL, NULL),
    AI1("7252", "BIO SEX", N(1, 0), NULL, NULL),
    AI1("7253", "FAMILY NAME", XV(40, 0), NULL, NULL),
    AI1("7254", "GIVEN NAME", XV(40, 0), NULL, NULL),
    AI1("7255", "SUFFIX", XV(10, 0), NULL, NULL),
    AI1("7256", "FULL NAME", XV(90, 0), NULL, NULL),
    AI1("7257", "PERSON ADDR", XV(70, 0), NULL, NULL),
    AI3("7258", "BIRTH SEQUENCE", N(1, 0), X(1, 0), N(1, 0), NULL, NULL),
    AI1("7259", "BABY", XV(40, 0), NULL, NULL),
    AI1("8001", "DIMENSIONS", N(14, 0), "01", NULL),
    AI1("8002", "CMT No.", XV(20, 0), NULL, NULL),
    AI3("8003", "GRAI", N(1, DEV_GS1_AI_ZERO), N(13, CSUM), XV(16, OPT), NULL,
        NULL),
    AI1("8004", "GIAI", XV(30, 0), NULL, NULL),
    AI1("8005", "PRICE PER UNIT", N(6, 0), "01,02", NULL),
    AI3("8006", "ITIP", N(14, CSUM), N(2, 0), N(2, 0), NULL, "01 37"),
    AI1("8007", "IBAN", XV(34, 0), NULL, NULL),
    AI3("8008", "PROD TIME", N(6, DATE), N(2, DEV_GS1_AI_HH), NV(4, OPT), TRADE,
        NULL),
    AI1("8009", "OPTSEN", XV(50, 0), NULL, NULL),
    AI1("8010", "CPID", YV(30, 0), NULL, NULL),
    AI1("8011", "CPID SERIAL", NV(12, 0), "8010", NULL),
    AI1("8012", "VERSION", XV(20, 0), "01,8006", NULL),
    AI1("8013", "GMN", XV(25, 0), NULL, NULL),
    AI1("8014", "MUDI", XV(25, 0), NULL, NULL),
    AI1("8017", "GSRN - PROVIDER", N(18, CSUM), NULL, "8018"),
    AI1("8018", "GSRN - RECIPIENT", N(18, CSUM), NULL, "8017"),
    AI1("8019", "SRIN", NV(10, 0), "8017,8018", NULL),
    AI1("8020", "REF No.", XV(25, 0), "415", NULL),
    AI3("8026", "ITIP CONTENT", N(14, CSUM), N(2, 0), N(2, 0), "37", "02 8006"),
    AI1("8030", "DIGSIG", ZV(90, 0), NULL, NULL),
    AI1("8110", "COUPON", XV(70, 0), NULL, NULL),
    AI1("8111", "POINTS", N(4, 0), "255", NULL),
    AI1("8112", "COUPON", XV(70, 0), NULL, NULL),
    AI1("8200", "PRODUCT URL", XV(70, 0), "01", NULL),
    AI1("90", "INTERNAL", XV(30, 0), NULL, NULL),
    AI1("91", "INTERNAL", XV(90, 0), NULL, NULL),
    AI1("92", "INTERNAL", XV(90, 0), NULL, NULL),
    AI1("93", "INTERNAL", XV(90, 0), NULL, NULL),
    AI1("94", "INTERNAL", XV(90, 0), NULL, NULL),
    AI1("95", "INTERNAL", XV(90, 0), NULL, NULL),
    AI1("96", "INTERNAL", XV(90, 0), NULL, NULL),
    AI1("97", "INTERNAL", XV(90, 0), NULL, NULL),
    AI1("98", "INTERNAL", XV(90, 0), NULL, NULL),
    AI1("99", "INTERNAL", XV(90, 0), NULL, NULL),
};

enum { NTABLE = sizeof table / sizeof table[0] };

/* Whether pattern character @a p accepts digit @a c at the AI's end. */
static bool
char_matches(char p, char c, uint8_t maxdec)
{
  if (c < '0' || c > '9')
    return false;
  if (p == 'n')
    return c - '0' <= maxdec;
  if (p == 's')
    return true;
  return p == c;
}

bool
dev_gs1_ai_matches(const char *pat, const char *ai, uint8_t maxdec)
{
  size_t len = strlen(pat);
  if (strlen(ai) != len)
    return false;
  for (size_t i = 0; i < len; i++) {
    if (!char_matches(pat[i], ai[i], maxdec))
      return false;
  }
  return true;
}

enum dev_gs1_ai_match
dev_gs1_ai_lookup(const char *s, size_t avail,
                  const struct dev_gs1_ai_spec **spec, size_t *ai_len)
{
  bool partial = false;
  for (size_t i = 0; i < NTABLE; i++) {
    const char *pat = table[i].ai;
    size_t len = strlen(pat);
    size_t k = 0;
    while (k < len && k < avail && char_matches(pat[k], s[k], table[i].maxdec))
      k++;
    if (k == len) {
      *spec = &table[i];
      *ai_len = len;
      return DEV_GS1_AI_FOUND;
    }
    if (k == avail)
      partial = true;
  }
  return partial ? DEV_GS1_AI_TRUNCATED : DEV_GS1_AI_UNKNOWN;
}

bool
dev_gs1_ai_predefined(const char *ai)
{
  if (ai[0] < '0' || ai[0] > '9' || ai[1] < '0' || ai[1] > '9')
    return false;
  int two = (ai[0] - '0') * 10 + (ai[1] - '0');
  return two <= 4 || (two >= 11 && two <= 20) || (two >= 31 && two <= 36) ||
         two == 41;
}

size_t
dev_gs1_ai_length(const struct dev_gs1_ai_spec *spec, bool max)
{
  size_t n = 0;
  for (unsigned i = 0; i < spec->ncomp; i++) {
    const struct dev_gs1_ai_component *c = &spec->comp[i];
    if (max)
      n += c->max;
    else if ((c->flags & DEV_GS1_AI_OPT) == 0)
      n += c->min;
  }
  return n;
}

bool
dev_gs1_ai_cset_has(enum dev_gs1_ai_cset cset, unsigned char c)
{
  bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  switch (cset) {
    case DEV_GS1_AI_CSET_N:
      return c >= '0' && c <= '9';
    case DEV_GS1_AI_CSET_X:
      return alnum || (c >= 'a' && c <= 'z') ||
             (c != '\0' && strchr("!\"%&'()*+,-./:;<=>?_", c) != NULL);
    case DEV_GS1_AI_CSET_Y:
      return alnum || c == '#' || c == '-' || c == '/';
    case DEV_GS1_AI_CSET_Z:
      return alnum || (c >= 'a' && c <= 'z') || c == '-' || c == '_' ||
             c == '=';
  }
  return false;
}
