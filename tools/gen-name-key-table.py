#!/usr/bin/env python3
"""Writes ChatRoom.Web/Names/NameKeyTable.g.cs: what NameKey needs to compute a name's UTS #39
skeleton of its NFKC case fold without ICU (the server runs with invariant globalization).

Sources, named exactly (Debian bookworm packages):
- ICU 72.1 (libicu72 72.1-3+deb12u1), called through ctypes: its NFKC_Casefold normalizer and
  uspoof_getSkeleton, which holds Unicode 15.0's confusables.txt (UTS #39). No confusables.txt
  ships in any package here, so ICU's compiled copy is the source.
- unicode-data 15.0.0-1, /usr/share/unicode/: UnicodeData.txt (general categories, canonical
  combining classes) and DerivedCoreProperties.txt (Default_Ignorable_Code_Point).

For every letter, decimal digit or mark (the characters a name may hold) other than Hangul
syllables, the table holds skeleton(NFKC_Casefold(c)) where that differs from c. NameKey maps a
name character by character, decomposes Hangul syllables to jamo arithmetically, and puts marks in
canonical order before and after; this script checks that this equals ICU's skeleton(NFKC_Casefold(name)) for every
such character and for random names before it writes anything.

Run from the repository root: python3 tools/gen-name-key-table.py [--dump] (--dump prints the
table as text instead: "code point: key code points").
"""
import base64
import ctypes
import random
import sys
import zlib

UNICODE = '/usr/share/unicode/'
ICU_VERSION = '72'
uc = ctypes.CDLL('libicuuc.so.' + ICU_VERSION)
i18n = ctypes.CDLL('libicui18n.so.' + ICU_VERSION)


def icu(name, library):
    function = getattr(library, name + '_' + ICU_VERSION)
    function.restype = ctypes.c_void_p
    return function


def status_checked(call):
    status = ctypes.c_int(0)
    result = call(ctypes.byref(status))
    if status.value > 0:
        raise RuntimeError('ICU error %d' % status.value)
    return result


spoof = status_checked(icu('uspoof_open', i18n))
nfkc_casefold = status_checked(icu('unorm2_getNFKCCasefoldInstance', uc))
get_skeleton = getattr(i18n, 'uspoof_getSkeleton_' + ICU_VERSION)
normalize = getattr(uc, 'unorm2_normalize_' + ICU_VERSION)


def utf16_call(function, handle, text, *leading):
    data = text.encode('utf-16-le')
    source = (ctypes.c_uint16 * (len(data) // 2)).from_buffer_copy(data)
    target = (ctypes.c_uint16 * 1024)()
    length = status_checked(lambda status: function(ctypes.c_void_p(handle), *leading, source, len(data) // 2, target, 1024, status))
    return bytes(target)[:2 * length].decode('utf-16-le')


def reference_key(text):
    return utf16_call(get_skeleton, spoof, utf16_call(normalize, nfkc_casefold, text), 0)


categories, classes = {}, {}
for line in open(UNICODE + 'UnicodeData.txt'):
    fields = line.split(';')
    code = int(fields[0], 16)
    if fields[1].endswith('First>'):
        first = code
        continue
    for c in range(first if fields[1].endswith('Last>') else code, code + 1):
        categories[c] = fields[2]
        if int(fields[3]):
            classes[c] = int(fields[3])

ignorable = []
for line in open(UNICODE + 'DerivedCoreProperties.txt'):
    if '; Default_Ignorable_Code_Point' in line:
        span = [int(x, 16) for x in line.split(';')[0].strip().split('..')]
        start, end = span[0], span[-1]
        if ignorable and ignorable[-1][1] + 1 == start:
            ignorable[-1][1] = end
        else:
            ignorable.append([start, end])
ignored = {c for start, end in ignorable for c in range(start, end + 1)}


def is_hangul_syllable(c):
    return 0xAC00 <= c <= 0xD7A3


name_characters = sorted(c for c, category in categories.items()
                         if (category[0] == 'L' or category in ('Nd', 'Mn', 'Mc')) and c not in ignored)
nfd = status_checked(icu('unorm2_getNFDInstance', uc))


def jamo(c):
    index = c - 0xAC00
    parts = [0x1100 + index // 588, 0x1161 + (index % 588) // 28]
    return parts + ([0x11A7 + index % 28] if index % 28 else [])


# Stage one, per character: NFKC_Casefold, decomposed (NFD), as toNFKC_Casefold maps each
# character before anything is ordered. Hangul syllables decompose arithmetically instead.
folds = {}
for c in name_characters:
    if not is_hangul_syllable(c):
        image = utf16_call(normalize, nfd, utf16_call(normalize, nfkc_casefold, chr(c)))
        if image != chr(c):
            folds[c] = image

# Stage two, per character of a folded name: the confusable prototype, decomposed (the skeleton
# is NFD, map, NFD; its input here is already NFD).
folded = {ord(x) for image in folds.values() for x in image} | {c for c in name_characters if c not in folds}
prototypes = {}
for c in sorted(folded):
    if not is_hangul_syllable(c):
        prototype = utf16_call(get_skeleton, spoof, chr(c), 0)
        if prototype != chr(c):
            prototypes[c] = prototype


def in_canonical_order(code_points):
    out = list(code_points)
    for i in range(1, len(out)):
        j = i
        while classes.get(out[j], 0) and j > 0 and classes.get(out[j - 1], 0) > classes[out[j]]:
            out[j - 1], out[j] = out[j], out[j - 1]
            j -= 1
    return out


def table_key(text):
    """What NameKey computes, for the check: folded, marks ordered, mapped, marks ordered again."""
    source = []
    for ch in text:
        source.extend(jamo(ord(ch)) if is_hangul_syllable(ord(ch)) else [ord(x) for x in folds.get(ord(ch), ch)])
    mapped = []
    for c in in_canonical_order(source):
        mapped.extend(ord(x) for x in prototypes.get(c, chr(c)))
    return ''.join(map(chr, in_canonical_order(mapped)))


mismatches = [c for c in name_characters if table_key(chr(c)) != reference_key(chr(c))]
rng = random.Random(39)
marks = [c for c in name_characters if categories[c] in ('Mn', 'Mc')]
samples = []
for _ in range(20000):
    picks = [rng.choice(name_characters if rng.random() < 0.7 else marks) for _ in range(rng.randint(1, 6))]
    samples.append(''.join(map(chr, picks)))
odd = [0x0345, 0x0F73, 0x0F75, 0x0F81, 0xFF9E, 0xFF9F, 0x0F71, 0x0F72, 0x0F74, 0x0F80, 0x3099, 0x309A]
for _ in range(5000):
    samples.append(''.join(chr(rng.choice(odd if rng.random() < 0.5 else marks)) for _ in range(rng.randint(1, 6))))
mismatches += [s for s in samples if table_key(s) != reference_key(s)]
if mismatches:
    sys.exit('NameKey would differ from ICU for %d names, e.g. %r' % (len(mismatches), mismatches[:5]))


def varints(values):
    out = bytearray()
    for value in values:
        while value > 0x7F:
            out.append(0x80 | (value & 0x7F))
            value >>= 7
        out.append(value)
    return out


if '--dump' in sys.argv:
    for title, table in (('folds', folds), ('prototypes', prototypes)):
        print('#', title)
        for c, image in sorted(table.items()):
            print('%04X: %s' % (c, ' '.join('%04X' % ord(x) for x in image)))
    sys.exit()


def mappings(table):
    """Count, then per entry: distance from the previous code point, the image's length, its code points."""
    out = varints([len(table)])
    previous = 0
    for c, image in sorted(table.items()):
        out += varints([c - previous, len(image)] + [ord(x) for x in image])
        previous = c
    return out


# Folds, prototypes, then classes: count, then per marked code point its distance and its class.
data = mappings(folds) + mappings(prototypes) + varints([len(classes)])
previous = 0
for c, cc in sorted(classes.items()):
    data += varints([c - previous, cc])
    previous = c
packed = base64.b64encode(zlib.compress(bytes(data), 9)).decode()

lines = ['        "%s" +' % packed[i:i + 120] for i in range(0, len(packed), 120)]
lines[-1] = lines[-1][:-2] + ';'
with open('ChatRoom.Web/Names/NameKeyTable.g.cs', 'w') as out:
    out.write('// <auto-generated> by tools/gen-name-key-table.py from ICU 72.1 (Unicode 15.0 confusables, NFKC_Casefold)\n'
              '// and unicode-data 15.0.0; do not edit. </auto-generated>\n')
    out.write('namespace ChatRoom.Names;\n\ninternal static class NameKeyTable\n{\n')
    out.write('    /// <summary>Default_Ignorable_Code_Point, as inclusive ranges: first, last.</summary>\n')
    out.write('    public static ReadOnlySpan<int> IgnorableRanges =>\n    [\n')
    for i in range(0, len(ignorable), 6):
        out.write('        ' + ' '.join('0x%04X, 0x%04X,' % tuple(r) for r in ignorable[i:i + 6]) + '\n')
    out.write('    ];\n\n')
    out.write('    /// <summary>\n    /// zlib, base64: each name character\'s NFKC case fold (decomposed), each folded character\'s\n'
              '    /// confusable prototype, each mark\'s canonical combining class (layout: tools/gen-name-key-table.py).\n    /// </summary>\n')
    out.write('    public const string Packed =\n' + '\n'.join(lines) + '\n}\n')
print(len(folds), 'folds,', len(prototypes), 'prototypes,', len(classes), 'mark classes,', len(ignorable), 'ignorable ranges,', len(packed), 'characters packed;',
      len(samples), 'random names checked')
