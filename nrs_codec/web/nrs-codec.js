// nrs-codec.js: how an SMS will be encoded, counted, split and priced, in the browser and in Node.
//
// The JavaScript twin of the Python package nrs_codec (SPEC §9): one ES module, no dependencies.
// Every field of analyze() equals Python's nrs_codec.analyze for the same text and options, with
// indices in UTF-16 code units instead of code points; tests/web/test_js_differential.py holds the
// two together. The 3GPP tables below are generated from tables/*.tsv by tables/generate.py, the
// same data the Python tables come from. MIT licence.

// ---- begin generated tables: written by tables/generate.py from tables/*.tsv, do not edit ----
// National language id -> English name.
const LANGUAGES = {"0": "default", "1": "Turkish", "2": "Spanish", "3": "Portuguese", "4": "Bengali", "5": "Gujarati", "6": "Hindi", "7": "Kannada", "8": "Malayalam", "9": "Oriya", "10": "Punjabi", "11": "Tamil", "12": "Telugu", "13": "Urdu"};
// Provider encoding name -> national language id whose tables it uses.
const ENCODING_LANGUAGE = {"gsm": 0, "gsm-tr": 1, "gsm-es": 2, "gsm-pt": 3, "gsm-bn": 4, "gsm-gu": 5, "gsm-hi": 6, "gsm-kn": 7, "gsm-ml": 8, "gsm-or": 9, "gsm-pa": 10, "gsm-ta": 11, "gsm-te": 12, "gsm-ur": 13};
// National language id -> code point at each septet of its locking shift table (null: none).
const LOCKING = {
  0: [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC,
    0x00F2, 0x00C7, 0x000A, 0x00D8, 0x00F8, 0x000D, 0x00C5, 0x00E5,
    0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8,
    0x03A3, 0x0398, 0x039E, null, 0x00C6, 0x00E6, 0x00DF, 0x00C9,
    0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027,
    0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x00A1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,
    0x00BF, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
  ], // gsm_default_locking.tsv
  1: [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x20AC, 0x00E9, 0x00F9, 0x0131,
    0x00F2, 0x00C7, 0x000A, 0x011E, 0x011F, 0x000D, 0x00C5, 0x00E5,
    0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8,
    0x03A3, 0x0398, 0x039E, null, 0x015E, 0x015F, 0x00DF, 0x00C9,
    0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027,
    0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0130, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,
    0x00E7, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
  ], // turkish_locking.tsv
  2: null, // -
  3: [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00EA, 0x00E9, 0x00FA, 0x00ED,
    0x00F3, 0x00E7, 0x000A, 0x00D4, 0x00F4, 0x000D, 0x00C1, 0x00E1,
    0x0394, 0x005F, 0x00AA, 0x00C7, 0x00C0, 0x221E, 0x005E, 0x005C,
    0x20AC, 0x00D3, 0x007C, null, 0x00C2, 0x00E2, 0x00CA, 0x00C9,
    0x0020, 0x0021, 0x0022, 0x0023, 0x00BA, 0x0025, 0x0026, 0x0027,
    0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x00CD, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, 0x00C3, 0x00D5, 0x00DA, 0x00DC, 0x00A7,
    0x007E, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x00E3, 0x00F5, 0x0060, 0x00FC, 0x00E0,
  ], // portuguese_locking.tsv
  4: [
    0x0981, 0x0982, 0x0983, 0x0985, 0x0986, 0x0987, 0x0988, 0x0989,
    0x098A, 0x098B, 0x000A, 0x098C, null, 0x000D, null, 0x098F,
    0x0990, null, null, 0x0993, 0x0994, 0x0995, 0x0996, 0x0997,
    0x0998, 0x0999, 0x099A, null, 0x099B, 0x099C, 0x099D, 0x099E,
    0x0020, 0x0021, 0x099F, 0x09A0, 0x09A1, 0x09A2, 0x09A3, 0x09A4,
    0x0029, 0x0028, 0x09A5, 0x09A6, 0x002C, 0x09A7, 0x002E, 0x09A8,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, null, 0x09AA, 0x09AB, 0x003F,
    0x09AC, 0x09AD, 0x09AE, 0x09AF, 0x09B0, null, 0x09B2, null,
    null, null, 0x09B6, 0x09B7, 0x09B8, 0x09B9, 0x09BC, 0x09BD,
    0x09BE, 0x09BF, 0x09C0, 0x09C1, 0x09C2, 0x09C3, 0x09C4, null,
    null, 0x09C7, 0x09C8, null, null, 0x09CB, 0x09CC, 0x09CD,
    0x09CE, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x09D7, 0x09DC, 0x09DD, 0x09F0, 0x09F1,
  ], // bengali_locking.tsv
  5: [
    0x0A81, 0x0A82, 0x0A83, 0x0A85, 0x0A86, 0x0A87, 0x0A88, 0x0A89,
    0x0A8A, 0x0A8B, 0x000A, 0x0A8C, 0x0A8D, 0x000D, null, 0x0A8F,
    0x0A90, 0x0A91, null, 0x0A93, 0x0A94, 0x0A95, 0x0A96, 0x0A97,
    0x0A98, 0x0A99, 0x0A9A, null, 0x0A9B, 0x0A9C, 0x0A9D, 0x0A9E,
    0x0020, 0x0021, 0x0A9F, 0x0AA0, 0x0AA1, 0x0AA2, 0x0AA3, 0x0AA4,
    0x0029, 0x0028, 0x0AA5, 0x0AA6, 0x002C, 0x0AA7, 0x002E, 0x0AA8,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, null, 0x0AAA, 0x0AAB, 0x003F,
    0x0AAC, 0x0AAD, 0x0AAE, 0x0AAF, 0x0AB0, null, 0x0AB2, 0x0AB3,
    null, 0x0AB5, 0x0AB6, 0x0AB7, 0x0AB8, 0x0AB9, 0x0ABC, 0x0ABD,
    0x0ABE, 0x0ABF, 0x0AC0, 0x0AC1, 0x0AC2, 0x0AC3, 0x0AC4, 0x0AC5,
    null, 0x0AC7, 0x0AC8, 0x0AC9, null, 0x0ACB, 0x0ACC, 0x0ACD,
    0x0AD0, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x0AE0, 0x0AE1, 0x0AE2, 0x0AE3, 0x0AF1,
  ], // gujarati_locking.tsv
  6: [
    0x0901, 0x0902, 0x0903, 0x0905, 0x0906, 0x0907, 0x0908, 0x0909,
    0x090A, 0x090B, 0x000A, 0x090C, 0x090D, 0x000D, 0x090E, 0x090F,
    0x0910, 0x0911, 0x0912, 0x0913, 0x0914, 0x0915, 0x0916, 0x0917,
    0x0918, 0x0919, 0x091A, null, 0x091B, 0x091C, 0x091D, 0x091E,
    0x0020, 0x0021, 0x091F, 0x0920, 0x0921, 0x0922, 0x0923, 0x0924,
    0x0029, 0x0028, 0x0925, 0x0926, 0x002C, 0x0927, 0x002E, 0x0928,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, 0x0929, 0x092A, 0x092B, 0x003F,
    0x092C, 0x092D, 0x092E, 0x092F, 0x0930, 0x0931, 0x0932, 0x0933,
    0x0934, 0x0935, 0x0936, 0x0937, 0x0938, 0x0939, 0x093C, 0x093D,
    0x093E, 0x093F, 0x0940, 0x0941, 0x0942, 0x0943, 0x0944, 0x0945,
    0x0946, 0x0947, 0x0948, 0x0949, 0x094A, 0x094B, 0x094C, 0x094D,
    0x0950, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x0972, 0x097B, 0x097C, 0x097E, 0x097F,
  ], // hindi_locking.tsv
  7: [
    null, 0x0C82, 0x0C83, 0x0C85, 0x0C86, 0x0C87, 0x0C88, 0x0C89,
    0x0C8A, 0x0C8B, 0x000A, 0x0C8C, null, 0x000D, 0x0C8E, 0x0C8F,
    0x0C90, null, 0x0C92, 0x0C93, 0x0C94, 0x0C95, 0x0C96, 0x0C97,
    0x0C98, 0x0C99, 0x0C9A, null, 0x0C9B, 0x0C9C, 0x0C9D, 0x0C9E,
    0x0020, 0x0021, 0x0C9F, 0x0CA0, 0x0CA1, 0x0CA2, 0x0CA3, 0x0CA4,
    0x0029, 0x0028, 0x0CA5, 0x0CA6, 0x002C, 0x0CA7, 0x002E, 0x0CA8,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, null, 0x0CAA, 0x0CAB, 0x003F,
    0x0CAC, 0x0CAD, 0x0CAE, 0x0CAF, 0x0CB0, 0x0CB1, 0x0CB2, 0x0CB3,
    null, 0x0CB5, 0x0CB6, 0x0CB7, 0x0CB8, 0x0CB9, 0x0CBC, 0x0CBD,
    0x0CBE, 0x0CBF, 0x0CC0, 0x0CC1, 0x0CC2, 0x0CC3, 0x0CC4, null,
    0x0CC6, 0x0CC7, 0x0CC8, null, 0x0CCA, 0x0CCB, 0x0CCC, 0x0CCD,
    0x0CD5, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x0CD6, 0x0CE0, 0x0CE1, 0x0CE2, 0x0CE3,
  ], // kannada_locking.tsv
  8: [
    null, 0x0D02, 0x0D03, 0x0D05, 0x0D06, 0x0D07, 0x0D08, 0x0D09,
    0x0D0A, 0x0D0B, 0x000A, 0x0D0C, null, 0x000D, 0x0D0E, 0x0D0F,
    0x0D10, null, 0x0D12, 0x0D13, 0x0D14, 0x0D15, 0x0D16, 0x0D17,
    0x0D18, 0x0D19, 0x0D1A, null, 0x0D1B, 0x0D1C, 0x0D1D, 0x0D1E,
    0x0020, 0x0021, 0x0D1F, 0x0D20, 0x0D21, 0x0D22, 0x0D23, 0x0D24,
    0x0029, 0x0028, 0x0D25, 0x0D26, 0x002C, 0x0D27, 0x002E, 0x0D28,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, null, 0x0D2A, 0x0D2B, 0x003F,
    0x0D2C, 0x0D2D, 0x0D2E, 0x0D2F, 0x0D30, 0x0D31, 0x0D32, 0x0D33,
    0x0D34, 0x0D35, 0x0D36, 0x0D37, 0x0D38, 0x0D39, null, 0x0D3D,
    0x0D3E, 0x0D3F, 0x0D40, 0x0D41, 0x0D42, 0x0D43, 0x0D44, null,
    0x0D46, 0x0D47, 0x0D48, null, 0x0D4A, 0x0D4B, 0x0D4C, 0x0D4D,
    0x0D57, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x0D60, 0x0D61, 0x0D62, 0x0D63, 0x0D79,
  ], // malayalam_locking.tsv
  9: [
    0x0B01, 0x0B02, 0x0B03, 0x0B05, 0x0B06, 0x0B07, 0x0B08, 0x0B09,
    0x0B0A, 0x0B0B, 0x000A, 0x0B0C, null, 0x000D, null, 0x0B0F,
    0x0B10, null, null, 0x0B13, 0x0B14, 0x0B15, 0x0B16, 0x0B17,
    0x0B18, 0x0B19, 0x0B1A, null, 0x0B1B, 0x0B1C, 0x0B1D, 0x0B1E,
    0x0020, 0x0021, 0x0B1F, 0x0B20, 0x0B21, 0x0B22, 0x0B23, 0x0B24,
    0x0029, 0x0028, 0x0B25, 0x0B26, 0x002C, 0x0B27, 0x002E, 0x0B28,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, null, 0x0B2A, 0x0B2B, 0x003F,
    0x0B2C, 0x0B2D, 0x0B2E, 0x0B2F, 0x0B30, null, 0x0B32, 0x0B33,
    null, 0x0B35, 0x0B36, 0x0B37, 0x0B38, 0x0B39, 0x0B3C, 0x0B3D,
    0x0B3E, 0x0B3F, 0x0B40, 0x0B41, 0x0B42, 0x0B43, 0x0B44, null,
    null, 0x0B47, 0x0B48, null, null, 0x0B4B, 0x0B4C, 0x0B4D,
    0x0B56, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x0B57, 0x0B60, 0x0B61, 0x0B62, 0x0B63,
  ], // oriya_locking.tsv
  10: [
    0x0A01, 0x0A02, 0x0A03, 0x0A05, 0x0A06, 0x0A07, 0x0A08, 0x0A09,
    0x0A0A, null, 0x000A, null, null, 0x000D, null, 0x0A0F,
    0x0A10, null, null, 0x0A13, 0x0A14, 0x0A15, 0x0A16, 0x0A17,
    0x0A18, 0x0A19, 0x0A1A, null, 0x0A1B, 0x0A1C, 0x0A1D, 0x0A1E,
    0x0020, 0x0021, 0x0A1F, 0x0A20, 0x0A21, 0x0A22, 0x0A23, 0x0A24,
    0x0029, 0x0028, 0x0A25, 0x0A26, 0x002C, 0x0A27, 0x002E, 0x0A28,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, null, 0x0A2A, 0x0A2B, 0x003F,
    0x0A2C, 0x0A2D, 0x0A2E, 0x0A2F, 0x0A30, null, 0x0A32, 0x0A33,
    null, 0x0A35, 0x0A36, null, 0x0A38, 0x0A39, 0x0A3C, null,
    0x0A3E, 0x0A3F, 0x0A40, 0x0A41, 0x0A42, null, null, null,
    null, 0x0A47, 0x0A48, null, null, 0x0A4B, 0x0A4C, 0x0A4D,
    0x0A51, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x0A70, 0x0A71, 0x0A72, 0x0A73, 0x0A74,
  ], // punjabi_locking.tsv
  11: [
    null, 0x0B82, 0x0B83, 0x0B85, 0x0B86, 0x0B87, 0x0B88, 0x0B89,
    0x0B8A, null, 0x000A, null, null, 0x000D, 0x0B8E, 0x0B8F,
    0x0B90, null, 0x0B92, 0x0B93, 0x0B94, 0x0B95, null, null,
    null, 0x0B99, 0x0B9A, null, null, 0x0B9C, null, 0x0B9E,
    0x0020, 0x0021, 0x0B9F, null, null, null, 0x0BA3, 0x0BA4,
    0x0029, 0x0028, null, null, 0x002C, null, 0x002E, 0x0BA8,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, 0x0BA9, 0x0BAA, null, 0x003F,
    null, null, 0x0BAE, 0x0BAF, 0x0BB0, 0x0BB1, 0x0BB2, 0x0BB3,
    0x0BB4, 0x0BB5, 0x0BB6, 0x0BB7, 0x0BB8, 0x0BB9, null, null,
    0x0BBE, 0x0BBF, 0x0BC0, 0x0BC1, 0x0BC2, null, null, null,
    0x0BC6, 0x0BC7, 0x0BC8, null, 0x0BCA, 0x0BCB, 0x0BCC, 0x0BCD,
    0x0BD0, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x0BD7, 0x0BF0, 0x0BF1, 0x0BF2, 0x0BF9,
  ], // tamil_locking.tsv
  12: [
    0x0C01, 0x0C02, 0x0C03, 0x0C05, 0x0C06, 0x0C07, 0x0C08, 0x0C09,
    0x0C0A, 0x0C0B, 0x000A, 0x0C0C, null, 0x000D, 0x0C0E, 0x0C0F,
    0x0C10, null, 0x0C12, 0x0C13, 0x0C14, 0x0C15, 0x0C16, 0x0C17,
    0x0C18, 0x0C19, 0x0C1A, null, 0x0C1B, 0x0C1C, 0x0C1D, 0x0C1E,
    0x0020, 0x0021, 0x0C1F, 0x0C20, 0x0C21, 0x0C22, 0x0C23, 0x0C24,
    0x0029, 0x0028, 0x0C25, 0x0C26, 0x002C, 0x0C27, 0x002E, 0x0C28,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, null, 0x0C2A, 0x0C2B, 0x003F,
    0x0C2C, 0x0C2D, 0x0C2E, 0x0C2F, 0x0C30, 0x0C31, 0x0C32, 0x0C33,
    null, 0x0C35, 0x0C36, 0x0C37, 0x0C38, 0x0C39, null, 0x0C3D,
    0x0C3E, 0x0C3F, 0x0C40, 0x0C41, 0x0C42, 0x0C43, 0x0C44, null,
    0x0C46, 0x0C47, 0x0C48, null, 0x0C4A, 0x0C4B, 0x0C4C, 0x0C4D,
    0x0C55, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x0C56, 0x0C60, 0x0C61, 0x0C62, 0x0C63,
  ], // telugu_locking.tsv
  13: [
    0x0627, 0x0622, 0x0628, 0x067B, 0x0680, 0x067E, 0x06A6, 0x062A,
    0x06C2, 0x067F, 0x000A, 0x0679, 0x067D, 0x000D, 0x067A, 0x067C,
    0x062B, 0x062C, 0x0681, 0x0684, 0x0683, 0x0685, 0x0686, 0x0687,
    0x062D, 0x062E, 0x062F, null, 0x068C, 0x0688, 0x0689, 0x068A,
    0x0020, 0x0021, 0x068F, 0x068D, 0x0630, 0x0631, 0x0691, 0x0693,
    0x0029, 0x0028, 0x0699, 0x0632, 0x002C, 0x0696, 0x002E, 0x0698,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, 0x069A, 0x0633, 0x0634, 0x003F,
    0x0635, 0x0636, 0x0637, 0x0638, 0x0639, 0x0641, 0x0642, 0x06A9,
    0x06AA, 0x06AB, 0x06AF, 0x06B3, 0x06B1, 0x0644, 0x0645, 0x0646,
    0x06BA, 0x06BB, 0x06BC, 0x0648, 0x06C4, 0x06D5, 0x06C1, 0x06BE,
    0x0621, 0x06CC, 0x06D0, 0x06D2, 0x064D, 0x0650, 0x064F, 0x0657,
    0x0654, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x0655, 0x0651, 0x0653, 0x0656, 0x0670,
  ], // urdu_locking.tsv
};
// National language id -> code point at each septet of its single shift table (null: none).
const SINGLE = {
  0: [
    null, null, null, null, null, null, null, null,
    null, null, 0x000C, null, null, null, null, null,
    null, null, null, null, 0x005E, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    0x007B, 0x007D, null, null, null, null, null, 0x005C,
    null, null, null, null, null, null, null, null,
    null, null, null, null, 0x005B, 0x007E, 0x005D, null,
    0x007C, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, 0x20AC, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
  ], // gsm_default_single.tsv
  1: [
    null, null, null, null, null, null, null, null,
    null, null, 0x000C, null, null, null, null, null,
    null, null, null, null, 0x005E, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    0x007B, 0x007D, null, null, null, null, null, 0x005C,
    null, null, null, null, null, null, null, null,
    null, null, null, null, 0x005B, 0x007E, 0x005D, null,
    0x007C, null, null, null, null, null, null, 0x011E,
    null, 0x0130, null, null, null, null, null, null,
    null, null, null, 0x015E, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, 0x00E7, null, 0x20AC, null, 0x011F,
    null, 0x0131, null, null, null, null, null, null,
    null, null, null, 0x015F, null, null, null, null,
    null, null, null, null, null, null, null, null,
  ], // turkish_single.tsv
  2: [
    null, null, null, null, null, null, null, null,
    null, 0x00E7, 0x000C, null, null, null, null, null,
    null, null, null, null, 0x005E, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    0x007B, 0x007D, null, null, null, null, null, 0x005C,
    null, null, null, null, null, null, null, null,
    null, null, null, null, 0x005B, 0x007E, 0x005D, null,
    0x007C, 0x00C1, null, null, null, null, null, null,
    null, 0x00CD, null, null, null, null, null, 0x00D3,
    null, null, null, null, null, 0x00DA, null, null,
    null, null, null, null, null, null, null, null,
    null, 0x00E1, null, null, null, 0x20AC, null, null,
    null, 0x00ED, null, null, null, null, null, 0x00F3,
    null, null, null, null, null, 0x00FA, null, null,
    null, null, null, null, null, null, null, null,
  ], // spanish_single.tsv
  3: [
    null, null, null, null, null, 0x00EA, null, null,
    null, 0x00E7, 0x000C, 0x00D4, 0x00F4, null, 0x00C1, 0x00E1,
    null, null, 0x03A6, 0x0393, 0x005E, 0x03A9, 0x03A0, 0x03A8,
    0x03A3, 0x0398, null, null, null, null, null, 0x00CA,
    null, null, null, null, null, null, null, null,
    0x007B, 0x007D, null, null, null, null, null, 0x005C,
    null, null, null, null, null, null, null, null,
    null, null, null, null, 0x005B, 0x007E, 0x005D, null,
    0x007C, 0x00C0, null, null, null, null, null, null,
    null, 0x00CD, null, null, null, null, null, 0x00D3,
    null, null, null, null, null, 0x00DA, null, null,
    null, null, null, 0x00C3, 0x00D5, null, null, null,
    null, 0x00C2, null, null, null, 0x20AC, null, null,
    null, 0x00ED, null, null, null, null, null, 0x00F3,
    null, null, null, null, null, 0x00FA, null, null,
    null, null, null, 0x00E3, 0x00F5, null, null, 0x00E2,
  ], // portuguese_single.tsv
  4: [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00BF, 0x0022, 0x00A4, 0x0025,
    0x0026, 0x0027, 0x000C, 0x002A, 0x002B, null, 0x002D, 0x002F,
    0x003C, 0x003D, 0x003E, 0x00A1, 0x005E, 0x00A1, 0x005F, 0x0023,
    0x002A, 0x09E6, 0x09E7, null, 0x09E8, 0x09E9, 0x09EA, 0x09EB,
    0x09EC, 0x09ED, 0x09EE, 0x09EF, 0x09DF, 0x09E0, 0x09E1, 0x09E2,
    0x007B, 0x007D, 0x09E3, 0x09F2, 0x09F3, 0x09F4, 0x09F5, 0x005C,
    0x09F6, 0x09F7, 0x09F8, 0x09F9, 0x09FA, null, null, null,
    null, null, null, null, 0x005B, 0x007E, 0x005D, null,
    0x007C, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, null, null, null, null, null,
    null, null, null, null, null, 0x20AC, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
  ], // bengali_single.tsv
  5: [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00BF, 0x0022, 0x00A4, 0x0025,
    0x0026, 0x0027, 0x000C, 0x002A, 0x002B, null, 0x002D, 0x002F,
    0x003C, 0x003D, 0x003E, 0x00A1, 0x005E, 0x00A1, 0x005F, 0x0023,
    0x002A, 0x0964, 0x0965, null, 0x0AE6, 0x0AE7, 0x0AE8, 0x0AE9,
    0x0AEA, 0x0AEB, 0x0AEC, 0x0AED, 0x0AEE, 0x0AEF, null, null,
    0x007B, 0x007D, null, null, null, null, null, 0x005C,
    null, null, null, null, null, null, null, null,
    null, null, null, null, 0x005B, 0x007E, 0x005D, null,
    0x007C, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, null, null, null, null, null,
    null, null, null, null, null, 0x20AC, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
  ], // gujarati_single.tsv
  6: [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00BF, 0x0022, 0x00A4, 0x0025,
    0x0026, 0x0027, 0x000C, 0x002A, 0x002B, null, 0x002D, 0x002F,
    0x003C, 0x003D, 0x003E, 0x00A1, 0x005E, 0x00A1, 0x005F, 0x0023,
    0x002A, 0x0964, 0x0965, null, 0x0966, 0x0967, 0x0968, 0x0969,
    0x096A, 0x096B, 0x096C, 0x096D, 0x096E, 0x096F, 0x0951, 0x0952,
    0x007B, 0x007D, 0x0953, 0x0954, 0x0958, 0x0959, 0x095A, 0x005C,
    0x095B, 0x095C, 0x095D, 0x095E, 0x095F, 0x0960, 0x0961, 0x0962,
    0x0963, 0x0970, 0x0971, null, 0x005B, 0x007E, 0x005D, null,
    0x007C, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, null, null, null, null, null,
    null, null, null, null, null, 0x20AC, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
  ], // hindi_single.tsv
  7: [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00BF, 0x0022, 0x00A4, 0x0025,
    0x0026, 0x0027, 0x000C, 0x002A, 0x002B, null, 0x002D, 0x002F,
    0x003C, 0x003D, 0x003E, 0x00A1, 0x005E, 0x00A1, 0x005F, 0x0023,
    0x002A, 0x0964, 0x0965, null, 0x0CE6, 0x0CE7, 0x0CE8, 0x0CE9,
    0x0CEA, 0x0CEB, 0x0CEC, 0x0CED, 0x0CEE, 0x0CEF, 0x0CDE, 0x0CF1,
    0x007B, 0x007D, 0x0CF2, null, null, null, null, 0x005C,
    null, null, null, null, null, null, null, null,
    null, null, null, null, 0x005B, 0x007E, 0x005D, null,
    0x007C, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, null, null, null, null, null,
    null, null, null, null, null, 0x20AC, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
  ], // kannada_single.tsv
  8: [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00BF, 0x0022, 0x00A4, 0x0025,
    0x0026, 0x0027, 0x000C, 0x002A, 0x002B, null, 0x002D, 0x002F,
    0x003C, 0x003D, 0x003E, 0x00A1, 0x005E, 0x00A1, 0x005F, 0x0023,
    0x002A, 0x0964, 0x0965, null, 0x0D66, 0x0D67, 0x0D68, 0x0D69,
    0x0D6A, 0x0D6B, 0x0D6C, 0x0D6D, 0x0D6E, 0x0D6F, 0x0D70, 0x0D71,
    0x007B, 0x007D, 0x0D72, 0x0D73, 0x0D74, 0x0D75, 0x0D7A, 0x005C,
    0x0D7B, 0x0D7C, 0x0D7D, 0x0D7E, 0x0D7F, null, null, null,
    null, null, null, null, 0x005B, 0x007E, 0x005D, null,
    0x007C, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, null, null, null, null, null,
    null, null, null, null, null, 0x20AC, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
  ], // malayalam_single.tsv
  9: [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00BF, 0x0022, 0x00A4, 0x0025,
    0x0026, 0x0027, 0x000C, 0x002A, 0x002B, null, 0x002D, 0x002F,
    0x003C, 0x003D, 0x003E, 0x00A1, 0x005E, 0x00A1, 0x005F, 0x0023,
    0x002A, 0x0964, 0x0965, null, 0x0B66, 0x0B67, 0x0B68, 0x0B69,
    0x0B6A, 0x0B6B, 0x0B6C, 0x0B6D, 0x0B6E, 0x0B6F, 0x0B5C, 0x0B5D,
    0x007B, 0x007D, 0x0B5F, 0x0B70, 0x0B71, null, null, 0x005C,
    null, null, null, null, null, null, null, null,
    null, null, null, null, 0x005B, 0x007E, 0x005D, null,
    0x007C, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, null, null, null, null, null,
    null, null, null, null, null, 0x20AC, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
  ], // oriya_single.tsv
  10: [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00BF, 0x0022, 0x00A4, 0x0025,
    0x0026, 0x0027, 0x000C, 0x002A, 0x002B, null, 0x002D, 0x002F,
    0x003C, 0x003D, 0x003E, 0x00A1, 0x005E, 0x00A1, 0x005F, 0x0023,
    0x002A, 0x0964, 0x0965, null, 0x0A66, 0x0A67, 0x0A68, 0x0A69,
    0x0A6A, 0x0A6B, 0x0A6C, 0x0A6D, 0x0A6E, 0x0A6F, 0x0A59, 0x0A5A,
    0x007B, 0x007D, 0x0A5B, 0x0A5C, 0x0A5E, 0x0A75, null, 0x005C,
    null, null, null, null, null, null, null, null,
    null, null, null, null, 0x005B, 0x007E, 0x005D, null,
    0x007C, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, null, null, null, null, null,
    null, null, null, null, null, 0x20AC, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
  ], // punjabi_single.tsv
  11: [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00BF, 0x0022, 0x00A4, 0x0025,
    0x0026, 0x0027, 0x000C, 0x002A, 0x002B, null, 0x002D, 0x002F,
    0x003C, 0x003D, 0x003E, 0x00A1, 0x005E, 0x00A1, 0x005F, 0x0023,
    0x002A, 0x0964, 0x0965, null, 0x0BE6, 0x0BE7, 0x0BE8, 0x0BE9,
    0x0BEA, 0x0BEB, 0x0BEC, 0x0BED, 0x0BEE, 0x0BEF, 0x0BF3, 0x0BF4,
    0x007B, 0x007D, 0x0BF5, 0x0BF6, 0x0BF7, 0x0BF8, 0x0BFA, 0x005C,
    null, null, null, null, null, null, null, null,
    null, null, null, null, 0x005B, 0x007E, 0x005D, null,
    0x007C, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, null, null, null, null, null,
    null, null, null, null, null, 0x20AC, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
  ], // tamil_single.tsv
  12: [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00BF, 0x0022, 0x00A4, 0x0025,
    0x0026, 0x0027, 0x000C, 0x002A, 0x002B, null, 0x002D, 0x002F,
    0x003C, 0x003D, 0x003E, 0x00A1, 0x005E, 0x00A1, 0x005F, 0x0023,
    0x002A, null, null, null, 0x0C66, 0x0C67, 0x0C68, 0x0C69,
    0x0C6A, 0x0C6B, 0x0C6C, 0x0C6D, 0x0C6E, 0x0C6F, 0x0C58, 0x0C59,
    0x007B, 0x007D, 0x0C78, 0x0C79, 0x0C7A, 0x0C7B, 0x0C7C, 0x005C,
    0x0C7D, 0x0C7E, 0x0C7F, null, null, null, null, null,
    null, null, null, null, 0x005B, 0x007E, 0x005D, null,
    0x007C, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, null, null, null, null, null,
    null, null, null, null, null, 0x20AC, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
  ], // telugu_single.tsv
  13: [
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00BF, 0x0022, 0x00A4, 0x0025,
    0x0026, 0x0027, 0x000C, 0x002A, 0x002B, null, 0x002D, 0x002F,
    0x003C, 0x003D, 0x003E, 0x00A1, 0x005E, 0x00A1, 0x005F, 0x0023,
    0x002A, 0x0600, 0x0601, null, 0x06F0, 0x06F1, 0x06F2, 0x06F3,
    0x06F4, 0x06F5, 0x06F6, 0x06F7, 0x06F8, 0x06F9, 0x060C, 0x060D,
    0x007B, 0x007D, 0x060E, 0x060F, 0x0610, 0x0611, 0x0612, 0x005C,
    0x0613, 0x0614, 0x061B, 0x061F, 0x0640, 0x0652, 0x0658, 0x066B,
    0x066C, 0x0672, 0x0673, 0x06CD, 0x005B, 0x007E, 0x005D, 0x06D4,
    0x007C, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, null, null, null, null, null,
    null, null, null, null, null, 0x20AC, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
    null, null, null, null, null, null, null, null,
  ], // urdu_single.tsv
};
// Encodings a preset limits to one of its language's tables: name -> [language id,
// uses the locking shift table, uses the single shift table].
const RESTRICTED_ENCODINGS = {"gsm-tr-single": [1, false, true]};
// ISO 3166 country -> its presets' encodings in language id order (nationalEncodings()).
const PRESET_ENCODINGS = {"IN": ["gsm-bn", "gsm-gu", "gsm-hi", "gsm-kn", "gsm-ml", "gsm-or", "gsm-pa", "gsm-ta", "gsm-te", "gsm-ur"], "TR": ["gsm-tr-single"]};
// The countries nationalEncodings() knows (tables/countries.tsv).
const COUNTRIES = new Set(["AC", "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TA", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW"]);
// ---- end generated tables ----

// ---- encodings, variants, capacities (nrs_codec/core/rules.py) --------------------------------

const UTF16 = "utf-16";
/** The provider's encodings first, then every other national language in language id order, then
 * the encodings a country's preset limits to one of its language's tables (gsm-tr-single). */
export const DEFAULT_ALLOWED = Object.freeze(["gsm", "gsm-pt", UTF16]);
export const ENCODINGS = Object.freeze([
  ...DEFAULT_ALLOWED,
  ...Object.keys(ENCODING_LANGUAGE)
    .sort((a, b) => ENCODING_LANGUAGE[a] - ENCODING_LANGUAGE[b])
    .filter((e) => !DEFAULT_ALLOWED.includes(e)),
  ...Object.keys(RESTRICTED_ENCODINGS),
]);
// Encoding name -> [language id, may use its locking table, may use its single shift table].
const TABLES = {
  ...Object.fromEntries(Object.entries(ENCODING_LANGUAGE).map(([e, lang]) => [e, [lang, true, true]])),
  ...RESTRICTED_ENCODINGS,
};
export const ALIASES = Object.freeze({
  gsm7: "gsm",
  "gsm-7": "gsm",
  "gsm03.38": "gsm",
  unicode: UTF16,
  ucs2: UTF16,
  "ucs-2": UTF16,
  utf16: UTF16,
  "utf-16be": UTF16,
});
/** More parts than a concatenated SMS with an 8-bit reference can address. */
export const MAX_PARTS = 255;
/** Offending characters an EncodingError keeps. */
export const MAX_REPORTED = 100;
export const CODES = Object.freeze({ TEXT_MISSING: 104, TEXT_TOO_LONG: 105, INVALID_CODING: 113, INPUT_VALIDATION: 422 });

const USER_DATA_OCTETS = 140;
const CONCAT_8BIT_IE = 5;
const CONCAT_16BIT_IE = 6;
const SHIFT_IE = 3;
const MAX_EXTRA_UDH = 120;

function udhOctets(shiftOctets, concatenated, ref16, extraUdh) {
  let elements = shiftOctets + extraUdh;
  if (concatenated) elements += ref16 ? CONCAT_16BIT_IE : CONCAT_8BIT_IE;
  return elements ? elements + 1 : 0;
}

function capacityOf(septets, udh) {
  const free = USER_DATA_OCTETS - udh;
  return septets ? Math.floor((free * 8) / 7) : Math.floor(free / 2);
}

function variant(encoding, locking, single, shiftOctets) {
  return { encoding, locking, single, shiftOctets, headerElements: shiftOctets / SHIFT_IE };
}

function variantsOf(encoding, forceShifts) {
  if (encoding === UTF16) return [variant(UTF16, 0, 0, 0)];
  const [lang, usesLocking, usesSingle] = TABLES[encoding];
  if (lang === 0) return [variant(encoding, 0, 0, 0)];
  const hasLocking = usesLocking && LOCKING[lang] != null;
  const hasSingle = usesSingle && SINGLE[lang] != null;
  const full = variant(encoding, hasLocking ? lang : 0, hasSingle ? lang : 0, SHIFT_IE * (hasLocking + hasSingle));
  if (forceShifts) return [full];
  // Order is the last tie-break: the default locking table first (locking shift is the less
  // widely supported element), then a locking table alone, then both.
  const out = [];
  if (hasSingle) out.push(variant(encoding, 0, lang, SHIFT_IE));
  if (hasLocking) out.push(variant(encoding, lang, 0, SHIFT_IE));
  if (hasLocking && hasSingle) out.push(full);
  return out;
}

// Python's str.strip() blanks (str.isspace), which differ from String.prototype.trim's.
const PY_SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");
// Nothing but those blanks (or nothing): anchored at both ends, one pass however long the text.
const PY_BLANK = new RegExp(`^[${PY_SPACE}]*$`);

/** Whether the provider reads `text` as no message (error 104): empty, or only blanks as Python's
 * str.strip() finds them (pre-flight's rule; String.prototype.trim's blanks differ). */
export function isBlank(text) {
  return PY_BLANK.test(text);
}

function typeName(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function normalizeEncoding(encoding, allowAuto = true) {
  if (typeof encoding !== "string") throw new TypeError(`encoding must be a string, not ${typeName(encoding)}`);
  let name = encoding.replace(PY_STRIP, "").toLowerCase();
  name = Object.hasOwn(ALIASES, name) ? ALIASES[name] : name;
  if (ENCODINGS.includes(name) || (allowAuto && name === "auto")) return name;
  const choices = [...(allowAuto ? ["auto"] : []), ...ENCODINGS].join(", ");
  throw new RangeError(`unknown encoding ${JSON.stringify(encoding)}: expected one of ${choices}`);
}

const planCache = new Map();
const rawPlans = new Map();

function plan(encoding = "auto", allowed = DEFAULT_ALLOWED, ref16 = false, extraUdh = 0, forceShifts = false) {
  if (encoding === "auto" && allowed === DEFAULT_ALLOWED && !ref16 && extraUdh === 0 && !forceShifts && defaultPlan) {
    return defaultPlan;
  }
  // The options as given, when they are plain (strings and booleans): a plan found by them skips
  // normalising the names again. Only options that made a plan are ever stored.
  const raw = Array.isArray(allowed)
    ? JSON.stringify([encoding, allowed, !!ref16, extraUdh, !!forceShifts])
    : undefined;
  const known = raw === undefined ? undefined : rawPlans.get(raw);
  if (known !== undefined) return known;
  const enc = normalizeEncoding(encoding);
  if (typeof allowed === "string" || allowed == null || typeof allowed[Symbol.iterator] !== "function") {
    throw new TypeError(`allowed must be an array of encoding names, not ${typeName(allowed)}`);
  }
  const names = [];
  for (const a of allowed) {
    const name = normalizeEncoding(a, false);
    if (!names.includes(name)) names.push(name);
  }
  if (!names.length) throw new RangeError("allowed must name at least one encoding");
  if (!Number.isInteger(extraUdh) || extraUdh < 0 || extraUdh > MAX_EXTRA_UDH) {
    throw new RangeError(`extraUdh must be an integer from 0 to ${MAX_EXTRA_UDH} octets, not ${String(extraUdh)}`);
  }
  const key = `${enc}|${names.join(",")}|${!!ref16}|${extraUdh}|${!!forceShifts}`;
  let groups = planCache.get(key);
  if (groups === undefined) {
    groups = [];
    for (const e of enc === "auto" ? names : [enc]) {
      const candidates = variantsOf(e, !!forceShifts).map((v) => {
        const single = udhOctets(v.shiftOctets, false, !!ref16, extraUdh);
        const multi = udhOctets(v.shiftOctets, true, !!ref16, extraUdh);
        const septets = v.encoding !== UTF16;
        return {
          variant: v,
          singleUdh: single,
          singleCapacity: capacityOf(septets, single),
          multiUdh: multi,
          multiCapacity: capacityOf(septets, multi),
          costs: septets ? costTable(v.locking, v.single) : null,
        };
      });
      groups.push([e, candidates]);
    }
    if (planCache.size > 256) planCache.clear();
    planCache.set(key, groups);
  }
  if (raw !== undefined) {
    if (rawPlans.size > 256) rawPlans.clear();
    rawPlans.set(raw, groups);
  }
  return groups;
}

// Units of each BMP code point for a (locking, single) pair of tables: 1 from the locking table,
// 2 through the single shift (ESC + code), 0 when neither has it. Built once per pair.
const costTables = new Map();

function costTable(locking, single) {
  const key = locking * 256 + single;
  let table = costTables.get(key);
  if (table === undefined) {
    table = new Uint8Array(0x10000);
    const sgl = SINGLE[single];
    const lck = LOCKING[locking];
    if (sgl) for (const cp of sgl) if (cp != null) table[cp] = 2;
    if (lck) for (const cp of lck) if (cp != null) table[cp] = 1;
    costTables.set(key, table);
  }
  return table;
}

const GSM_DEFAULT = costTable(0, 0);
let defaultPlan = null;
defaultPlan = plan();

// ---- errors (nrs_codec/core/results.py) -----------------------------------------------------

function pyRepr(s) {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch !== " " && /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u.test(ch)) {
      if (cp < 0x100) out += "\\x" + hex(cp, 2);
      else if (cp < 0x10000) out += "\\u" + hex(cp, 4);
      else out += "\\U" + hex(cp, 8);
    } else out += ch;
  }
  return out + quote;
}

function hex(n, width) {
  return n.toString(16).padStart(width, "0");
}

function plural(n, word, words) {
  return `${n} ${n === 1 ? word : words || word + "s"}`;
}

function listing(items, shown = 5, total = items.length) {
  const cut = Math.min(shown, items.length);
  return items.slice(0, shown).join(", ") + (total > cut ? ` and ${total - cut} more` : "");
}

function charAt(index, ch) {
  return `${pyRepr(ch)} (U+${hex(ch.codePointAt(0), 4).toUpperCase()}) at ${index}`;
}

/** The text cannot be represented in the requested encoding (the provider's error 113). */
export class EncodingError extends Error {
  constructor(encoding, chars, count = chars.length) {
    const kept = chars.slice(0, MAX_REPORTED);
    super(`cannot encode as ${encoding}: ${listing(kept.slice(0, 10).map(([i, c]) => charAt(i, c)), 10, count)}`);
    this.name = "EncodingError";
    this.code = CODES.INVALID_CODING;
    this.encoding = encoding;
    this.chars = kept;
    this.count = count;
  }
}

/** The text holds a lone surrogate, which no SMS encoding can carry (422). */
export class InvalidTextError extends Error {
  constructor(index, char) {
    super(`lone surrogate U+${hex(char.charCodeAt(0), 4).toUpperCase()} at index ${index}: text is not valid Unicode`);
    this.name = "InvalidTextError";
    this.code = CODES.INPUT_VALIDATION;
    this.index = index;
    this.char = char;
  }
}

/** The message needs more parts than a concatenated SMS can address (255; error 105). */
export class TooManyPartsError extends Error {
  /** `parts` is a lower bound when `exact` is false: with grapheme clusters kept whole the walk
   * stops once the answer is known, as in Python. */
  constructor(encoding, parts, exact = true) {
    super(
      `message needs ${exact ? "" : "at least "}${parts} parts as ${encoding}; more than ${MAX_PARTS} parts cannot be addressed by a concatenated SMS`,
    );
    this.name = "TooManyPartsError";
    this.code = CODES.TEXT_TOO_LONG;
    this.encoding = encoding;
    this.parts = parts;
    this.exact = exact;
  }
}

// ---- analysis (nrs_codec/core/reference.py) --------------------------------------------------

function checkText(text) {
  const lone = text.search(/\p{Cs}/u);
  if (lone >= 0) throw new InvalidTextError(lone, text[lone]);
}

const OPTIONS = ["encoding", "allowed", "keepGraphemes", "ref16", "extraUdh", "forceShifts"];

function readOptions(options, extra = []) {
  if (options == null) return {};
  if (typeof options !== "object") throw new TypeError(`options must be an object, not ${typeName(options)}`);
  for (const name of Object.keys(options)) {
    if (!OPTIONS.includes(name) && !extra.includes(name)) throw new TypeError(`unknown option ${JSON.stringify(name)}`);
  }
  return options;
}

function planOf(o) {
  return plan(o.encoding ?? "auto", o.allowed ?? DEFAULT_ALLOWED, o.ref16 ?? false, o.extraUdh ?? 0, o.forceShifts ?? false);
}

// One pass over the text measures a candidate: its units and its greedy walk by character at the
// multi-part capacity (parts, units used in the last one); null at the first character it cannot
// carry. Nothing grows with the text but counters, so ten million characters cost a pass per
// candidate and no memory.
function measure(text, cand) {
  const table = cand.costs;
  const cap = cand.multiCapacity;
  const len = text.length;
  let units = 0;
  let parts = 1;
  let used = 0;
  for (let i = 0; i < len; i++) {
    let cp = text.charCodeAt(i);
    let cost;
    if (cp >= 0xd800 && cp <= 0xdbff) {
      cp = ((cp - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00) + 0x10000;
      cost = table === null ? 2 : 0;
    } else cost = table === null ? 1 : table[cp];
    if (cost === 0) return null;
    units += cost;
    if (used + cost > cap) {
      parts++;
      used = cost;
    } else used += cost;
  }
  return { units, parts, used };
}

// The characters a candidate cannot carry, on the way to an EncodingError only: how many, and
// the first `keep` of them as [index, char].
function offending(text, cand, keep) {
  const table = cand.costs;
  const chars = [];
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i);
    const width = cp > 0xffff ? 2 : 1;
    if (width === 2 || table[cp] === 0) {
      if (count++ < keep) chars.push([i, String.fromCodePoint(cp)]);
    }
    i += width - 1;
  }
  return { count, chars };
}

let segmenter = null;
const WINDOW = 512;

// Extended grapheme clusters of `text` ({segment, index}, index in UTF-16 units) from
// Intl.Segmenter, a window at a time: V8 copies the whole input into every segment it hands out,
// which makes one pass over a long text quadratic. A window starts at a cluster boundary found
// by the previous one (its last cluster may run on, so it is found again), and the rules decide
// a boundary from the characters before it, so the windows give the boundaries of the whole.
function* clusters(text) {
  if (segmenter === null) {
    if (typeof Intl === "undefined" || typeof Intl.Segmenter !== "function") {
      throw new Error("keepGraphemes needs Intl.Segmenter (Node 16+, every current browser)");
    }
    segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  }
  let start = 0;
  let size = WINDOW;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end++; // a pair whole
    const pieces = [...segmenter.segment(text.slice(start, end))];
    const keep = end === text.length ? pieces.length : pieces.length - 1;
    if (keep === 0) {
      size *= 2; // one cluster longer than the window
      continue;
    }
    for (let k = 0; k < keep; k++) yield { segment: pieces[k].segment, index: start + pieces[k].index };
    start += keep === pieces.length ? end - start : pieces[keep].index;
    size = WINDOW;
  }
}

/** Where each extended grapheme cluster of `text` starts, in UTF-16 code units (Intl.Segmenter). */
export function graphemeStarts(text) {
  if (typeof text !== "string") throw new TypeError(`text must be a string, not ${typeName(text)}`);
  return Array.from(clusters(text), (c) => c.index);
}

// The greedy walk (reference.walk) in UTF-16 code units: atoms are characters (a surrogate pair
// or an escaped character is never split), or grapheme clusters, a cluster longer than a part
// being split between its characters. Calls onPart(start) for each part after the first.
function walk(text, costs, capacity, graphemes, onPart) {
  let used = 0;
  // onPart may answer true to stop the walk (the answer is known).
  const cut = (at) => {
    used = 0;
    return onPart(at) === true;
  };
  const charCost = (cp, width) => (costs === null ? width : costs[cp]);
  if (!graphemes) {
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i);
      const width = cp > 0xffff ? 2 : 1;
      const cost = charCost(cp, width);
      if (used + cost > capacity) cut(i);
      used += cost;
      i += width - 1;
    }
    return used;
  }
  for (const { segment, index } of clusters(text)) {
    const cost = segment.length; // UTF-16 units: graphemes are kept only in utf-16
    if (used + cost <= capacity) {
      used += cost;
      continue;
    }
    if (used && cut(index)) return used;
    if (cost <= capacity) {
      used = cost;
      continue;
    }
    for (let j = 0; j < segment.length; j++) {
      const width = segment.codePointAt(j) > 0xffff ? 2 : 1;
      if (used + width > capacity && cut(index + j)) return used;
      used += width;
      j += width - 1;
    }
  }
  return used;
}

function nonGsmOf(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i);
    if (cp > 0xffff) {
      out.push([i, String.fromCodePoint(cp)]);
      i++;
    } else if (GSM_DEFAULT[cp] === 0) out.push([i, text[i]]);
  }
  return out;
}

function compareKeys(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/**
 * How `text` is encoded and split into SMS parts, for one recipient (Python's analyze).
 * Options: encoding ("auto" or a name or alias), allowed (for auto, in order of preference),
 * keepGraphemes, ref16, extraUdh (0-120 octets), forceShifts. Indices are UTF-16 code units.
 */
export function analyze(text, options) {
  if (typeof text !== "string") throw new TypeError(`text must be a string, not ${typeName(text)}`);
  const o = readOptions(options);
  const groups = planOf(o);
  checkText(text);
  const keepGraphemes = !!o.keepGraphemes;
  let best = null;
  let bestKey = null;
  const failures = [];
  for (let groupRank = 0; groupRank < groups.length; groupRank++) {
    // A message in one part of an earlier encoding cannot be beaten by a later one.
    if (best !== null && best.parts === 1) break;
    const [enc, cands] = groups[groupRank];
    for (let variantRank = 0; variantRank < cands.length; variantRank++) {
      const c = cands[variantRank];
      const m = measure(text, c);
      if (m === null) {
        failures.push([enc, c]);
        continue;
      }
      let parts, capacity, udh, remaining;
      let graphemeSpans = null;
      let exact = true;
      if (m.units <= c.singleCapacity) {
        [parts, capacity, udh, remaining] = [1, c.singleCapacity, c.singleUdh, c.singleCapacity - m.units];
      } else if (keepGraphemes && c.costs === null) {
        // Whole clusters only add parts to the walk by characters: they are looked for only when
        // that walk fits in MAX_PARTS, and only until they need more (then the count is a bound).
        if (m.parts > MAX_PARTS) {
          [parts, capacity, udh, remaining, exact] = [m.parts, c.multiCapacity, c.multiUdh, 0, false];
        } else {
          const starts = [0];
          const used = walk(text, null, c.multiCapacity, true, (at) => starts.push(at) - 1 === MAX_PARTS);
          exact = starts.length <= MAX_PARTS;
          [parts, capacity, udh] = [starts.length, c.multiCapacity, c.multiUdh];
          remaining = exact ? c.multiCapacity - used : 0;
          graphemeSpans = starts;
        }
      } else {
        [parts, capacity, udh, remaining] = [m.parts, c.multiCapacity, c.multiUdh, c.multiCapacity - m.used];
      }
      const key = [parts, groupRank, -remaining, c.variant.headerElements, variantRank];
      if (bestKey === null || compareKeys(key, bestKey) < 0) {
        bestKey = key;
        best = { c, units: m.units, parts, capacity, udh, remaining, graphemeSpans, exact };
      }
    }
  }
  if (best === null) {
    // The candidate with the fewest offending characters (the first of equals) is reported.
    let worst = null;
    for (const [enc, c] of failures) {
      const n = offending(text, c, 0).count;
      if (worst === null || n < worst[2]) worst = [enc, c, n];
    }
    const { chars, count } = offending(text, worst[1], MAX_REPORTED);
    throw new EncodingError(groups.length === 1 ? groups[0][0] : worst[0], chars, count);
  }
  const v = best.c.variant;
  if (best.parts > MAX_PARTS) throw new TooManyPartsError(v.encoding, best.parts, best.exact);
  let starts = best.graphemeSpans;
  if (starts === null) {
    starts = [0];
    if (best.parts > 1) walk(text, best.c.costs, best.capacity, false, (at) => starts.push(at));
  }
  return {
    encoding: v.encoding,
    parts: best.parts,
    units: best.units,
    lockingShift: v.locking,
    singleShift: v.single,
    udhOctets: best.udh,
    capacity: best.capacity,
    remaining: best.remaining,
    spans: starts.map((s, j) => [s, j + 1 < starts.length ? starts[j + 1] : text.length]),
    nonGsm: nonGsmOf(text),
  };
}

/** The texts of the parts analyze() finds, in order; their join is `text`. */
export function split(text, options) {
  return analyze(text, options).spans.map(([a, b]) => text.slice(a, b));
}

// A code as ISO writes it, blanks around it ignored (Python's _text.code_case): ASCII only is put
// in capitals, since toUpperCase also makes "ſ" an S and "ı" an I ("uſ" would read as US).
function codeCase(value) {
  const code = value.replace(PY_STRIP, "");
  return /^[\x00-\x7f]*$/.test(code) ? code.toUpperCase() : code;
}

/** The `allowed` list for messages to an ISO 3166-1 alpha-2 country (Python's national_encodings). */
export function nationalEncodings(country) {
  if (typeof country !== "string") throw new TypeError(`country must be a string, not ${typeName(country)}`);
  const code = codeCase(country);
  if (!COUNTRIES.has(code)) {
    // A slip (TU for TR) would otherwise get no national table, silently.
    throw new RangeError(`country must be an ISO 3166-1 alpha-2 code such as 'IN', not ${pyRepr(country)}`);
  }
  return ["gsm", ...(PRESET_ENCODINGS[code] || []), UTF16];
}

// ---- smart encoding (nrs_codec/core/smart.py) ------------------------------------------------

/** Look-alike -> GSM replacement ("" removes an invisible character), as Python's LOOKALIKES. */
export const LOOKALIKES = Object.freeze({
  // single quotes, apostrophes, primes and accents used as apostrophes
  "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u2035": "'",
  "\u2039": "'", "\u203a": "'", "\u00b4": "'", "\u0060": "'", "\u02bc": "'", "\u02b9": "'",
  "\uff07": "'",
  // double quotes, guillemets and double primes
  "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u2036": '"',
  "\u00ab": '"', "\u00bb": '"', "\u02ba": '"', "\uff02": '"',
  // hyphens, dashes and the minus sign
  "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
  "\u2212": "-", "\u2043": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
  // ellipsis and two-dot leader
  "\u2026": "...", "\u2025": "..",
  // spaces: no-break, fixed-width, narrow, ideographic, tab
  "\u00a0": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ",
  "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
  "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": " ",
  // invisible characters: zero-width space, word joiner, byte order mark, soft hyphen
  "\u200b": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
  // line and paragraph separators
  "\u2028": "\n", "\u2029": "\n",
  // bullets
  "\u2022": "-", "\u2023": "-", "\u25e6": "-", "\u2219": "-", "\u25aa": "-", "\u25cf": "-",
  // modifier letters and symbols with a GSM twin
  "\u02c6": "^", "\u02dc": "~", "\u2044": "/", "\u2215": "/", "\u00a6": "|", "\u2223": "|",
  "\u2216": "\\", "\uff5e": "~",
}); // prettier-ignore

const LOOKALIKE_CLASS = "[" + Object.keys(LOOKALIKES).map((c) => "\\u" + hex(c.charCodeAt(0), 4)).join("") + "]";
const FIND_LOOKALIKE = new RegExp(LOOKALIKE_CLASS, "g");
const ANY_LOOKALIKE = new RegExp(LOOKALIKE_CLASS);
const translate = (s) => s.replace(FIND_LOOKALIKE, (c) => LOOKALIKES[c]);

/**
 * `text` with decomposed letters composed (NFC) and look-alikes replaced by GSM characters:
 * { text, replacements: [[index, from, to, kind], ...] }, kind "composition" or "look-alike",
 * index in UTF-16 code units of the original text.
 */
export function smartEncode(text) {
  if (typeof text !== "string") throw new TypeError(`text must be a string, not ${typeName(text)}`);
  const replacements = [];
  if (text.normalize("NFC") === text) {
    for (const m of text.matchAll(FIND_LOOKALIKE)) replacements.push([m.index, m[0], LOOKALIKES[m[0]], "look-alike"]);
    return { text: replacements.length ? translate(text) : text, replacements };
  }
  // Composition never crosses an extended grapheme cluster: each cluster on its own.
  let out = "";
  for (const { segment, index } of clusters(text)) {
    const composed = segment.normalize("NFC");
    const after = translate(composed);
    if (after !== segment) replacements.push([index, segment, after, after !== composed ? "look-alike" : "composition"]);
    out += after;
  }
  return { text: out, replacements };
}

function codePoints(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 === s.length) n++;
    else {
      const d = s.charCodeAt(i + 1);
      n++;
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

// ---- suggestions (nrs_codec/core/suggest.py) -------------------------------------------------

export const SHORTENER = "POST /api/rest/shortener/shorten";
export const SHORT_LINK = "https://sms.tl/xxxxxx";
export const SUGGESTION_KINDS = Object.freeze(["smart-encoding", "line-endings", "shorten-urls", "encoding"]);
const URL_RE = new RegExp(`https?://[^${PY_SPACE}<>"'\`]+`, "giu");
const TRAILING = ".,;:!?";
const CLOSING = { ")": "(", "]": "[", "}": "{" };
const NAMES = { "smart-encoding": "smart encoding", "line-endings": "LF line breaks", "shorten-urls": "shortened links" };
// The most characters a message can have and still be sent: 255 parts of 153 one-unit characters.
const MOST_CHARACTERS = MAX_PARTS * capacityOf(true, udhOctets(0, true, false, 0));

function count(s, sub, start = 0, end = s.length) {
  return s.slice(start, end).split(sub).length - 1;
}

/** [start, end] of each http(s) link in `text` (UTF-16), trailing punctuation left out. */
export function findUrls(text) {
  const spans = [];
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index;
    let end = start + m[0].length;
    while (end > start) {
      const last = text[end - 1];
      const opened = CLOSING[last];
      if (TRAILING.includes(last) || (opened && count(text, opened, start, end) < count(text, last, start, end))) end--;
      else break;
    }
    spans.push([start, end]);
  }
  return spans;
}

function smartChange(text) {
  if (!ANY_LOOKALIKE.test(text)) return null;
  const s = smartEncode(text);
  if (!s.replacements.length) return null;
  const shown = listing(s.replacements.map(([, before, after]) => `${pyRepr(before)}->${pyRepr(after)}`));
  return [s.text, `replace ${plural(s.replacements.length, "typographic look-alike")} with GSM characters (${shown})`];
}

function lineEndingsChange(text) {
  if (!text.includes("\r")) return null;
  const crlf = count(text, "\r\n");
  const lone = count(text, "\r") - crlf;
  const what = [crlf ? `${crlf} CR LF` : "", lone ? `${lone} lone CR` : ""].filter(Boolean).join(" and ");
  return [text.replaceAll("\r\n", "\n").replaceAll("\r", "\n"), `write the line breaks as LF (${what})`];
}

function shortenChange(text) {
  if (!text.includes("://")) return null;
  const spans = findUrls(text).filter(([a, b]) => codePoints(text.slice(a, b)) > SHORT_LINK.length);
  if (!spans.length) return null;
  let out = "";
  let last = 0;
  for (const [a, b] of spans) {
    out += text.slice(last, a) + SHORT_LINK;
    last = b;
  }
  out += text.slice(last);
  return [
    out,
    `shorten ${plural(spans.length, "link")} with the provider's shortener (${SHORTENER}); its links ` +
      `are https://sms.tl/ and 6 characters, shown as ${SHORT_LINK} until you put the real ones in`,
  ];
}

const TEXT_CHANGES = { "smart-encoding": smartChange, "line-endings": lineEndingsChange, "shorten-urls": shortenChange };

function better(after, before) {
  if (after === null) return false;
  if (before === null) return true;
  if (after.parts !== before.parts) return after.parts < before.parts;
  return before.encoding === UTF16 && after.encoding !== UTF16;
}

const rankLess = (a, b) => a.parts < b.parts || (a.parts === b.parts && a.encoding !== UTF16 && b.encoding === UTF16);

function shortest(text) {
  let invisible = 0;
  for (const [c, r] of Object.entries(LOOKALIKES)) if (!r) invisible += count(text, c);
  return codePoints(text.normalize("NFC")) - invisible;
}

function hopeless(text) {
  if (text.length <= MOST_CHARACTERS || codePoints(text) <= MOST_CHARACTERS) return false;
  let urls = 0;
  if (text.includes("://")) {
    for (const [a, b] of findUrls(text)) urls += Math.max(0, codePoints(text.slice(a, b)) - SHORT_LINK.length);
  }
  return shortest(text) - urls > MOST_CHARACTERS;
}

function* combinations(items, size, from = 0) {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - size; i++) {
    for (const rest of combinations(items, size - 1, i + 1)) yield [items[i], ...rest];
  }
}

/**
 * The changes to `text` that save parts or avoid utf-16 (Python's suggest): each
 * { kind, kinds, description, partsBefore, partsAfter, encodingBefore, encodingAfter, text }.
 * Takes analyze()'s options and `encodings`, those an "encoding" suggestion may move to.
 */
export function suggest(text, options) {
  if (typeof text !== "string") throw new TypeError(`text must be a string, not ${typeName(text)}`);
  checkText(text);
  if (hopeless(text)) return [];
  const o = readOptions(options, ["encodings"]);
  const encoding = o.encoding ?? "auto";
  const allowed = o.allowed ?? DEFAULT_ALLOWED;
  const encodings = o.encodings ?? DEFAULT_ALLOWED;
  const common = { keepGraphemes: o.keepGraphemes, ref16: o.ref16, extraUdh: o.extraUdh, forceShifts: o.forceShifts };
  plan(encoding, allowed, o.ref16 ?? false, o.extraUdh ?? 0, o.forceShifts ?? false);
  plan("auto", encodings, o.ref16 ?? false, o.extraUdh ?? 0, o.forceShifts ?? false);
  const forced = normalizeEncoding(encoding);
  const names = [...allowed].map((e) => normalizeEncoding(e, false));
  const offered = [...encodings].map((e) => normalizeEncoding(e, false));
  const first = forced === "auto" ? names : [forced];
  // The caller's order first, the other encodings on offer after, utf-16 last: at equal parts the
  // suggestion is the one that avoids utf-16.
  const ordered = [...new Set([...first, ...offered])].filter((e) => e !== UTF16);
  const widest = [...first, ...offered].includes(UTF16) ? [...ordered, UTF16] : ordered;
  const named = new Set(names);
  const narrower = forced !== "auto" || (widest.length > named.size && [...named].every((n) => widest.includes(n)));

  const changes = {};
  for (const [kind, change] of Object.entries(TEXT_CHANGES)) {
    const found = change(text);
    if (found !== null) changes[kind] = found;
  }
  const applicable = [...Object.keys(changes), ...(narrower ? ["encoding"] : [])];
  if (!applicable.length) return [];

  const outcome = (t, widen) => {
    try {
      return widen
        ? analyze(t, { ...common, encoding: "auto", allowed: widest })
        : analyze(t, { ...common, encoding, allowed: names });
    } catch (e) {
      if (e instanceof EncodingError || e instanceof TooManyPartsError) return null;
      throw e;
    }
  };
  let before = null;
  let failure = "";
  try {
    before = analyze(text, { ...common, encoding, allowed: names });
  } catch (e) {
    if (e instanceof EncodingError) failure = `error 113 (${e.encoding} cannot carry ${plural(e.count, "character")})`;
    else if (e instanceof TooManyPartsError)
      failure = `more than 255 parts (${e.exact ? "" : "at least "}${e.parts} as ${e.encoding})`;
    else throw e;
  }
  const apply = (kinds) => {
    let changed = text;
    for (const kind of kinds) {
      const found = kind in TEXT_CHANGES ? TEXT_CHANGES[kind](changed) : null;
      if (found !== null) changed = found[0]; // an earlier change may have left nothing for this one
    }
    return [changed, outcome(changed, kinds.includes("encoding"))];
  };

  const out = [];
  const singles = [];
  for (const kind of applicable) {
    const [changed, after] = apply([kind]);
    if (after !== null) singles.push(after);
    if (!better(after, before)) continue;
    let what;
    if (kind === "encoding") {
      what =
        forced !== "auto"
          ? `send as ${after.encoding} instead of the requested ${forced}`
          : `allow ${after.encoding} (allowed: ${names.join(", ")})`;
    } else what = changes[kind][1];
    out.push(suggestion(kind, [kind], what, before, failure, after, changed));
  }
  let best = null;
  for (let size = 2; size <= applicable.length; size++) {
    for (const kinds of combinations(applicable, size)) {
      const [changed, after] = apply(kinds);
      if (after !== null && (best === null || rankLess(after, best[2]))) best = [kinds, changed, after];
    }
  }
  if (best !== null) {
    const [kinds, changed, after] = best;
    let alone = null;
    for (const s of singles) if (alone === null || rankLess(s, alone)) alone = s;
    if (better(after, before) && (alone === null || rankLess(after, alone))) {
      const together = kinds.map((k) => NAMES[k] || `encoding ${after.encoding}`);
      const what = `${together.slice(0, -1).join(", ")} and ${together[together.length - 1]} together`;
      const note = alone === null ? "" : ` (the best of them alone: ${alone.encoding} in ${plural(alone.parts, "part")})`;
      out.push(suggestion("combined", kinds, what, before, failure, after, changed, note));
    }
  }
  return out;
}

function suggestion(kind, kinds, what, before, failure, after, text, note = "") {
  const was = before === null ? failure : `${before.encoding} in ${plural(before.parts, "part")}`;
  return {
    kind,
    kinds,
    description: `${what.slice(0, 1).toUpperCase()}${what.slice(1)}: ${after.encoding} in ${plural(after.parts, "part")} instead of ${was}${note}.`,
    partsBefore: before === null ? null : before.parts,
    partsAfter: after.parts,
    encodingBefore: before === null ? null : before.encoding,
    encodingAfter: after.encoding,
    text,
  };
}

// ---- cost, in exact decimals (nrs_codec/provider/money.py) -----------------------------------

const DECIMAL = /^([+-]?)(?:(\d(?:_?\d)*)(?:\.(\d(?:_?\d)*)?)?|\.(\d(?:_?\d)*))(?:[eE]([+-]?\d(?:_?\d)*))?$/;

/** A decimal amount as [coefficient (BigInt), exponent]: text, a bigint, or an integer number. */
function parseDecimal(value, what) {
  let text;
  if (typeof value === "bigint") text = value.toString();
  else if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`${what} ${value} is not a finite number`);
    text = String(value); // its shortest text, as Python reads a float
  } else if (typeof value === "string") text = value.replace(PY_STRIP, "");
  else throw new TypeError(`${what} ${String(value)} must be a decimal number, not a ${typeName(value)}`);
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`${what} ${JSON.stringify(value)} is not a decimal number`);
  const [, sign, whole = "", fraction = "", bare = "", exponent = "0"] = m;
  const digits = (whole + (bare || fraction)).replaceAll("_", "") || "0";
  const exp = Number(exponent.replaceAll("_", "")) - (bare || fraction).replaceAll("_", "").length;
  return [BigInt(sign + digits), exp, sign === "-"];
}

/** Fixed-point text of coefficient * 10^exponent with the digits it has (Python's format(d, "f")). */
function formatDecimal(coef, exp, negative) {
  let digits = (coef < 0n ? -coef : coef).toString();
  const sign = coef < 0n || (negative && coef === 0n) ? "-" : "";
  if (exp >= 0) return sign + digits + (coef === 0n && exp > 0 ? "" : "0".repeat(exp));
  digits = digits.padStart(-exp + 1, "0");
  return `${sign}${digits.slice(0, exp)}.${digits.slice(exp)}`;
}

/**
 * What a message costs: `a` an analysis (or its parts), `price` per part as decimal text such as
 * "0.0050", `recipients` how many (default 1). Amounts are exact decimal strings with the
 * price's digits: { parts, recipients, totalSmsParts, price, perRecipient, cost, currency }.
 */
export function cost(a, { recipients = 1, price, currency } = {}) {
  const parts = typeof a === "number" ? a : a && a.parts;
  if (!Number.isInteger(parts) || parts < 0) throw new TypeError("cost needs an analysis or its number of parts");
  if (!(Number.isInteger(recipients) && recipients >= 0) && !(typeof recipients === "bigint" && recipients >= 0n)) {
    throw new RangeError(`recipients must be a whole number, 0 or more, not ${String(recipients)}`);
  }
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(codeCase(currency))) {
    throw new RangeError(`currency ${JSON.stringify(currency)} is not an ISO 4217 code such as EUR`);
  }
  const [coef, exp, negative] = parseDecimal(price, "price");
  if (negative && coef !== 0n) throw new RangeError(`price ${JSON.stringify(price)} must be 0 or more`);
  const each = coef * BigInt(parts);
  const all = BigInt(recipients);
  return {
    parts,
    recipients: Number(recipients),
    totalSmsParts: Number(BigInt(parts) * all),
    price: formatDecimal(coef, exp, negative),
    perRecipient: formatDecimal(each, exp, negative),
    cost: formatDecimal(each * all, exp, negative),
    currency: codeCase(currency),
  };
}

// ---- attach: a live counter on any page (the SPEC §7 hooks) ----------------------------------

const ATTACHED = new WeakMap();
const ATTACH_OPTIONS = [...OPTIONS, "encodings", "root", "prices", "destination", "recipients", "maxParts", "onUpdate"];

function priceOf(prices, destination) {
  if (!prices) return null;
  if (prices.price !== undefined) return { price: prices.price, currency: prices.currency };
  const table = { ...(prices.prefixes || {}), ...(prices.countries || {}) };
  const where = destination ?? Object.keys(prices.countries || {})[0];
  return where !== undefined && table[where] !== undefined ? { price: table[where], currency: prices.currency } : null;
}

function recipientsOf(recipients) {
  if (recipients == null) return 1;
  if (typeof recipients === "object" && "value" in recipients) {
    const n = Number(recipients.value);
    return Number.isInteger(n) && n >= 0 ? n : 1;
  }
  return recipients;
}

function fill(root, field, value) {
  for (const el of root.querySelectorAll(`[data-field="${field}"]`)) {
    const text = value == null ? "" : String(value);
    if (el.textContent !== text) el.textContent = text;
  }
}

// Each part in an element data-part="N" (N from 1), the characters outside GSM in
// data-non-gsm="INDEX" (UTF-16 index) marks; built with DOM nodes, never HTML.
function renderParts(doc, view, text, a) {
  const nonGsm = new Map(a ? a.nonGsm : []);
  const frag = doc.createDocumentFragment();
  (a ? a.spans : [[0, text.length]]).forEach(([start, end], j) => {
    const part = doc.createElement("span");
    part.dataset.part = String(j + 1);
    let run = start;
    for (let i = start; i < end; i++) {
      const ch = nonGsm.get(i);
      if (ch === undefined) continue;
      if (run < i) part.append(text.slice(run, i));
      const mark = doc.createElement("mark");
      mark.dataset.nonGsm = String(i);
      mark.textContent = ch;
      part.append(mark);
      run = i + ch.length;
      i = run - 1;
    }
    if (run < end) part.append(text.slice(run, end));
    frag.append(part);
  });
  view.replaceChildren(frag);
}

function renderSuggestions(doc, list, suggestions, apply) {
  const frag = doc.createDocumentFragment();
  for (const s of suggestions) {
    const item = doc.createElement(list.tagName === "UL" || list.tagName === "OL" ? "li" : "div");
    item.dataset.suggestion = s.kind;
    const button = doc.createElement("button");
    button.type = "button";
    button.textContent = "Apply";
    button.addEventListener("click", () => apply(s.text));
    item.append(s.description + " ", button);
    frag.append(item);
  }
  list.replaceChildren(frag);
}

/**
 * A live counter on `textarea`: on every input event it analyses the text locally and fills the
 * elements with data-field="encoding", "parts", "units", "remaining", "capacity", "udhOctets",
 * "lockingShift", "singleShift", "totalSmsParts", "cost", "currency", "error", the parts view
 * (data-field="preview": data-part and data-non-gsm elements) and the suggestions
 * (data-field="suggestions": data-suggestion elements with an Apply button) under `root`.
 */
export function attach(textarea, options = {}) {
  if (!textarea || typeof textarea.addEventListener !== "function") throw new TypeError("attach needs a textarea element");
  for (const name of Object.keys(options)) {
    if (!ATTACH_OPTIONS.includes(name)) throw new TypeError(`unknown option ${JSON.stringify(name)}`);
  }
  const previous = ATTACHED.get(textarea);
  if (previous) previous.detach();
  let o = { ...options };
  const doc = textarea.ownerDocument;
  const root = () => o.root || textarea.closest("[data-nrs-codec-root]") || textarea.parentElement || doc;
  const recipientsInput = () =>
    o.recipients !== undefined ? o.recipients : root().querySelector("input[data-field='recipients'], #recipients");
  let state = null;

  const update = () => {
    const r = root();
    const text = textarea.value;
    const engine = {};
    for (const name of OPTIONS) if (o[name] !== undefined) engine[name] = o[name];
    let analysis = null;
    let error = null;
    try {
      analysis = analyze(text, engine);
    } catch (e) {
      if (!(e instanceof EncodingError || e instanceof TooManyPartsError || e instanceof InvalidTextError)) throw e;
      error = e;
    }
    const maxParts = o.maxParts ?? 1;
    // Empty or only blanks (Python's str.strip()): the provider's 104, as pre-flight says, which
    // reads the message before its encoding or parts (a blank text is never 422's).
    let providerError = isBlank(text) ? CODES.TEXT_MISSING : error ? error.code : null;
    if (!providerError && analysis.parts > maxParts) providerError = CODES.TEXT_TOO_LONG;
    const recipients = recipientsOf(recipientsInput());
    const price = priceOf(o.prices, o.destination);
    const charge = analysis && price ? cost(analysis, { ...price, recipients }) : null;
    let suggestions = [];
    if (!(error instanceof InvalidTextError)) {
      suggestions = suggest(text, o.encodings === undefined ? engine : { ...engine, encodings: o.encodings });
    }
    const fields = {
      encoding: analysis?.encoding,
      parts: analysis?.parts,
      units: analysis?.units,
      remaining: analysis?.remaining,
      capacity: analysis?.capacity,
      udhOctets: analysis?.udhOctets,
      lockingShift: analysis?.lockingShift,
      singleShift: analysis?.singleShift,
      totalSmsParts: analysis ? analysis.parts * recipients : null,
      cost: charge?.cost,
      currency: charge?.currency,
      error: providerError === null ? "" : `${providerError}: ${providerMessage(providerError, error, analysis, maxParts, text)}`,
    };
    for (const [field, value] of Object.entries(fields)) fill(r, field, value);
    r.dataset.nrsState = providerError === null ? "ok" : "error";
    for (const view of r.querySelectorAll("[data-field='preview']")) renderParts(doc, view, text, analysis);
    for (const list of r.querySelectorAll("[data-field='suggestions']")) {
      renderSuggestions(doc, list, suggestions, (changed) => {
        textarea.value = changed;
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
      });
    }
    state = { text, analysis, error, providerError, cost: charge, suggestions };
    if (o.onUpdate) o.onUpdate(state);
    return state;
  };

  const onRecipients = (event) => {
    const input = recipientsInput();
    if (input && event.target === input) update();
  };
  textarea.addEventListener("input", update);
  doc.addEventListener("input", onRecipients);
  const handle = {
    update,
    setOptions(more) {
      o = { ...o, ...more };
      return update();
    },
    detach() {
      textarea.removeEventListener("input", update);
      doc.removeEventListener("input", onRecipients);
      ATTACHED.delete(textarea);
    },
    get state() {
      return state;
    },
  };
  ATTACHED.set(textarea, handle);
  update();
  return handle;
}

function providerMessage(code, error, analysis, maxParts, text) {
  if (code === CODES.TEXT_MISSING) return text === "" ? "the message is empty" : "the message is only blanks";
  if (code === CODES.TEXT_TOO_LONG && analysis) {
    return `${plural(analysis.parts, "part")}, more than the request's parts (${maxParts}) allows`;
  }
  return error.message;
}

const listOf = (value) => (value ? value.split(",").map((s) => s.trim()).filter(Boolean) : undefined);

/** attach() every <textarea data-nrs-codec> under `root`, its options read from data- attributes. */
export function attachAll(root = globalThis.document) {
  const out = [];
  for (const textarea of root.querySelectorAll("textarea[data-nrs-codec]")) {
    if (ATTACHED.has(textarea)) continue;
    const d = textarea.dataset;
    const options = {};
    if (d.encoding) options.encoding = d.encoding;
    if (d.allowed) options.allowed = listOf(d.allowed);
    if (d.keepGraphemes !== undefined) options.keepGraphemes = d.keepGraphemes !== "false";
    if (d.maxParts) options.maxParts = Number(d.maxParts);
    if (d.price && d.currency) options.prices = { price: d.price, currency: d.currency };
    out.push(attach(textarea, options));
  }
  return out;
}

// A page that includes the module gets a counter on each <textarea data-nrs-codec> without code.
if (typeof document !== "undefined" && typeof document.querySelectorAll === "function") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => attachAll());
  else attachAll();
}
