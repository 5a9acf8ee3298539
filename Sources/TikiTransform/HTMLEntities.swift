/// The named character references that product descriptions use (HTML 4 Latin-1, symbols and punctuation).
let namedEntities: [String: Unicode.Scalar] = {
    var table: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "ndash": "\u{2013}", "mdash": "\u{2014}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "sbquo": "\u{201A}",
        "ldquo": "\u{201C}", "rdquo": "\u{201D}", "bdquo": "\u{201E}", "hellip": "\u{2026}", "bull": "\u{2022}",
        "middot": "\u{B7}", "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "deg": "\u{B0}",
        "times": "\u{D7}", "divide": "\u{F7}", "plusmn": "\u{B1}", "frac12": "\u{BD}", "frac14": "\u{BC}",
        "frac34": "\u{BE}", "sup2": "\u{B2}", "sup3": "\u{B3}", "micro": "\u{B5}", "para": "\u{B6}",
        "sect": "\u{A7}", "euro": "\u{20AC}", "pound": "\u{A3}", "yen": "\u{A5}", "cent": "\u{A2}",
        "laquo": "\u{AB}", "raquo": "\u{BB}", "iexcl": "\u{A1}", "iquest": "\u{BF}", "shy": "\u{AD}",
        "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}", "zwj": "\u{200D}",
        "larr": "\u{2190}", "rarr": "\u{2192}", "uarr": "\u{2191}", "darr": "\u{2193}", "hearts": "\u{2665}",
        "le": "\u{2264}", "ge": "\u{2265}", "ne": "\u{2260}", "asymp": "\u{2248}", "infin": "\u{221E}",
        "prime": "\u{2032}", "Prime": "\u{2033}", "ordm": "\u{BA}", "ordf": "\u{AA}", "not": "\u{AC}",
        "macr": "\u{AF}", "acute": "\u{B4}", "cedil": "\u{B8}", "uml": "\u{A8}", "curren": "\u{A4}",
        "brvbar": "\u{A6}", "sup1": "\u{B9}", "szlig": "\u{DF}", "dagger": "\u{2020}", "permil": "\u{2030}",
        "check": "\u{2713}", "star": "\u{2606}",
    ]
    // Latin-1 letters U+00C0…U+00FF by their HTML names.
    let latin: [(String, UInt32)] = [
        ("Agrave", 0xC0), ("Aacute", 0xC1), ("Acirc", 0xC2), ("Atilde", 0xC3), ("Auml", 0xC4), ("Aring", 0xC5),
        ("AElig", 0xC6), ("Ccedil", 0xC7), ("Egrave", 0xC8), ("Eacute", 0xC9), ("Ecirc", 0xCA), ("Euml", 0xCB),
        ("Igrave", 0xCC), ("Iacute", 0xCD), ("Icirc", 0xCE), ("Iuml", 0xCF), ("ETH", 0xD0), ("Ntilde", 0xD1),
        ("Ograve", 0xD2), ("Oacute", 0xD3), ("Ocirc", 0xD4), ("Otilde", 0xD5), ("Ouml", 0xD6), ("Oslash", 0xD8),
        ("Ugrave", 0xD9), ("Uacute", 0xDA), ("Ucirc", 0xDB), ("Uuml", 0xDC), ("Yacute", 0xDD), ("THORN", 0xDE),
        ("agrave", 0xE0), ("aacute", 0xE1), ("acirc", 0xE2), ("atilde", 0xE3), ("auml", 0xE4), ("aring", 0xE5),
        ("aelig", 0xE6), ("ccedil", 0xE7), ("egrave", 0xE8), ("eacute", 0xE9), ("ecirc", 0xEA), ("euml", 0xEB),
        ("igrave", 0xEC), ("iacute", 0xED), ("icirc", 0xEE), ("iuml", 0xEF), ("eth", 0xF0), ("ntilde", 0xF1),
        ("ograve", 0xF2), ("oacute", 0xF3), ("ocirc", 0xF4), ("otilde", 0xF5), ("ouml", 0xF6), ("oslash", 0xF8),
        ("ugrave", 0xF9), ("uacute", 0xFA), ("ucirc", 0xFB), ("uuml", 0xFC), ("yacute", 0xFD), ("thorn", 0xFE),
        ("yuml", 0xFF),
    ]
    for (name, value) in latin { table[name] = Unicode.Scalar(value)! }
    return table
}()
